package dev.omnigraph.lang.source;

import java.util.Arrays;
import java.util.Objects;

/**
 * The text of one source file with its display name, mapping between UTF-16 indices, UTF-8 byte
 * offsets, and line/column positions.
 */
public final class SourceText {
  private final String name;
  private final String text;
  // byteOffset[i] is the UTF-8 byte offset of char index i; length text.length() + 1.
  // Null when the text is pure ASCII, where the two coincide.
  private final int[] byteOffsets;
  // Char indices at which each line starts.
  private final int[] lineStarts;
  // lowSurrogatesBefore[i] counts the low surrogates of valid pairs before char index i, so a
  // column in code points is a subtraction; null when the text has none (columns are char counts).
  private final int[] lowSurrogatesBefore;

  private SourceText(String name, String text) {
    this.name = Objects.requireNonNull(name, "name");
    this.text = Objects.requireNonNull(text, "text");
    this.byteOffsets = computeByteOffsets(text);
    this.lineStarts = computeLineStarts(text);
    this.lowSurrogatesBefore = computeLowSurrogatesBefore(text);
  }

  /** A source text named {@code name} (a file name or a label such as {@code <schema>}). */
  public static SourceText of(String name, String text) {
    return new SourceText(name, text);
  }

  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  /** The UTF-8 byte offset of UTF-16 index {@code charIndex}. */
  public int byteOffset(int charIndex) {
    return byteOffsets == null ? charIndex : byteOffsets[charIndex];
  }

  /** The UTF-16 index of UTF-8 byte offset {@code byteOffset} (rounded down to a char start). */
  public int charIndex(int byteOffset) {
    if (byteOffsets == null) {
      return Math.min(byteOffset, text.length());
    }
    int i = Arrays.binarySearch(byteOffsets, byteOffset);
    if (i >= 0) {
      // Offsets inside a surrogate pair repeat; take the first char with this offset.
      while (i > 0 && byteOffsets[i - 1] == byteOffset) {
        i--;
      }
      return i;
    }
    return Math.max(0, -i - 2);
  }

  /** The span covering UTF-16 indices {@code [startChar, endChar)}. */
  public Span span(int startChar, int endChar) {
    return new Span(byteOffset(startChar), byteOffset(endChar));
  }

  /** The line and column of a UTF-8 byte offset. */
  public Position position(int byteOffset) {
    int ci = charIndex(byteOffset);
    int line = lineIndex(ci);
    int start = lineStarts[line];
    int chars = ci - start;
    int col =
        (lowSurrogatesBefore == null
                ? chars
                : chars - (lowSurrogatesBefore[ci] - lowSurrogatesBefore[start]))
            + 1;
    return new Position(line + 1, col);
  }

  /** The text of 1-based line {@code line}, without its line terminator. */
  public String line(int line) {
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] : text.length();
    while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(start, end);
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** The source text covered by {@code span}. */
  public String slice(Span span) {
    return text.substring(charIndex(span.start()), charIndex(span.end()));
  }

  private int lineIndex(int charIndex) {
    int i = Arrays.binarySearch(lineStarts, charIndex);
    return i >= 0 ? i : -i - 2;
  }

  private static int[] computeLineStarts(String text) {
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    int[] starts = new int[count];
    int n = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts[n++] = i + 1;
      }
    }
    return starts;
  }

  private static int[] computeLowSurrogatesBefore(String text) {
    int[] counts = null;
    int seen = 0;
    for (int i = 0; i < text.length(); i++) {
      boolean pairEnd =
          i > 0
              && Character.isLowSurrogate(text.charAt(i))
              && Character.isHighSurrogate(text.charAt(i - 1));
      if (pairEnd && counts == null) {
        counts = new int[text.length() + 1];
      }
      if (counts != null) {
        counts[i] = seen;
      }
      if (pairEnd) {
        seen++;
      }
    }
    if (counts != null) {
      counts[text.length()] = seen;
    }
    return counts;
  }

  private static int[] computeByteOffsets(String text) {
    boolean ascii = true;
    for (int i = 0; i < text.length() && ascii; i++) {
      ascii = text.charAt(i) < 0x80;
    }
    if (ascii) {
      return null;
    }
    int[] offsets = new int[text.length() + 1];
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      offsets[i] = bytes;
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        offsets[i + 1] = bytes;
        bytes += 4;
        i++;
      } else {
        // Includes a lone surrogate, which has no UTF-8 form; counting it as three bytes (its
        // WTF-8 form) keeps offsets strictly increasing.
        bytes += 3;
      }
    }
    offsets[text.length()] = bytes;
    return offsets;
  }
}

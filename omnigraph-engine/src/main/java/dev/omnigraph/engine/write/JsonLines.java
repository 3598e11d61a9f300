package dev.omnigraph.engine.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads newline-delimited UTF-8 text one line at a time with a byte limit per line, so a stream of
 * any length is read in memory bounded by its longest line; {@code \r\n} endings are accepted and
 * blank lines skipped. Lines are numbered from 1.
 */
final class JsonLines {
  /** The longest line accepted, in bytes (upstream's {@code graph_batch_line_bytes}). */
  static final int MAX_LINE_BYTES = 32 << 20;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[64 << 10];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[4096];
  private long number;
  private boolean eof;

  JsonLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The number of the line last returned. */
  long number() {
    return number;
  }

  /** The next non-blank line, without its ending, or empty at the end of the input. */
  Optional<String> next() {
    while (true) {
      int length = readLine();
      if (length < 0) {
        return Optional.empty();
      }
      number++;
      if (length > maxLineBytes) {
        throw new IllegalArgumentException(
            "line "
                + number
                + ": longer than "
                + maxLineBytes
                + " bytes; split the record or load the value another way");
      }
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(line, 0, length))
                .toString();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("line " + number + ": not valid UTF-8 text", e);
      }
      if (!text.isBlank()) {
        return Optional.of(text);
      }
    }
  }

  // Reads up to the next '\n' into `line`, returning its length (past the limit, the length
  // without keeping the bytes), or -1 at the end of the input.
  private int readLine() {
    if (eof && chunkPos >= chunkEnd) {
      return -1;
    }
    int length = 0;
    boolean any = false;
    while (true) {
      if (chunkPos >= chunkEnd) {
        if (!fill()) {
          return any ? length : -1;
        }
      }
      any = true;
      int start = chunkPos;
      int end = start;
      while (end < chunkEnd && chunk[end] != '\n') {
        end++;
      }
      int n = end - start;
      if (length <= maxLineBytes) {
        int keep = Math.min(n, maxLineBytes + 1 - length);
        if (length + keep > line.length) {
          line =
              Arrays.copyOf(
                  line, Math.max(length + keep, Math.min(line.length * 2, maxLineBytes + 1)));
        }
        System.arraycopy(chunk, start, line, length, keep);
      }
      length = (int) Math.min((long) length + n, (long) maxLineBytes + 1);
      chunkPos = end;
      if (end < chunkEnd) {
        chunkPos++;
        return length;
      }
    }
  }

  private boolean fill() {
    if (eof) {
      return false;
    }
    try {
      int n = in.read(chunk);
      if (n < 0) {
        eof = true;
        return false;
      }
      chunkPos = 0;
      chunkEnd = n;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the load input failed at line " + (number + 1), e);
    }
  }
}

package dev.omnigraph.lang.source;

/**
 * A half-open range {@code [start, end)} of UTF-8 byte offsets into a {@link SourceText}; a
 * zero-width span marks a position.
 */
public record Span(int start, int end) {
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** A zero-width span at {@code offset}. */
  public static Span at(int offset) {
    return new Span(offset, offset);
  }

  /** The smallest span that covers both this span and {@code other}. */
  public Span to(Span other) {
    return new Span(Math.min(start, other.start), Math.max(end, other.end));
  }

  public int length() {
    return end - start;
  }
}

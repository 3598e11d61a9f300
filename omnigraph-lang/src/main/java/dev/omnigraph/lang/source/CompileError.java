package dev.omnigraph.lang.source;

import java.util.Objects;
import java.util.Optional;

/**
 * The one error the language front ends throw: a kind, a message that names the problem and the
 * fix, and, where the problem has a place in the source, its span.
 */
public final class CompileError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String detail;
  private final transient Span span;
  private final transient SourceText source;

  public CompileError(ErrorKind kind, String detail, Span span, SourceText source) {
    super(kind.prefix() + detail, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.span = span;
    this.source = span == null ? null : source;
  }

  public CompileError(ErrorKind kind, String detail) {
    this(kind, detail, null, null);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The message without its kind prefix. */
  public String detail() {
    return detail;
  }

  public Optional<Span> span() {
    return Optional.ofNullable(span);
  }

  public Optional<SourceText> source() {
    return Optional.ofNullable(source);
  }

  /** The 1-based line and column where the error starts, when it has a span. */
  public Optional<Position> position() {
    return span == null || source == null
        ? Optional.empty()
        : Optional.of(source.position(span.start()));
  }

  /** This error with a span in {@code source}, unless it already has one. */
  public CompileError withSpan(Span newSpan, SourceText newSource) {
    return span != null ? this : new CompileError(kind, detail, newSpan, newSource);
  }

  /**
   * The error as a human reads it: the message, then {@code file:line:col}, the source line, and a
   * caret underline of the span.
   */
  public String render() {
    return Diagnostics.render(this);
  }
}

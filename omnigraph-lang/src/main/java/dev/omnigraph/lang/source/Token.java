package dev.omnigraph.lang.source;

/** One lexeme: its kind, its exact text, its UTF-8 byte span and its line and column. */
public record Token(Kind kind, String text, Span span, Position position) {
  /** The lexical classes of the two languages. */
  public enum Kind {
    SYMBOL,
    TYPE_NAME,
    IDENT,
    ENUM_VALUE,
    INTEGER,
    FLOAT,
    SIGNED_INTEGER,
    SIGNED_FLOAT,
    STRING,
    BOOL,
    VARIABLE
  }
}

package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Position;
import dev.omnigraph.lang.source.Span;

/**
 * One lexeme of a schema: its kind, its exact text, its UTF-8 byte span and its line and column.
 */
record Token(Kind kind, String text, Span span, Position position) {
  /** The lexical classes of the schema language (§1.1 of the spec). */
  enum Kind {
    SYMBOL,
    TYPE_NAME,
    IDENT,
    ENUM_VALUE,
    INTEGER,
    FLOAT,
    SIGNED_INTEGER,
    SIGNED_FLOAT,
    STRING,
    BOOL
  }
}

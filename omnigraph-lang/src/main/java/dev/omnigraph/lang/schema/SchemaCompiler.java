package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;

/**
 * The entry point of the {@code .pg} schema language: parses and validates source, derives its
 * canonical shape, and assigns identities; every failure is a {@link CompileError}.
 */
public final class SchemaCompiler {
  private SchemaCompiler() {}

  /** Parses and validates new schema source (syntax, declarations, interfaces, annotations). */
  public static SchemaFile parse(SourceText source) {
    return parse(source, SchemaMode.ADMISSION);
  }

  /** Parses and validates schema source under {@code mode}. */
  public static SchemaFile parse(SourceText source, SchemaMode mode) {
    return SchemaValidator.validate(SchemaParser.parse(source), source, mode);
  }

  /** Parses and validates {@code text}, naming it {@code <schema>} in diagnostics. */
  public static SchemaFile parse(String text) {
    return parse(SourceText.of("<schema>", text));
  }
}

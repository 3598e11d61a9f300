package dev.omnigraph.lang.query;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;

/**
 * The entry point of the {@code .gq} query language: parses query files and compiles a query
 * against a schema catalog; every failure is a {@link CompileError}.
 */
public final class QueryCompiler {
  private QueryCompiler() {}

  /** Parses every query in {@code source}. */
  public static QueryFile parse(SourceText source) {
    return QueryParser.parse(source);
  }

  /** Parses {@code text}, naming it {@code <query>} in diagnostics. */
  public static QueryFile parse(String text) {
    return parse(SourceText.of("<query>", text));
  }
}

package dev.omnigraph.lang.query;

import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The entry point of the {@code .gq} query language: parses query files, compiles a query against a
 * schema catalog (parse, typecheck, lower) and lints whole files; every failure to compile is a
 * {@link CompileError}.
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

  /**
   * Compiles the query named {@code name} in {@code source}; with no name, the file must declare
   * exactly one query.
   */
  public static CompiledQuery compile(SourceText source, Catalog catalog, Optional<String> name) {
    QueryFile file = parse(source);
    return compile(select(file, name), catalog, source);
  }

  /** Typechecks and lowers one parsed query of {@code source}. */
  public static CompiledQuery compile(QueryDecl decl, Catalog catalog, SourceText source) {
    CheckedQuery checked = QueryTypechecker.check(decl, catalog, source);
    OperationDescriptor operation = OperationDescriptor.describe(checked);
    if (decl.isMutation()) {
      return new CompiledQuery.Write(
          checked, QueryLowering.lowerMutation(checked, source), operation);
    }
    return new CompiledQuery.Read(
        checked, QueryLowering.lower(checked, source), ResultSchema.of(checked), operation);
  }

  /** Lints every query of {@code source} against {@code catalog}; never throws for bad input. */
  public static QueryLint.Report lint(SourceText source, Catalog catalog) {
    return QueryLint.lint(source, catalog);
  }

  /** The query a caller asked for: by name, or the only one. */
  static QueryDecl select(QueryFile file, Optional<String> name) {
    if (name.isPresent()) {
      return file.query(name.get())
          .orElseThrow(() ->
              new CompileError(
                  ErrorKind.PARSE,
                  "query '" + name.get() + "' not found; the file declares " + declared(file)));
    }
    if (file.queries().size() == 1) {
      return file.queries().getFirst();
    }
    if (file.queries().isEmpty()) {
      throw new CompileError(ErrorKind.PARSE, "query file declares no query");
    }
    throw new CompileError(
        ErrorKind.PARSE,
        "query file contains multiple queries; pass --name (one of " + declared(file) + ")");
  }

  private static String declared(QueryFile file) {
    return file.queries().isEmpty()
        ? "no query"
        : file.queries().stream().map(QueryDecl::name).collect(Collectors.joining(", "));
  }
}

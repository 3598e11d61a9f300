package dev.omnigraph.cli;

import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryDecl;
import dev.omnigraph.lang.query.QueryFile;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The ad-hoc query flags that {@code query} (and, later, {@code mutate}) share: where the {@code
 * .gq} source comes from ({@code --query F} or {@code -e GQ}) and its parameters ({@code --params
 * JSON} or {@code --params-file F}). A verb mixes this in ({@code @Mixin QueryInputOptions input})
 * and asks for the {@link #source} and the {@link #params}.
 */
final class QueryInputOptions {
  /** How messages name inline source, which has no file name. */
  static final String INLINE_NAME = "-e";

  @Option(
      names = "--query",
      paramLabel = "<F>",
      description = "A .gq file; NAME selects a query in it (not needed when it declares one).")
  Path file;

  @Option(
      names = {"-e", "--query-string"},
      paramLabel = "<GQ>",
      description = "Inline .gq source, instead of --query.")
  String inline;

  @Option(
      names = "--params",
      paramLabel = "<JSON>",
      description = "The query's parameters as a JSON object, e.g. '{\"name\": \"Alice\"}'.")
  String params;

  @Option(
      names = "--params-file",
      paramLabel = "<F>",
      description = "A file holding the parameters as a JSON object, instead of --params.")
  Path paramsFile;

  /**
   * The query source the flags name, if any: the file's text named by its path, or the inline text
   * named {@code -e}.
   *
   * @throws ParameterException (a usage error) when both {@code --query} and {@code -e} are given
   */
  Optional<SourceText> source(CommandSpec spec) {
    if (file != null && inline != null) {
      throw new ParameterException(
          spec.commandLine(), "--query and -e are mutually exclusive (give the source one way)");
    }
    if (file != null) {
      return Optional.of(SourceText.of(file.toString(), VerbCommand.readFile(file, "--query")));
    }
    return Optional.ofNullable(inline).map(text -> SourceText.of(INLINE_NAME, text));
  }

  /**
   * The parameters as a parsed JSON object, or {@code null} when none were given.
   *
   * @throws ParameterException (a usage error) when both {@code --params} and {@code --params-file}
   *     are given
   * @throws CliException when the text is not JSON or not a JSON object
   */
  Map<String, Object> params(CommandSpec spec) {
    if (params != null && paramsFile != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--params and --params-file are mutually exclusive (give the parameters one way)");
    }
    if (params != null) {
      return object(params, "--params");
    }
    if (paramsFile != null) {
      return object(
          VerbCommand.readFile(paramsFile, "--params-file"), "--params-file " + paramsFile);
    }
    return null;
  }

  private static Map<String, Object> object(String text, String where) {
    Object json;
    try {
      json = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          where
              + " is not valid JSON: "
              + e.getMessage()
              + "; give a JSON object such as {\"name\": \"Alice\"}",
          e);
    }
    if (!(json instanceof Map<?, ?> object)) {
      throw new CliException(
          where + " must be a JSON object of parameter values, such as {\"name\": \"Alice\"}");
    }
    // A parsed JSON object's keys are strings; the copy keeps their order.
    Map<String, Object> params = new LinkedHashMap<>();
    object.forEach((k, v) -> params.put((String) k, v));
    return params;
  }

  /**
   * Parses {@code source}, before any graph is opened, and returns the query a run would pick:
   * {@code name} when given (empty when the source declares no such query, which the engine then
   * reports with the names it does declare), else the only query it declares.
   *
   * @throws CompileError if the source does not parse (rendered with its own name)
   * @throws CliException if it declares several queries and {@code name} is absent
   */
  static Optional<QueryDecl> selected(SourceText source, String name, String verb) {
    QueryFile parsed = QueryCompiler.parse(source);
    if (name != null) {
      return parsed.query(name);
    }
    if (parsed.queries().size() > 1) {
      throw new CliException(
          source.name()
              + " declares "
              + parsed.queries().size()
              + " queries ("
              + parsed.queries().stream().map(QueryDecl::name).collect(Collectors.joining(", "))
              + "); name the one to run: omnigraph "
              + verb
              + " <NAME> ...");
    }
    return parsed.queries().stream().findFirst();
  }

  /**
   * {@code error} placed in {@code source} when the engine compiled the same text under another
   * name, so the message points at the user's file (or {@code -e}) with line, column and caret.
   */
  static CompileError attribute(CompileError error, SourceText source) {
    return error
        .span()
        .filter(span -> error.source().map(s -> s.text().equals(source.text())).orElse(false))
        .map(span -> new CompileError(error.kind(), error.detail(), span, source))
        .orElse(error);
  }
}

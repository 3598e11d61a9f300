package dev.omnigraph.cli;

import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryLint;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnigraph lint [URI] --query F [--schema F] [--json]}: checks every query of a file
 * against a schema, offline with {@code --schema}, else against the graph's accepted schema. Exits
 * 1 when any query or finding is an error.
 */
@Command(
    name = "lint",
    description = "Check a .gq query file against a schema file or a graph's schema.")
final class LintCommand extends VerbCommand {
  static final Verb VERB = Verb.read("lint", Capability.DIRECT);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<URI>",
      description = "The graph whose schema to check against (unless --schema).")
  String uri;

  @Option(names = "--query", required = true, paramLabel = "<F>", description = "The .gq file.")
  Path query;

  @Option(
      names = "--schema",
      paramLabel = "<F>",
      description = "A .pg file to check against, offline (no graph is opened).")
  Path schema;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  int execute() {
    String queryText = readFile(query, "--query");
    Catalog catalog;
    LintOutput.SchemaSource source;
    if (schema != null) {
      String schemaText = readFile(schema, "--schema");
      catalog = SchemaCompiler.catalog(SourceText.of(schema.toString(), schemaText));
      source = LintOutput.SchemaSource.file(schema.toString());
    } else {
      GraphTarget target = target(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL);
      try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
        catalog = graph.snapshot("main").schema().catalog();
      }
      source = LintOutput.SchemaSource.graph(target.uri());
    }
    QueryLint.Report report =
        QueryCompiler.lint(SourceText.of(query.toString(), queryText), catalog);
    LintOutput output = LintOutput.of(report, source, query.toString());
    if (json) {
      printJson(output);
    } else {
      printHuman(output);
    }
    if (report.status() == QueryLint.Status.ERROR) {
      err()
          .println(
              "error: lint found " + count(report.errors(), "error", "errors") + " in " + query);
      return ExitCode.FAILURE;
    }
    return ExitCode.OK;
  }

  private void printHuman(LintOutput output) {
    for (LintOutput.Result r : output.results()) {
      out()
          .println(
              (r.error() == null ? "ok    " : "error ")
                  + r.name()
                  + " ("
                  + r.kind()
                  + ")"
                  + (r.error() == null ? "" : ": " + r.error()));
      for (String w : r.warnings()) {
        out().println("      warning: " + w);
      }
    }
    for (LintOutput.Finding f : output.findings()) {
      out()
          .println(
              f.severity()
                  + " "
                  + f.code()
                  + ": "
                  + f.message()
                  + (f.queryNames().isEmpty()
                      ? ""
                      : " (queries: " + String.join(", ", f.queryNames()) + ")"));
    }
    out()
        .println(
            "lint "
                + output.status()
                + ": "
                + count(output.queriesProcessed(), "query", "queries")
                + ", "
                + count(output.errors(), "error", "errors")
                + ", "
                + count(output.warnings(), "warning", "warnings")
                + ", "
                + count(output.infos(), "info", "infos"));
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}

package dev.omnigraph.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.omnigraph.lang.query.CheckedQuery;
import dev.omnigraph.lang.query.OperationDescriptor;
import dev.omnigraph.lang.query.QueryLint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code omnigraph lint --json}: upstream's lint report. Absent optional fields are left out: a
 * query that failed has no operation, one that passed no error message.
 */
record LintOutput(
    String status,
    SchemaSource schemaSource,
    String queryPath,
    int queriesProcessed,
    int errors,
    int warnings,
    int infos,
    List<Result> results,
    List<Finding> findings) {

  /** Where the schema came from: a {@code file} with its path, or a {@code graph} with its URI. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SchemaSource(String kind, String path, String uri) {
    static SchemaSource file(String path) {
      return new SchemaSource("file", path, null);
    }

    static SchemaSource graph(String uri) {
      return new SchemaSource("graph", null, uri);
    }
  }

  /** One query's outcome. */
  record Result(
      String name,
      String kind,
      String status,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
      @JsonInclude(JsonInclude.Include.NON_NULL) String error,
      @JsonInclude(JsonInclude.Include.NON_NULL) Operation operation) {}

  /** What a compiled query returns, reads and writes. */
  record Operation(List<Column> result, List<TypeAccess> reads, List<TypeAccess> writes) {}

  /** One result column. */
  record Column(
      String name,
      String kind,
      @JsonInclude(JsonInclude.Include.NON_NULL) String itemKind,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer vectorDim,
      boolean nullable) {}

  /** A node or edge type a query touches. */
  record TypeAccess(String kind, String typeName) {}

  /** A file-wide finding. */
  record Finding(
      String severity,
      String code,
      String message,
      @JsonInclude(JsonInclude.Include.NON_NULL) String typeName,
      @JsonInclude(JsonInclude.Include.NON_NULL) String property,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> queryNames) {}

  static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The report of {@code lint} for the query file {@code queryPath}. */
  static LintOutput of(QueryLint.Report report, SchemaSource source, String queryPath) {
    List<Result> results = new ArrayList<>();
    for (QueryLint.QueryResult r : report.results()) {
      results.add(
          new Result(
              r.name(),
              wire(r.kind()),
              wire(r.status()),
              r.warnings(),
              r.error().orElse(null),
              r.operation().map(LintOutput::operation).orElse(null)));
    }
    List<Finding> findings = new ArrayList<>();
    for (QueryLint.Finding f : report.findings()) {
      findings.add(
          new Finding(
              wire(f.severity()),
              f.code(),
              f.message(),
              f.typeName().orElse(null),
              f.property().orElse(null),
              f.queryNames()));
    }
    return new LintOutput(
        wire(report.status()),
        source,
        queryPath,
        report.queriesProcessed(),
        report.errors(),
        report.warnings(),
        report.infos(),
        results,
        findings);
  }

  private static Operation operation(OperationDescriptor d) {
    List<Column> columns = new ArrayList<>();
    for (OperationDescriptor.ResultColumn c : d.result()) {
      columns.add(
          new Column(
              c.name(),
              c.kind().wireName(),
              c.itemKind().map(OperationDescriptor.ValueKind::wireName).orElse(null),
              c.vectorDim().isPresent() ? c.vectorDim().getAsInt() : null,
              c.nullable()));
    }
    return new Operation(columns, access(d.reads()), access(d.writes()));
  }

  private static List<TypeAccess> access(List<OperationDescriptor.TypeAccess> types) {
    List<TypeAccess> out = new ArrayList<>();
    for (OperationDescriptor.TypeAccess t : types) {
      out.add(new TypeAccess(kind(t.kind()), t.typeName()));
    }
    return out;
  }

  private static String kind(CheckedQuery.TargetKind kind) {
    return switch (kind) {
      case NODE -> "node";
      case EDGE -> "edge";
    };
  }
}

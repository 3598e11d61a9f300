package dev.omnigraph.lang.query;

import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lints a query file against a catalog, as {@code omnigraph lint} reports it: each query compiled
 * on its own (an error in one does not hide the others), plus file-wide findings: {@code Q000} when
 * the file does not parse, {@code L201} for nullable properties that the file's update queries
 * never set.
 */
public final class QueryLint {
  /** The code of a file that does not parse. */
  public static final String PARSE_FAILURE = "Q000";

  /** The code of a property no update query sets. */
  public static final String UNSET_PROPERTY = "L201";

  /** The warning every mutation without parameters gets. */
  public static final String HARDCODED_MUTATION =
      "mutation declares no params; hardcoded mutations are easy to miss";

  private QueryLint() {}

  /** Whether a query or the whole file passed. */
  public enum Status {
    OK,
    ERROR
  }

  /** How serious a finding is; findings sort by severity first. */
  public enum Severity {
    ERROR,
    WARNING,
    INFO
  }

  /** Whether a query reads or writes. */
  public enum Kind {
    READ,
    MUTATION
  }

  /**
   * One query's outcome: its warnings, and either its operation (when it compiled) or its error
   * message.
   */
  public record QueryResult(
      String name,
      Kind kind,
      Status status,
      List<String> warnings,
      Optional<String> error,
      Optional<OperationDescriptor> operation) {
    public QueryResult {
      warnings = List.copyOf(warnings);
    }
  }

  /** A file-wide finding, with the type, property and queries it concerns when it has them. */
  public record Finding(
      Severity severity,
      String code,
      String message,
      Optional<String> typeName,
      Optional<String> property,
      List<String> queryNames) {
    public Finding {
      queryNames = List.copyOf(queryNames);
    }
  }

  /**
   * The whole report: the overall status (error when any query or finding is an error), counts,
   * per-query results in file order, and findings sorted by severity, type, property and message.
   */
  public record Report(
      Status status,
      int queriesProcessed,
      int errors,
      int warnings,
      int infos,
      List<QueryResult> results,
      List<Finding> findings) {
    public Report {
      results = List.copyOf(results);
      findings = List.copyOf(findings);
    }
  }

  static Report lint(SourceText source, Catalog catalog) {
    QueryFile file;
    try {
      file = QueryCompiler.parse(source);
    } catch (CompileError e) {
      Finding parse =
          new Finding(
              Severity.ERROR,
              PARSE_FAILURE,
              e.getMessage(),
              Optional.empty(),
              Optional.empty(),
              List.of());
      return new Report(Status.ERROR, 0, 1, 0, 0, List.of(), List.of(parse));
    }
    List<QueryResult> results = new ArrayList<>();
    // Per node type: the update queries that compiled and the properties they set.
    Map<String, Set<String>> updateQueries = new TreeMap<>();
    Map<String, Set<String>> setProperties = new TreeMap<>();
    for (QueryDecl q : file.queries()) {
      Kind kind = q.isMutation() ? Kind.MUTATION : Kind.READ;
      List<String> warnings =
          q.isMutation() && q.params().isEmpty() ? List.of(HARDCODED_MUTATION) : List.of();
      try {
        CompiledQuery compiled = QueryCompiler.compile(q, catalog, source);
        for (Mutation m : q.mutations()) {
          if (m instanceof Mutation.Update u) {
            updateQueries.computeIfAbsent(u.typeName(), k -> new TreeSet<>()).add(q.name());
            Set<String> props = setProperties.computeIfAbsent(u.typeName(), k -> new TreeSet<>());
            u.assignments().forEach(a -> props.add(a.property()));
          }
        }
        results.add(
            new QueryResult(
                q.name(),
                kind,
                Status.OK,
                warnings,
                Optional.empty(),
                Optional.of(compiled.operation())));
      } catch (CompileError e) {
        results.add(
            new QueryResult(
                q.name(),
                kind,
                Status.ERROR,
                warnings,
                Optional.of(e.getMessage()),
                Optional.empty()));
      }
    }
    List<Finding> findings = unsetProperties(catalog, updateQueries, setProperties);
    findings.sort(
        Comparator.comparing(Finding::severity)
            .thenComparing(f -> f.typeName().orElse(""))
            .thenComparing(f -> f.property().orElse(""))
            .thenComparing(Finding::message));
    int errors =
        (int) results.stream().filter(r -> r.status() == Status.ERROR).count()
            + count(findings, Severity.ERROR);
    int warnings =
        results.stream().mapToInt(r -> r.warnings().size()).sum()
            + count(findings, Severity.WARNING);
    return new Report(
        errors == 0 ? Status.OK : Status.ERROR,
        file.queries().size(),
        errors,
        warnings,
        count(findings, Severity.INFO),
        results,
        findings);
  }

  // A nullable property that no update sets is likely forgotten; keys and embedding targets are
  // set another way, and required properties are set on insert.
  private static List<Finding> unsetProperties(
      Catalog catalog,
      Map<String, Set<String>> updateQueries,
      Map<String, Set<String>> setProperties) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : updateQueries.entrySet()) {
      Optional<Catalog.NodeType> type = catalog.node(e.getKey());
      if (type.isEmpty()) {
        continue;
      }
      Catalog.NodeType node = type.get();
      for (Map.Entry<String, PropType> p : new TreeMap<>(node.properties()).entrySet()) {
        String name = p.getKey();
        if (!p.getValue().nullable()
            || node.key().contains(name)
            || node.embedSources().containsKey(name)
            || setProperties.get(e.getKey()).contains(name)) {
          continue;
        }
        findings.add(
            new Finding(
                Severity.WARNING,
                UNSET_PROPERTY,
                node.name() + "." + name + " exists in schema but no update query sets it",
                Optional.of(node.name()),
                Optional.of(name),
                List.copyOf(e.getValue())));
      }
    }
    return findings;
  }

  private static int count(List<Finding> findings, Severity severity) {
    return (int) findings.stream().filter(f -> f.severity() == severity).count();
  }
}

package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.lang.query.OperationDescriptor.TypeAccess;
import dev.omnigraph.lang.query.QueryLint.Finding;
import dev.omnigraph.lang.query.QueryLint.Kind;
import dev.omnigraph.lang.query.QueryLint.Report;
import dev.omnigraph.lang.query.QueryLint.Severity;
import dev.omnigraph.lang.query.QueryLint.Status;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryLintTest {
  private static Catalog catalog(String schema) {
    return SchemaCompiler.catalog(SourceText.of("s.pg", schema));
  }

  private static Report lint(String schema, String queries) {
    return QueryCompiler.lint(SourceText.of("q.gq", queries), catalog(schema));
  }

  @Test
  void c146GoodAndBadQueriesAreReportedSeparately() {
    Report r =
        lint(
            "node Person { slug: String @key name: String? }",
            """
            query list_people() { match { $p: Person } return { $p.name as name } }
            query bad_update($s: String) { update Person set { nope: 1 } where slug = $s }
            """);
    assertThat(r.status()).isEqualTo(Status.ERROR);
    assertThat(r.queriesProcessed()).isEqualTo(2);
    assertThat(r.errors()).isEqualTo(1);
    QueryLint.QueryResult ok = r.results().get(0);
    assertThat(ok.status()).isEqualTo(Status.OK);
    assertThat(ok.kind()).isEqualTo(Kind.READ);
    OperationDescriptor op = ok.operation().orElseThrow();
    assertThat(op.result()).hasSize(1);
    assertThat(op.result().getFirst().name()).isEqualTo("name");
    assertThat(op.result().getFirst().kind().wireName()).isEqualTo("string");
    assertThat(op.result().getFirst().nullable()).isTrue();
    assertThat(op.reads()).containsExactly(TypeAccess.node("Person"));
    assertThat(op.writes()).isEmpty();
    QueryLint.QueryResult bad = r.results().get(1);
    assertThat(bad.status()).isEqualTo(Status.ERROR);
    assertThat(bad.kind()).isEqualTo(Kind.MUTATION);
    assertThat(bad.error()).hasValueSatisfying(m -> assertThat(m).contains("has no property"));
    assertThat(bad.operation()).isEmpty();
  }

  @Test
  void c147NullablePropertiesNoUpdateSetsAreFlagged() {
    Report r =
        lint(
            "node Policy { slug: String @key name: String? effectiveTo: DateTime? }",
            """
            query update_policy($slug: String, $name: String) {
              update Policy set { name: $name } where slug = $slug
            }
            """);
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.warnings()).isEqualTo(1);
    assertThat(r.findings())
        .containsExactly(
            new Finding(
                Severity.WARNING,
                "L201",
                "Policy.effectiveTo exists in schema but no update query sets it",
                Optional.of("Policy"),
                Optional.of("effectiveTo"),
                List.of("update_policy")));
  }

  @Test
  void keysEmbedTargetsAndRequiredPropertiesAreNotFlagged() {
    Report r =
        lint(
            "node Doc { slug: String @key body: String? title: String e: Vector(2)? @embed(body) }",
            """
            query touch($slug: String, $b: String) { update Doc set { body: $b } where slug = $slug }
            """);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void typesWithoutAValidUpdateAreNotFlagged() {
    Report r =
        lint(
            "node Policy { slug: String @key name: String? }",
            "query broken($s: String) { update Policy set { nope: 1 } where slug = $s }");
    assertThat(r.findings()).isEmpty();
    assertThat(r.errors()).isEqualTo(1);
  }

  @Test
  void c148AFileThatDoesNotParseIsOneQ000Finding() {
    Report r = lint("node Person { name: String @key }", "query broken(");
    assertThat(r.status()).isEqualTo(Status.ERROR);
    assertThat(r.queriesProcessed()).isZero();
    assertThat(r.results()).isEmpty();
    assertThat(r.errors()).isEqualTo(1);
    assertThat(r.findings()).hasSize(1);
    assertThat(r.findings().getFirst().code()).isEqualTo("Q000");
    assertThat(r.findings().getFirst().message()).startsWith("parse error: ");
  }

  @Test
  void parameterlessMutationsGetAWarning() {
    Report r =
        lint(
            "node Person { name: String @key }",
            "query add_bob() { insert Person { name: \"Bob\" } }");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.results().getFirst().warnings()).containsExactly(QueryLint.HARDCODED_MUTATION);
    assertThat(r.warnings()).isEqualTo(1);
  }

  @Test
  void planErrorsAreQueryErrors() {
    Report r =
        lint(
            "node Person { name: String @key }",
            """
            query mixed($n: String) {
              insert Person { name: $n }
              delete Person where name = $n
            }
            """);
    assertThat(r.results().getFirst().error())
        .hasValueSatisfying(m -> assertThat(m).contains("split into separate mutations"));
  }
}

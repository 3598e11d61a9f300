package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.lang.query.OperationDescriptor.ResultColumn;
import dev.omnigraph.lang.query.OperationDescriptor.TypeAccess;
import dev.omnigraph.lang.query.OperationDescriptor.ValueKind;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.source.SourceText;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The reads and writes of spec §2.7, including case C149 (node delete cascades to its edges). */
class OperationDescriptorTest {
  private static final Catalog CATALOG =
      LoweringTestSupport.catalog(
          LoweringTestSupport.SCHEMA
              + "node Other { name: String @key }\n"
              + "edge Partners: Company -> Company\n");

  private static OperationDescriptor describe(String query) {
    return OperationDescriptor.describe(
        LoweringTestSupport.check(CATALOG, SourceText.of("<q>", query)));
  }

  @Test
  void readQueryReadsBoundTypesTraversedEdgesAndTheirEndpoints() {
    OperationDescriptor d =
        describe("query q() { match { $c: Company  $p worksAt $c } return { $p.name } }");
    assertThat(d.reads())
        .containsExactly(
            TypeAccess.node("Company"), TypeAccess.node("Person"), TypeAccess.edge("WorksAt"));
    assertThat(d.writes()).isEmpty();
  }

  @Test
  void readQueryReadsThroughNestedNegations() {
    OperationDescriptor d =
        describe(
            "query q() { match { $c: Company  not { $c partners $d  not { $d: Company  $p worksAt $d"
                + " } } } return { $c.name } }");
    assertThat(d.reads())
        .containsExactly(
            TypeAccess.node("Company"),
            TypeAccess.node("Person"),
            TypeAccess.edge("Partners"),
            TypeAccess.edge("WorksAt"));
  }

  @Test
  void wildcardTraversalStillReadsBothEndpointTypes() {
    OperationDescriptor d =
        describe("query q() { match { $p: Person  not { $p worksAt $_ } } return { $p.name } }");
    assertThat(d.reads())
        .containsExactly(
            TypeAccess.node("Company"), TypeAccess.node("Person"), TypeAccess.edge("WorksAt"));
  }

  @Test
  void c149NodeDeleteReadsAndWritesEveryIncidentEdgeType() {
    OperationDescriptor d = describe("query q($n: String) { delete Person where name = $n }");
    List<TypeAccess> expected =
        List.of(TypeAccess.node("Person"), TypeAccess.edge("Knows"), TypeAccess.edge("WorksAt"));
    assertThat(d.reads()).isEqualTo(expected);
    assertThat(d.writes()).isEqualTo(expected);
  }

  @Test
  void edgeInsertReadsItsEndpointTypes() {
    OperationDescriptor d =
        describe("query q($a: String, $c: String) { insert WorksAt { from: $a, to: $c } }");
    assertThat(d.reads())
        .containsExactly(
            TypeAccess.node("Company"), TypeAccess.node("Person"), TypeAccess.edge("WorksAt"));
    assertThat(d.writes()).containsExactly(TypeAccess.edge("WorksAt"));
  }

  @Test
  void edgeDeleteAndNodeUpdateTouchOnlyTheirTarget() {
    OperationDescriptor delete = describe("query q() { delete Knows where from = \"a\" }");
    assertThat(delete.reads()).containsExactly(TypeAccess.edge("Knows"));
    assertThat(delete.writes()).containsExactly(TypeAccess.edge("Knows"));
    OperationDescriptor update =
        describe("query q() { update Other set { name: \"b\" } where name = \"a\" }");
    assertThat(update.reads()).containsExactly(TypeAccess.node("Other"));
    assertThat(update.writes()).containsExactly(TypeAccess.node("Other"));
  }

  @Test
  void listsAreSortedNodesFirstAndDeduplicated() {
    OperationDescriptor d =
        describe(
            """
            query q($a: String) {
              insert Person { name: $a }
              insert Knows { from: $a, to: "b" }
              insert Company { name: $a }
              insert Person { name: "c" }
            }
            """);
    assertThat(d.reads())
        .containsExactly(
            TypeAccess.node("Company"), TypeAccess.node("Person"), TypeAccess.edge("Knows"));
    assertThat(d.writes())
        .containsExactly(
            TypeAccess.node("Company"), TypeAccess.node("Person"), TypeAccess.edge("Knows"));
  }

  @Test
  void constructorSortsAndDeduplicates() {
    OperationDescriptor d =
        new OperationDescriptor(
            List.of(),
            List.of(
                TypeAccess.edge("A"),
                TypeAccess.node("B"),
                TypeAccess.node("A"),
                TypeAccess.edge("A")),
            List.of());
    assertThat(d.reads())
        .containsExactly(TypeAccess.node("A"), TypeAccess.node("B"), TypeAccess.edge("A"));
  }

  @Test
  void resultDescribesEveryProjection() {
    OperationDescriptor d =
        describe(
            "query q() { match { $p: Person  $p knows $f } return { $p.name, $f.age, $p,"
                + " $p.tags, count($f) as n } }");
    assertThat(d.result())
        .containsExactly(
            new ResultColumn(
                "p.name", ValueKind.STRING, Optional.empty(), OptionalInt.empty(), false),
            new ResultColumn("f.age", ValueKind.INT, Optional.empty(), OptionalInt.empty(), true),
            new ResultColumn("p", ValueKind.OBJECT, Optional.empty(), OptionalInt.empty(), false),
            new ResultColumn(
                "p.tags", ValueKind.LIST, Optional.of(ValueKind.STRING), OptionalInt.empty(), true),
            new ResultColumn("n", ValueKind.BIGINT, Optional.empty(), OptionalInt.empty(), true));
    assertThat(d.result().stream().map(c -> c.kind().wireName()))
        .containsExactly("string", "int", "object", "list", "bigint");
  }

  @Test
  void resultDescribesVectorsDatesAndAverages() {
    Catalog catalog =
        LoweringTestSupport.catalog(
            "node Doc { slug: String @key  embedding: Vector(4)  at: DateTime?  on: Date? }");
    OperationDescriptor d =
        OperationDescriptor.describe(
            LoweringTestSupport.check(
                catalog,
                SourceText.of(
                    "<q>",
                    "query q() { match { $d: Doc } return { $d.embedding, $d.at, $d.on } }")));
    assertThat(d.result())
        .containsExactly(
            new ResultColumn(
                "d.embedding", ValueKind.VECTOR, Optional.empty(), OptionalInt.of(4), false),
            new ResultColumn(
                "d.at", ValueKind.DATETIME, Optional.empty(), OptionalInt.empty(), true),
            new ResultColumn("d.on", ValueKind.DATE, Optional.empty(), OptionalInt.empty(), true));
    assertThat(d.result().get(1).kind().wireName()).isEqualTo("datetime");
    OperationDescriptor avg =
        describe("query q() { match { $p: Person } return { avg($p.age) as a } }");
    assertThat(avg.result().getFirst().kind()).isEqualTo(ValueKind.FLOAT);
  }

  @Test
  void mutationsHaveNoResult() {
    assertThat(describe("query q() { delete Knows where from = \"a\" }").result()).isEmpty();
  }
}

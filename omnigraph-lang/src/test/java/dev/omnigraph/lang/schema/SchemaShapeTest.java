package dev.omnigraph.lang.schema;

import static dev.omnigraph.lang.schema.SchemaFixtures.boundCatalog;
import static dev.omnigraph.lang.schema.SchemaFixtures.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Stage F (catalog checks) and the canonical, identity-free {@link SchemaShape}. */
class SchemaShapeTest {

  // ---- stage F rejections ----

  static Stream<Arguments> rejections() {
    return SchemaFixtures.table("/schema/shape-rejections.tsv", 3)
        .map(row -> Arguments.argumentSet(row[0], row[1], row[2]));
  }

  @ParameterizedTest
  @MethodSource("rejections")
  void stageFRejectsWithKindCatalog(String source, String gist) {
    // The declarations themselves are fine: stages A to E accept them.
    SchemaFile file = SchemaCompiler.parse(source);

    assertThatThrownBy(() -> shape(source))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CATALOG))
        .hasMessageStartingWith("catalog error: ")
        .hasMessageContaining(gist);
    // Both entry points of stage F agree.
    assertThatThrownBy(() -> SchemaCompiler.shape(file))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CATALOG))
        .hasMessageContaining(gist);
    // So does the offline (unbound) catalog, which is built through the shape.
    assertThatThrownBy(() -> SchemaCompiler.catalog(SourceText.of("<test>", source)))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CATALOG))
        .hasMessageContaining(gist);
  }

  @Test
  void unknownEndpointMessageNamesTheEdgeAndTheType() {
    assertThatThrownBy(() -> shape("edge WorksAt: Person -> Company"))
        .hasMessageContaining("WorksAt")
        .hasMessageContaining("unknown source type")
        .hasMessageContaining("Person");
    assertThatThrownBy(() -> shape("node Person {} edge WorksAt: Person -> Company"))
        .hasMessageContaining("WorksAt")
        .hasMessageContaining("unknown target type")
        .hasMessageContaining("Company");
  }

  @Test
  void edgesMayPrecedeTheirEndpoints() {
    SchemaShape s = shape("edge WorksAt: Person -> Company node Company {} node Person {}");
    assertThat(s.edge("WorksAt").orElseThrow().fromType()).isEqualTo("Person");
    assertThat(s.edge("WorksAt").orElseThrow().toType()).isEqualTo("Company");
  }

  @Test
  void nodeNamesAreCaseSensitiveAndNotCaseFoldChecked() {
    SchemaShape s = shape("node Person {} node PERSON {} edge E: Person -> PERSON");
    assertThat(s.nodes()).extracting(SchemaShape.Node::name).containsExactly("PERSON", "Person");
  }

  @ParameterizedTest
  @ValueSource(strings = {"knows", "KNOWS", "Knows", "kNoWs"})
  void edgeLookupsIgnoreCase(String query) {
    String source = "node P { n: String } edge Knows: P -> P";
    Catalog unbound = SchemaCompiler.catalog(SourceText.of("<test>", source));
    Catalog bound = boundCatalog(source);

    assertThat(unbound.edge(query)).map(Catalog.EdgeType::name).contains("Knows");
    assertThat(bound.edge(query)).map(Catalog.EdgeType::name).contains("Knows");
    assertThat(bound.edgeTypes()).containsOnlyKeys("Knows");
  }

  @Test
  void edgeLookupOfAnUnknownNameIsEmpty() {
    Catalog c = boundCatalog("node P { n: String } edge Knows: P -> P");
    assertThat(c.edge("Know")).isEmpty();
    assertThat(c.edge("P")).isEmpty();
  }

  // ---- accepted multi-kind and multi-interface cases ----

  @Test
  void directPropertySettlesIncompatibleInterfaces() {
    // Case 41, second variant: the node's own declaration overrides both contributions.
    String source =
        "interface A { name: String @index } interface B { name: String }"
            + " node N implements A, B { name: String }";
    SchemaShape.Node n = shape(source).node("N").orElseThrow();
    SchemaShape.Property name = n.properties().getFirst();

    assertThat(n.properties()).hasSize(1);
    assertThat(name.declaredDirectly()).isTrue();
    assertThat(name.satisfiesInterfaceProperties())
        .containsExactly(
            new PropertyOrigin.InterfaceProperty("A", "name"),
            new PropertyOrigin.InterfaceProperty("B", "name"));
    assertThat(name.propertyConstraints()).isEmpty();
    assertThat(n.constraints()).isEmpty();
    assertThat(boundCatalog(source).node("N").orElseThrow().indices()).isEmpty();
  }

  @Test
  void interfacesWithIdenticalSemanticsMayContributeTheSameProperty() {
    SchemaShape s =
        shape(
            "interface A { name: String @index } interface B { name: String @index }"
                + " node N implements A, B {}");
    SchemaShape.Property name = s.node("N").orElseThrow().properties().getFirst();

    assertThat(name.declaredDirectly()).isFalse();
    assertThat(name.propertyConstraints()).containsExactly("index");
    assertThat(name.satisfiesInterfaceProperties()).hasSize(2);
    assertThat(s.node("N").orElseThrow().constraints())
        .extracting(SchemaShape.ShapeConstraint::sortKey)
        .containsExactly("index:name");
  }

  @Test
  void nodeEdgeAndInterfaceMayShareAName() {
    // Case 42, plus an interface of the same name.
    String source =
        "interface Shared { value: String } node Shared implements Shared { extra: I32? }"
            + " edge Shared: Shared -> Shared { value: String edge_only: String }";
    SchemaShape s = shape(source);
    Catalog c = boundCatalog(source);

    assertThat(s.iface("Shared")).isPresent();
    assertThat(s.node("Shared")).isPresent();
    assertThat(s.edge("Shared")).isPresent();
    assertThat(c.typeId("Shared")).isEmpty();
    assertThat(c.nodeTypeId("Shared")).isPresent();
    assertThat(c.edgeTypeId("Shared")).isPresent();
    assertThat(c.interfaceTypeId("Shared")).isPresent();
    assertThat(
            List.of(
                c.nodeTypeId("Shared").getAsLong(),
                c.edgeTypeId("Shared").getAsLong(),
                c.interfaceTypeId("Shared").getAsLong()))
        .doesNotHaveDuplicates();
  }

  @Test
  void nodeAndEdgeSharingANameHaveDistinctIds() {
    // Case 42 exactly.
    String source =
        "node Shared { value: String } edge Shared: Shared -> Shared { value: String edge_only:"
            + " String }";
    Catalog c = boundCatalog(source);

    assertThat(c.typeId("Shared")).isEmpty();
    assertThat(c.nodeTypeId("Shared")).isPresent();
    assertThat(c.edgeTypeId("Shared")).isPresent();
    assertThat(c.nodeTypeId("Shared")).isNotEqualTo(c.edgeTypeId("Shared"));
    assertThat(c.node("Shared").orElseThrow().propertyIds().get("value"))
        .isNotEqualTo(c.edge("Shared").orElseThrow().propertyIds().get("value"));
    assertThat(c.edge("Shared").orElseThrow().properties()).containsOnlyKeys("edge_only", "value");
  }

  // ---- hash invariance and sensitivity ----

  static Stream<Arguments> hashPairs() {
    return SchemaFixtures.table("/schema/shape-hash-pairs.tsv", 4)
        .map(row -> Arguments.argumentSet(row[0], row[1], row[2], row[3]));
  }

  @ParameterizedTest
  @MethodSource("hashPairs")
  void shapeHashIsInvariantOrSensitive(String relation, String left, String right) {
    SchemaShape l = shape(left);
    SchemaShape r = shape(right);
    switch (relation) {
      case "same" -> {
        assertThat(r.toJson()).isEqualTo(l.toJson());
        assertThat(r.hash()).isEqualTo(l.hash());
      }
      case "different" -> {
        assertThat(r.toJson()).isNotEqualTo(l.toJson());
        assertThat(r.hash()).isNotEqualTo(l.hash());
      }
      default -> throw new AssertionError("relation must be same or different: " + relation);
    }
  }

  @Test
  void lineCommentsDoNotChangeTheHash() {
    // Case 46 as written in the spec, with a line comment.
    assertThat(
            shape(
                    """
                    // noise
                    node Person @rename_from("OldPerson") {
                      age: I32? // trailing
                      name: String @key @rename_from("old_name")
                    }
                    """)
                .hash())
        .isEqualTo(shape("node Person { name: String @key age: I32? }").hash());
  }

  @Test
  void renameHintsAreKeptOutOfTheJsonButAvailableToResolution() {
    SchemaShape s =
        shape(
            "node Person @rename_from(\"OldPerson\") { name: String @rename_from(\"old_name\") }"
                + " node Other {} edge E: Person -> Other @rename_from(\"F\")");
    assertThat(s.toJson()).doesNotContain("rename_from").doesNotContain("Old");
    assertThat(s.node("Person").orElseThrow().renameFrom()).contains("OldPerson");
    assertThat(s.node("Person").orElseThrow().properties().getFirst().renameFrom())
        .contains("old_name");
    assertThat(s.edge("E").orElseThrow().renameFrom()).contains("F");
    assertThat(s.node("Other").orElseThrow().renameFrom()).isEmpty();
  }

  @Test
  void hashIsSha256OfTheCompactJson() throws Exception {
    SchemaShape s = shape("node Person { name: String @key age: I32? }");
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(s.toJson().getBytes(StandardCharsets.UTF_8));

    assertThat(s.hash())
        .isEqualTo("sha256:" + HexFormat.of().formatHex(digest))
        .matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void parsedFileAndSourceGiveTheSameShape() {
    String source = SchemaFixtures.fixture("everything.pg");
    assertThat(SchemaCompiler.shape(SchemaCompiler.parse(source)))
        .isEqualTo(SchemaCompiler.shape(SourceText.of("x.pg", source)));
  }

  // ---- canonical JSON ----

  @Test
  void shapeJsonIsCanonical() {
    String source =
        """
        edge E: P -> P @card(0..1) @description("e") { @unique(dst, src) }
        node P @rename_from("Q") implements Named {
          b: enum(y, x)? @description("x\\"y")
          a: I32 @index @ui("w", k="v")
          v: Vector(2) @embed(name, model="m")
          @range(a, 0..1.5)
          @check(b, "^x$")
        }
        interface Named { name: String }
        """;

    assertThat(shape(source).toJson())
        .isEqualTo(
            """
            {"interfaces":[{"name":"Named","properties":[{"name":"name","prop_type":{"scalar":"String","nullable":false,"list":false,"enum_values":null},"annotations":[],"property_constraints":[],"embed_source":null,"declared_directly":true,"satisfies_interface_properties":[]}]}],"nodes":[{"name":"P","annotations":[],"implements":["Named"],"properties":[{"name":"a","prop_type":{"scalar":"I32","nullable":false,"list":false,"enum_values":null},"annotations":[{"name":"ui","value":"w","kwargs":{"k":"v"}}],"property_constraints":["index"],"embed_source":null,"declared_directly":true,"satisfies_interface_properties":[]},{"name":"b","prop_type":{"scalar":"String","nullable":true,"list":false,"enum_values":["x","y"]},"annotations":[{"name":"description","value":"x\\"y"}],"property_constraints":[],"embed_source":null,"declared_directly":true,"satisfies_interface_properties":[]},{"name":"name","prop_type":{"scalar":"String","nullable":false,"list":false,"enum_values":null},"annotations":[],"property_constraints":[],"embed_source":null,"declared_directly":false,"satisfies_interface_properties":[{"interface":"Named","property":"name"}]},{"name":"v","prop_type":{"scalar":{"vector":2},"nullable":false,"list":false,"enum_values":null},"annotations":[],"property_constraints":[],"embed_source":{"property":"name","model":"m"},"declared_directly":true,"satisfies_interface_properties":[]}],"constraints":[{"kind":"check","property":"b","pattern":"^x$"},{"kind":"index","columns":["a"]},{"kind":"range","property":"a","min":{"integer":0},"max":{"float":1.5}}]}],"edges":[{"name":"E","from_type":"P","to_type":"P","cardinality":{"min":0,"max":1},"annotations":[{"name":"description","value":"e"}],"properties":[],"constraints":[{"kind":"unique","columns":["dst","src"]}]}]}\
            """);
  }

  @Test
  void emptySchemaHasAnEmptyShape() {
    SchemaShape s = shape("// nothing\n");
    assertThat(s.toJson()).isEqualTo("{\"interfaces\":[],\"nodes\":[],\"edges\":[]}");
    assertThat(s.hash()).isEqualTo(SchemaShape.sha256(s.toJson()));
  }

  @Test
  void shapeIsSortedAndNormalised() {
    SchemaShape s =
        shape(
            "node Z { b: String a: String @unique(b, a) @index(a) @index(a) }"
                + " node A {} interface Y { q: String } interface X { p: String }"
                + " edge N: A -> Z edge M: Z -> A");

    assertThat(s.interfaces()).extracting(SchemaShape.Interface::name).containsExactly("X", "Y");
    assertThat(s.nodes()).extracting(SchemaShape.Node::name).containsExactly("A", "Z");
    assertThat(s.edges()).extracting(SchemaShape.Edge::name).containsExactly("M", "N");
    SchemaShape.Node z = s.node("Z").orElseThrow();
    assertThat(z.properties()).extracting(SchemaShape.Property::name).containsExactly("a", "b");
    assertThat(z.constraints())
        .extracting(SchemaShape.ShapeConstraint::sortKey)
        .containsExactly("index:a", "unique:a,b");
    assertThat(z.constraints().get(1).columns()).containsExactly("a", "b");
    assertThat(z.constraints().get(1).min()).isEqualTo(Optional.empty());
  }
}

package dev.omnigraph.lang.schema;

import static dev.omnigraph.lang.schema.SchemaFixtures.boundCatalog;
import static dev.omnigraph.lang.schema.SchemaFixtures.fixture;
import static dev.omnigraph.lang.schema.SchemaFixtures.initialIr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The runtime {@link Catalog}: types, columns, keys, constraints and id lookups. */
class CatalogTest {

  private static Catalog unbound(String source) {
    return SchemaCompiler.catalog(SourceText.of("<test>", source));
  }

  // ---- keys, unique constraints and index intents ----

  @Test
  void propertyLevelConstraintsBecomeKeyUniqueAndIndices() {
    // Case 9.
    Catalog.NodeType person =
        boundCatalog("node Person { name: String @unique code: U64 @key handle: String @index }")
            .node("Person")
            .orElseThrow();

    assertThat(person.key()).containsExactly("code");
    assertThat(person.isKeyed()).isTrue();
    assertThat(person.keyTypes()).containsExactly(PropType.of(BaseType.U64, false));
    assertThat(person.indices()).contains(List.of("code"), List.of("handle"));
    assertThat(person.uniqueConstraints()).containsExactly(List.of("name"));
  }

  @Test
  void keyIndexIsNotDuplicatedWhenAlsoDeclared() {
    Catalog.NodeType t =
        boundCatalog("node T { slug: String @key @index(slug) }").node("T").orElseThrow();
    assertThat(t.indices()).containsExactly(List.of("slug"));
  }

  @Test
  void unkeyedNodeHasNoKey() {
    Catalog.NodeType t = boundCatalog("node T { a: String }").node("T").orElseThrow();
    assertThat(t.isKeyed()).isFalse();
    assertThat(t.key()).isEmpty();
    assertThat(t.keyTypes()).isEmpty();
    assertThat(t.indices()).isEmpty();
    assertThat(t.uniqueConstraints()).isEmpty();
  }

  @Test
  void interfacePropertiesAreInjected() {
    // Case 5.
    Catalog c =
        boundCatalog("interface Named { name: String } node Person implements Named { age: I32? }");
    Catalog.NodeType person = c.node("Person").orElseThrow();

    assertThat(person.properties())
        .containsExactly(
            Map.entry("age", PropType.of(BaseType.I32, true)),
            Map.entry("name", PropType.of(BaseType.STRING, false)));
    assertThat(person.implementsNames()).containsExactly("Named");
    assertThat(c.iface("Named").orElseThrow().properties())
        .containsExactly(Map.entry("name", PropType.of(BaseType.STRING, false)));
    assertThat(c.interfaces()).containsOnlyKeys("Named");
  }

  @Test
  void keyMayComeFromAnInterface() {
    // Case 6.
    Catalog c =
        boundCatalog(
            "interface Slugged { slug: String @key } interface Described { title: String"
                + " description: String? } node Signal implements Slugged, Described { strength:"
                + " F64 }");
    Catalog.NodeType signal = c.node("Signal").orElseThrow();

    assertThat(signal.properties()).containsOnlyKeys("description", "slug", "strength", "title");
    assertThat(signal.key()).containsExactly("slug");
    assertThat(signal.indices()).contains(List.of("slug"));
    assertThat(signal.implementsNames()).containsExactly("Described", "Slugged");
    assertThat(signal.columns()).containsExactly("id", "description", "slug", "strength", "title");
  }

  @Test
  void compositeKeyFollowsStablePropertyIdsNotNames() {
    // As after renames that cross lexically: zeta keeps the older (smaller) id.
    String json = initialIr("node Pair { alpha: String zeta: String @key(alpha, zeta) }").toJson();
    json = SchemaIrValidationTest.mutate(json, "set", "/nodes/0/properties/0/property_id", "3");
    json = SchemaIrValidationTest.mutate(json, "set", "/nodes/0/properties/1/property_id", "2");
    String zeta =
        "{\"kind\":\"property\",\"owner_type_id\":1,\"owner_type_name\":\"Pair\","
            + "\"property_id\":2,\"property_name\":\"zeta\"}";
    String alpha = zeta.replace(":2,", ":3,").replace("zeta", "alpha");
    String canonical =
        SchemaIrValidationTest.mutate(
            json, "set", "/nodes/0/constraints/0/fields", "[" + zeta + "," + alpha + "]");

    Catalog.NodeType pair =
        SchemaCompiler.catalog(SchemaIr.fromJson(canonical)).node("Pair").orElseThrow();

    assertThat(pair.key()).containsExactly("zeta", "alpha");
    assertThat(pair.columns()).containsExactly("id", "alpha", "zeta");
    assertThat(pair.propertyIds()).containsEntry("zeta", 2L).containsEntry("alpha", 3L);
    assertThat(KeyId.of(pair.keyTypes(), List.of("Z", "A"))).isEqualTo("[\"Z\",\"A\"]");
  }

  // ---- columns ----

  @Test
  void nodeColumnsAreIdThenPropertiesByName() {
    Catalog.NodeType person = boundCatalog(fixture("test.pg")).node("Person").orElseThrow();
    assertThat(person.columns()).containsExactly("id", "age", "name");
    assertThat(person.properties().sequencedKeySet()).containsExactly("age", "name");
  }

  @Test
  void edgeColumnsAreIdSrcDstThenProperties() {
    Catalog c = boundCatalog(fixture("everything.pg"));
    assertThat(c.edge("WorksAt").orElseThrow().columns())
        .containsExactly("id", "src", "dst", "role", "since", "weight");
    assertThat(c.edge("Founded").orElseThrow().columns()).containsExactly("id", "src", "dst");
    assertThat(c.edge("Knows").orElseThrow().columns())
        .containsExactly("id", "src", "dst", "since");
  }

  @Test
  void edgesKnowTheirEndpointsAndCardinality() {
    Catalog c = boundCatalog(fixture("everything.pg"));
    Catalog.EdgeType worksAt = c.edge("WorksAt").orElseThrow();

    assertThat(worksAt.fromType()).isEqualTo("Person");
    assertThat(worksAt.toType()).isEqualTo("Company");
    assertThat(worksAt.cardinality()).isEqualTo(new Cardinality(0, OptionalLong.of(1)));
    assertThat(c.edge("Knows").orElseThrow().cardinality())
        .isEqualTo(new Cardinality(1, OptionalLong.empty()));
    assertThat(c.edge("Founded").orElseThrow().cardinality()).isEqualTo(Cardinality.UNBOUNDED);
  }

  // ---- constraints and metadata exposed ----

  @Test
  void rangesChecksEmbedsBlobsAndDescriptionsAreExposed() {
    Catalog c = boundCatalog(fixture("everything.pg"));
    Catalog.NodeType person = c.node("Person").orElseThrow();

    assertThat(person.ranges())
        .containsExactlyInAnyOrder(
            new Catalog.RangeRule(
                "age",
                Optional.of(new Bound.IntegerBound(0)),
                Optional.of(new Bound.IntegerBound(150))),
            new Catalog.RangeRule(
                "height",
                Optional.of(new Bound.FloatBound(0.5)),
                Optional.of(new Bound.FloatBound(300.25))),
            new Catalog.RangeRule(
                "score", Optional.of(new Bound.FloatBound(-40.0)), Optional.empty()),
            new Catalog.RangeRule(
                "count", Optional.empty(), Optional.of(new Bound.IntegerBound(1000))),
            new Catalog.RangeRule(
                "big",
                Optional.of(new Bound.IntegerBound(0)),
                Optional.of(new Bound.FloatBound(1e20))),
            new Catalog.RangeRule(
                "small",
                Optional.of(new Bound.FloatBound(1e10)),
                Optional.of(new Bound.FloatBound(1e20))));
    assertThat(person.checks())
        .containsExactlyInAnyOrder(
            new Catalog.CheckRule("email", "^[^@]+@[^@]+$"),
            new Catalog.CheckRule("bio", "\\d+ \"x\""));
    assertThat(person.embedSources())
        .containsOnly(
            Map.entry(
                "embedding",
                new Catalog.EmbedRule("bio", Optional.of("openai/text-embedding-3-large"))),
            Map.entry("name_vec", new Catalog.EmbedRule("name", Optional.empty())));
    assertThat(person.blobProperties()).containsExactly("photo");
    assertThat(person.descriptions())
        .containsOnly(
            Map.entry("", "A human being"),
            Map.entry("name", "Full \"legal\" name\n\tindented \\ backslash"),
            Map.entry("photo", "Portrait"),
            Map.entry("slug", "Stable identifier"));
    assertThat(person.uniqueConstraints())
        .containsExactlyInAnyOrder(List.of("active", "status"), List.of("email"));
    assertThat(person.indices())
        .containsExactlyInAnyOrder(
            List.of("age"), List.of("born", "seen"), List.of("name_vec"), List.of("slug"));
    assertThat(person.properties().get("status"))
        .isEqualTo(PropType.enumOf(List.of("active", "retired", "on-leave", "2nd-term"), false));
    assertThat(person.properties().get("embedding").isVector()).isTrue();
    assertThat(person.properties().get("lucky")).isEqualTo(PropType.listOf(BaseType.I32, true));

    Catalog.EdgeType worksAt = c.edge("WorksAt").orElseThrow();
    assertThat(worksAt.uniqueConstraints())
        .containsExactlyInAnyOrder(List.of("weight"), List.of("src", "dst"));
    assertThat(worksAt.indices())
        .containsExactlyInAnyOrder(List.of("role"), List.of("dst", "since"));
    assertThat(worksAt.descriptions())
        .containsOnly(Map.entry("", "Employment"), Map.entry("role", "Job title"));
    assertThat(worksAt.blobProperties()).isEmpty();

    Catalog.NodeType company = c.node("Company").orElseThrow();
    assertThat(company.key()).containsExactly("code", "region");
    assertThat(KeyId.of(company.keyTypes(), List.of("ACME", "eu"))).isEqualTo("[\"ACME\",\"eu\"]");
    assertThat(company.descriptions()).isEmpty();
    assertThat(c.node("Empty").orElseThrow().columns()).containsExactly("id");
  }

  // ---- bound and unbound identity ----

  @Test
  void unboundCatalogHasTypesButNoIds() {
    Catalog c = unbound(fixture("test.pg"));

    assertThat(c.isBound()).isFalse();
    assertThat(c.nodeTypes()).containsOnlyKeys("Company", "Person");
    assertThat(c.edgeTypes()).containsOnlyKeys("Knows", "WorksAt");
    assertThat(c.node("Person").orElseThrow().key()).containsExactly("name");
    assertThat(c.typeId("Person")).isEmpty();
    assertThat(c.nodeTypeId("Person")).isEmpty();
    assertThat(c.edgeTypeId("Knows")).isEmpty();
    assertThat(c.interfaceTypeId("Person")).isEmpty();
    assertThat(c.tableIncarnationId("Person")).isEmpty();
    assertThat(c.propertyId("Person", "name")).isEmpty();
  }

  @Test
  void unboundCatalogAppliesEveryCheckOfStageF() {
    assertThatThrownBy(() -> unbound("edge WorksAt: Person -> Company"))
        .isInstanceOf(CompileError.class);
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void unboundAndBoundCatalogsAgreeOnEverythingButIds(String name) {
    Catalog u = unbound(fixture(name));
    Catalog b = boundCatalog(fixture(name));

    assertThat(b.isBound()).isTrue();
    assertThat(u.nodeTypes().keySet()).isEqualTo(b.nodeTypes().keySet());
    assertThat(u.edgeTypes().keySet()).isEqualTo(b.edgeTypes().keySet());
    assertThat(u.interfaces().keySet()).isEqualTo(b.interfaces().keySet());
    u.nodeTypes()
        .forEach((n, t) -> {
          Catalog.NodeType bt = b.node(n).orElseThrow();
          assertThat(t.columns()).isEqualTo(bt.columns());
          assertThat(t.properties()).isEqualTo(bt.properties());
          assertThat(t.key()).isEqualTo(bt.key());
          assertThat(t.indices()).isEqualTo(bt.indices());
          assertThat(t.uniqueConstraints()).isEqualTo(bt.uniqueConstraints());
        });
    u.edgeTypes()
        .forEach((n, t) -> {
          Catalog.EdgeType bt = b.edge(n).orElseThrow();
          assertThat(t.columns()).isEqualTo(bt.columns());
          assertThat(t.fromType()).isEqualTo(bt.fromType());
          assertThat(t.toType()).isEqualTo(bt.toType());
          assertThat(t.cardinality()).isEqualTo(bt.cardinality());
        });
  }

  @Test
  void boundCatalogLooksUpIds() {
    SchemaIr ir = initialIr(fixture("test.pg"));
    Catalog c = SchemaCompiler.catalog(ir);
    SchemaIr.Node person = ir.node("Person").orElseThrow();
    SchemaIr.Edge knows = ir.edge("Knows").orElseThrow();

    assertThat(c.isBound()).isTrue();
    assertThat(c.ir()).isSameAs(ir);
    assertThat(c.typeId("Person")).hasValue(person.typeId());
    assertThat(c.nodeTypeId("Person")).hasValue(person.typeId());
    assertThat(c.edgeTypeId("Person")).isEmpty();
    assertThat(c.interfaceTypeId("Person")).isEmpty();
    assertThat(c.typeId("Knows")).hasValue(knows.typeId());
    assertThat(c.edgeTypeId("Knows")).hasValue(knows.typeId());
    assertThat(c.nodeTypeId("Knows")).isEmpty();
    assertThat(c.typeId("Nobody")).isEmpty();
    assertThat(c.tableIncarnationId("Person")).hasValue(person.tableIncarnationId());
    assertThat(c.tableIncarnationId("Knows")).hasValue(knows.tableIncarnationId());
    assertThat(c.tableIncarnationId("Nobody")).isEmpty();
    assertThat(c.propertyId("Person", "age")).hasValue(person.properties().getFirst().propertyId());
    assertThat(c.propertyId("Knows", "since")).hasValue(knows.properties().getFirst().propertyId());
    assertThat(c.propertyId("Person", "since")).isEmpty();
    assertThat(c.propertyId("Nobody", "age")).isEmpty();
    assertThat(c.node("Person").orElseThrow().typeId()).isEqualTo(person.typeId());
    assertThat(c.node("Person").orElseThrow().propertyIds())
        .containsOnly(Map.entry("age", 6L), Map.entry("name", 7L));
    assertThat(c.node("Person").orElseThrow().storageName())
        .isEqualTo("0000000000000002-000000000000000a");
    assertThat(c.edge("WorksAt").orElseThrow().storageName())
        .isEqualTo("0000000000000004-000000000000000c");
  }

  @Test
  void boundCatalogLooksUpInterfaceIds() {
    SchemaIr ir = initialIr(fixture("everything.pg"));
    Catalog c = SchemaCompiler.catalog(ir);
    SchemaIr.Interface named = ir.iface("Named").orElseThrow();

    assertThat(c.interfaceTypeId("Named")).hasValue(named.typeId());
    assertThat(c.typeId("Named")).hasValue(named.typeId());
    assertThat(c.iface("Named").orElseThrow().typeId()).isEqualTo(named.typeId());
    assertThat(c.tableIncarnationId("Named")).isEmpty();
    assertThat(c.nodeTypeId("Named")).isEmpty();
    assertThat(c.propertyId("Named", "name")).hasValue(named.properties().getFirst().propertyId());
    // The node's own property id, not the interface's.
    assertThat(c.propertyId("Person", "name")).isNotEqualTo(c.propertyId("Named", "name"));
  }

  @Test
  void storageNameIsSixteenHexDigitsEach() {
    assertThat(Catalog.storageName(1, 4)).isEqualTo("0000000000000001-0000000000000004");
    assertThat(Catalog.storageName(255, 4096)).isEqualTo("00000000000000ff-0000000000001000");
    assertThat(Catalog.storageName(-1L, Long.MIN_VALUE))
        .isEqualTo("ffffffffffffffff-8000000000000000");
  }

  @Test
  void nameSharedAcrossKindsMakesGenericLookupsEmpty() {
    // Case 42.
    Catalog c =
        boundCatalog(
            "node Shared { value: String } edge Shared: Shared -> Shared { value: String"
                + " edge_only: String }");

    assertThat(c.typeId("Shared")).isEmpty();
    assertThat(c.propertyId("Shared", "value")).isEmpty();
    assertThat(c.propertyId("Shared", "edge_only")).isEmpty();
    assertThat(c.node("Shared").orElseThrow().propertyIds()).containsOnlyKeys("value");
    assertThat(c.edge("Shared").orElseThrow().propertyIds()).containsOnlyKeys("edge_only", "value");
  }

  @Test
  void tableIncarnationLookupIsEmptyWhenAmbiguous() {
    Catalog c =
        boundCatalog(
            "node Shared { value: String } edge Shared: Shared -> Shared { value: String }");
    assertThat(c.tableIncarnationId("Shared")).isEmpty();
    assertThat(c.node("Shared").orElseThrow().tableIncarnationId())
        .isNotEqualTo(c.edge("Shared").orElseThrow().tableIncarnationId());
  }

  @Test
  void anAcceptedIrAlwaysBuildsACatalogOrFailsWithCompileError() {
    String json =
        initialIr("node P { a: String } edge E: P -> P { w: I32 @unique }")
            .toJson()
            .replace("\"kind\":\"unique\"", "\"kind\":\"key\"");
    Throwable thrown = null;
    try {
      SchemaCompiler.catalog(SchemaIr.fromJson(json));
    } catch (RuntimeException e) {
      thrown = e;
    }
    assertThat(thrown).isInstanceOf(CompileError.class);
  }
}

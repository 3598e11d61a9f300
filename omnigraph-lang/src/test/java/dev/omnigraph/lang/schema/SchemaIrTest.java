package dev.omnigraph.lang.schema;

import static dev.omnigraph.lang.schema.SchemaFixtures.DOMAIN;
import static dev.omnigraph.lang.schema.SchemaFixtures.fixture;
import static dev.omnigraph.lang.schema.SchemaFixtures.initialIr;
import static dev.omnigraph.lang.schema.SchemaFixtures.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The identity-bearing {@link SchemaIr}: allocation, canonical JSON, hashes and round trips. */
class SchemaIrTest {

  // ---- allocation: spec §8.2 ----

  @Test
  void initialisationAllocatesTypeThenPropertiesThenIncarnation() {
    // Case 44.
    SchemaIr ir = initialIr("node Person { name: String @key age: I32? }");
    SchemaIr.Node person = ir.node("Person").orElseThrow();

    assertThat(ir.identityDomain()).isEqualTo(DOMAIN);
    assertThat(person.typeId()).isEqualTo(1);
    assertThat(person.properties())
        .extracting(SchemaIr.Property::name, SchemaIr.Property::propertyId)
        .containsExactly(tuple("age", 2L), tuple("name", 3L));
    assertThat(person.tableIncarnationId()).isEqualTo(4);
    assertThat(ir.nextIdentityId()).isEqualTo(5);

    Catalog.NodeType type = SchemaCompiler.catalog(ir).node("Person").orElseThrow();
    assertThat(type.storageName()).isEqualTo("0000000000000001-0000000000000004");
    assertThat(type.columns()).containsExactly("id", "age", "name");
    assertThat(type.key()).containsExactly("name");
    assertThat(type.indices()).contains(List.of("name"));
  }

  @Test
  void allocationDoesNotDependOnSourceOrder() {
    // Case 45.
    SchemaIr forward =
        initialIr("interface Z { p: String } node B implements Z {} node A {} edge E: A -> B {}");
    SchemaIr reverse =
        initialIr("edge E: A -> B {} node A {} node B implements Z {} interface Z { p: String }");

    assertThat(reverse).isEqualTo(forward);
    assertThat(reverse.toJson()).isEqualTo(forward.toJson());
    assertThat(reverse.hash()).isEqualTo(forward.hash());

    SchemaIr.Interface z = forward.iface("Z").orElseThrow();
    SchemaIr.Node a = forward.node("A").orElseThrow();
    SchemaIr.Node b = forward.node("B").orElseThrow();
    SchemaIr.Edge e = forward.edge("E").orElseThrow();
    assertThat(List.of(z.typeId(), a.typeId(), b.typeId(), e.typeId()))
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(z.properties().getFirst().propertyId()).isEqualTo(5);
    assertThat(b.properties().getFirst().propertyId()).isEqualTo(6);
    assertThat(List.of(a.tableIncarnationId(), b.tableIncarnationId(), e.tableIncarnationId()))
        .containsExactly(7L, 8L, 9L);
    assertThat(forward.nextIdentityId()).isEqualTo(10);

    // B.p is B's own property, linked to the interface property it satisfies.
    SchemaIr.Property bp = b.properties().getFirst();
    assertThat(bp.declaredDirectly()).isFalse();
    assertThat(bp.satisfiesInterfaceProperties())
        .containsExactly(new SchemaIr.PropertyRef(1, "Z", 5, "p"));
    assertThat(b.implementsRefs()).containsExactly(new SchemaIr.TypeRef(1, "Z"));
    assertThat(e.fromType()).isEqualTo(new SchemaIr.TypeRef(2, "A"));
    assertThat(e.toType()).isEqualTo(new SchemaIr.TypeRef(3, "B"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"@key(alpha, zeta)", "@key(zeta, alpha)"})
  void compositeKeyColumnsFollowPropertyIdOrder(String key) {
    // Case 47: at initialisation property ids follow names, whatever order the key lists.
    SchemaIr ir = initialIr("node Pair { zeta: String alpha: String " + key + " }");
    SchemaIr.IrConstraint constraint = ir.node("Pair").orElseThrow().constraints().getFirst();
    Catalog.NodeType pair = SchemaCompiler.catalog(ir).node("Pair").orElseThrow();

    assertThat(constraint.kind()).isEqualTo("key");
    assertThat(constraint.fields())
        .extracting(SchemaIr.FieldRef::columnName)
        .containsExactly("alpha", "zeta");
    assertThat(pair.key()).containsExactly("alpha", "zeta");
    assertThat(KeyId.of(pair.keyTypes(), List.of("A", "Z"))).isEqualTo("[\"A\",\"Z\"]");
    assertThat(pair.indices()).contains(List.of("alpha", "zeta"));
  }

  @Test
  void singleKeyIdIsTheValueItself() {
    Catalog.NodeType person =
        SchemaCompiler.catalog(initialIr("node Person { name: String @key }"))
            .node("Person")
            .orElseThrow();
    assertThat(KeyId.of(person.keyTypes(), List.of("Alice"))).isEqualTo("Alice");
  }

  @Test
  void edgeEndpointConstraintsAreSystemFieldRefs() {
    // Case 20.
    SchemaIr ir = initialIr("node P { name: String } edge K: P -> P { @unique(src, dst) }");
    SchemaIr.Edge k = ir.edge("K").orElseThrow();

    assertThat(k.constraints()).hasSize(1);
    SchemaIr.IrConstraint unique = k.constraints().getFirst();
    assertThat(unique.kind()).isEqualTo("unique");
    assertThat(unique.fields())
        .containsExactly(
            new SchemaIr.SystemField(k.typeId(), "K", k.tableIncarnationId(), "src"),
            new SchemaIr.SystemField(k.typeId(), "K", k.tableIncarnationId(), "dst"));
    // System fields consume no ids: P, K, P.name, two incarnations.
    assertThat(ir.nextIdentityId()).isEqualTo(6);
    assertThat(SchemaCompiler.catalog(ir).edge("K").orElseThrow().uniqueConstraints())
        .containsExactly(List.of("src", "dst"));
    assertThat(ir.toJson())
        .contains(
            "{\"kind\":\"system\",\"stable_table_id\":2,\"table_type_name\":\"K\","
                + "\"table_incarnation_id\":5,\"role\":\"src\"}");
  }

  @Test
  void mixedSystemAndPropertyFieldsPutSystemFieldsFirst() {
    SchemaIr ir =
        initialIr("node P {} edge K: P -> P { w: I32 @index(w, dst) @unique(w, src, dst) }");
    assertThat(ir.edge("K").orElseThrow().constraints())
        .extracting(c -> c.fields().stream().map(SchemaIr.FieldRef::columnName).toList())
        .containsExactlyInAnyOrder(List.of("dst", "w"), List.of("src", "dst", "w"));
  }

  @Test
  void initialisationRenameHintsAreInert() {
    // Case 48.
    SchemaIr hinted =
        initialIr("node Person @rename_from(\"Old\") { name: String @rename_from(\"old_name\") }");
    SchemaIr plain = initialIr("node Person { name: String }");

    SchemaIr.Node person = hinted.node("Person").orElseThrow();
    assertThat(person.annotations()).isEmpty();
    assertThat(person.properties().getFirst().annotations()).isEmpty();
    assertThat(hinted).isEqualTo(plain);
    assertThat(hinted.toJson()).isEqualTo(plain.toJson()).doesNotContain("rename_from");
    assertThat(person.typeId()).isEqualTo(1);
    assertThat(person.properties().getFirst().propertyId()).isEqualTo(2);
    assertThat(person.tableIncarnationId()).isEqualTo(3);
  }

  @Test
  void emptySchemaStartsTheSequenceAtOne() {
    SchemaIr ir = initialIr("");
    assertThat(ir.nextIdentityId()).isEqualTo(1);
    assertThat(ir.toJson())
        .isEqualTo(
            "{\"ir_version\":2,\"schema_identity_domain\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\","
                + "\"next_identity_id\":1,\"interfaces\":[],\"nodes\":[],\"edges\":[]}");
    assertThat(SchemaIr.fromJson(ir.toJson())).isEqualTo(ir);
  }

  /**
   * The canonical allocation of spec §5.6 on any schema: types in (kind, name) order with
   * interfaces before nodes before edges, then properties in (owner id, name) order, then table
   * incarnations in type id order, densely from 1.
   */
  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void initialAllocationIsCanonicalAndDense(String name) {
    SchemaIr ir = initialIr(fixture(name));
    List<Long> expectedOrder = new ArrayList<>();
    List<Long> actual = new ArrayList<>();
    ir.interfaces().forEach(i -> actual.add(i.typeId()));
    ir.nodes().forEach(n -> actual.add(n.typeId()));
    ir.edges().forEach(e -> actual.add(e.typeId()));
    record Owned(long owner, String name, long id) {}
    List<Owned> props = new ArrayList<>();
    ir.interfaces()
        .forEach(i ->
            i.properties()
                .forEach(p -> props.add(new Owned(i.typeId(), p.name(), p.propertyId()))));
    ir.nodes()
        .forEach(n ->
            n.properties()
                .forEach(p -> props.add(new Owned(n.typeId(), p.name(), p.propertyId()))));
    ir.edges()
        .forEach(e ->
            e.properties()
                .forEach(p -> props.add(new Owned(e.typeId(), p.name(), p.propertyId()))));
    props.sort(Comparator.comparingLong(Owned::owner).thenComparing(Owned::name));
    props.forEach(p -> actual.add(p.id()));
    TreeMap<Long, Long> incarnations = new TreeMap<>();
    ir.nodes().forEach(n -> incarnations.put(n.typeId(), n.tableIncarnationId()));
    ir.edges().forEach(e -> incarnations.put(e.typeId(), e.tableIncarnationId()));
    actual.addAll(incarnations.values());
    for (long id = 1; id < ir.nextIdentityId(); id++) {
      expectedOrder.add(id);
    }

    assertThat(actual).isEqualTo(expectedOrder);
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void declarationOrderDoesNotChangeTheIr(String name) {
    SchemaFile file = SchemaCompiler.parse(fixture(name));
    List<Declaration> reversed = new ArrayList<>(file.declarations()).reversed();

    SchemaIr original = SchemaCompiler.initialIr(SchemaCompiler.shape(file), DOMAIN);
    SchemaIr shuffled =
        SchemaCompiler.initialIr(SchemaCompiler.shape(new SchemaFile(reversed)), DOMAIN);

    assertThat(shuffled).isEqualTo(original);
    assertThat(shuffled.hash()).isEqualTo(original.hash());
  }

  @Test
  void theDomainIsPartOfTheIrAndItsHash() {
    String source = fixture("test.pg");
    SchemaIr a = initialIr(source);
    SchemaIr b = SchemaCompiler.initialIr(shape(source), "01BX5ZZKBKACTAV9WEVGEMMVRZ");

    assertThat(b.identityDomain()).isEqualTo("01BX5ZZKBKACTAV9WEVGEMMVRZ");
    assertThat(b.nodes()).isEqualTo(a.nodes());
    assertThat(b.hash()).isNotEqualTo(a.hash());
    assertThat(b.shape().hash()).isEqualTo(a.shape().hash());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01arz3ndektsv4rrffq69g5fav",
        "01ARZ3NDEKTSV4RRFFQ69G5FA",
        "01ARZ3NDEKTSV4RRFFQ69G5FAVX",
        "01ARZ3NDEKTSV4RRFFQ69G5FAU",
        "81ARZ3NDEKTSV4RRFFQ69G5FAV",
        ""
      })
  void initialisationRejectsADomainThatIsNotACanonicalUlid(String domain) {
    assertThatThrownBy(() -> SchemaCompiler.initialIr(shape(fixture("test.pg")), domain))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_DOMAIN))
        .hasMessageStartingWith("invalid schema identity domain: ");
  }

  @Test
  void theAllocatorNeverHandsOutZeroOrTheLastId() {
    // Case 49, second part: no ids are left when the high-water mark is u64::MAX.
    assertThatThrownBy(() -> new IdentityAllocator(-1L).allocate())
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATOR_EXHAUSTED));
    assertThatThrownBy(() -> new IdentityAllocator(0))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ZERO_ID));

    IdentityAllocator nearlyFull = new IdentityAllocator(-2L);
    assertThat(nearlyFull.allocate()).isEqualTo(-2L);
    assertThat(Long.toUnsignedString(nearlyFull.next())).isEqualTo("18446744073709551615");
    assertThatThrownBy(nearlyFull::allocate)
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATOR_EXHAUSTED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "interface I { v: Vector(2) @embed(t) } node N implements I { t: String }",
        "interface I { v: Vector(2) @embed(t) } interface J { t: String } node N implements I, J"
            + " {}",
        "interface I { v: Vector(2) @embed(nope) }"
      })
  void interfaceEmbedOfAPropertyOutsideTheInterfaceIsACompileError(String source) {
    // Caught when the catalog is checked (stage F), before any id is allocated.
    assertThatThrownBy(() -> shape(source))
        .isInstanceOfSatisfying(
            CompileError.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.CATALOG);
              assertThat(e.detail()).contains("is not a property of interface I");
            });
    assertThatThrownBy(() -> SchemaCompiler.catalog(SourceText.of("x", source)))
        .isInstanceOf(CompileError.class);
  }

  @Test
  void interfaceEmbedOfANonStringPropertyIsACatalogError() {
    assertThatThrownBy(() -> shape("interface I { t: I32 v: Vector(2) @embed(t) }"))
        .isInstanceOfSatisfying(
            CompileError.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.CATALOG);
              assertThat(e.detail()).contains("must be a vector embedding a String property");
            });
  }

  // ---- JSON round trips and hashes ----

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void compactJsonRoundTrips(String name) {
    SchemaIr ir = initialIr(fixture(name));
    SchemaIr back = SchemaIr.fromJson(ir.toJson());

    assertThat(back).isEqualTo(ir);
    assertThat(back.toJson()).isEqualTo(ir.toJson());
    assertThat(back.hash()).isEqualTo(ir.hash());
    assertThat(back.validate()).isSameAs(back);
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void prettyJsonRoundTrips(String name) {
    SchemaIr ir = initialIr(fixture(name));
    String pretty = ir.toPrettyJson();
    SchemaIr back = SchemaIr.fromJson(pretty);

    assertThat(pretty).isNotEqualTo(ir.toJson()).contains("\n  \"ir_version\": 2,");
    assertThat(back).isEqualTo(ir);
    assertThat(back.toPrettyJson()).isEqualTo(pretty);
    assertThat(back.hash()).isEqualTo(ir.hash());
    // Whitespace is insignificant: the pretty form is the compact form, indented.
    assertThat(Json.write(Json.parse(pretty))).isEqualTo(ir.toJson());
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void irProjectsBackOntoTheSourceShape(String name) {
    SchemaShape source = shape(fixture(name));
    SchemaIr ir = SchemaCompiler.initialIr(source, DOMAIN);

    assertThat(ir.shape().toJson()).isEqualTo(source.toJson());
    assertThat(ir.shape().hash()).isEqualTo(source.hash());
    assertThat(SchemaIr.fromJson(ir.toJson()).shape().hash()).isEqualTo(source.hash());
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void hashIsSha256OfTheCompactJson(String name) throws Exception {
    SchemaIr ir = initialIr(fixture(name));
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(ir.toJson().getBytes(StandardCharsets.UTF_8));

    assertThat(ir.hash()).isEqualTo("sha256:" + HexFormat.of().formatHex(digest));
  }

  static Stream<Arguments> goldenHashes() {
    return SchemaFixtures.table("/schema/golden/fixture-hashes.tsv", 3)
        .map(row -> Arguments.argumentSet(row[0], row[0], row[1], row[2]));
  }

  /** The hashes are on-disk authority; any change to the canonical JSON must fail here. */
  @ParameterizedTest
  @MethodSource("goldenHashes")
  void hashesAreStable(String name, String shapeHash, String irHash) {
    SchemaShape shape = shape(fixture(name));
    assertThat(shape.hash()).isEqualTo(shapeHash);
    assertThat(SchemaCompiler.initialIr(shape, DOMAIN).hash()).isEqualTo(irHash);
  }

  @Test
  void goldenHashesCoverEveryFixture() {
    assertThat(goldenHashes().map(a -> (String) a.get()[0]).toList())
        .containsExactlyElementsOf(SchemaFixtures.FIXTURES);
  }

  @Test
  void compactJsonOfTestPgIsStable() {
    String golden = SchemaFixtures.resource("/schema/golden/test.pg.ir.json").strip();
    SchemaIr ir = initialIr(fixture("test.pg"));

    assertThat(ir.toJson()).isEqualTo(golden);
    assertThat(ir.hash())
        .isEqualTo("sha256:f02b5878b75361a14f128975188090b68cf683329ffd801dda7fc046e0ba437f");
    assertThat(SchemaIr.fromJson(golden)).isEqualTo(ir);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "say \\\"hi\\\"",
        "back\\\\slash",
        "line\\nbreak\\ttab\\rreturn",
        "raw\u0001control\u001fchars\u007f",
        "unicode \u00e9 \u2713 \ud834\udd1e",
        "lone \ud800 surrogate \udc00",
        "json-ish {\\\"a\\\":[1,2]}",
        "separators \u2028\u2029 \u00a0"
      })
  void annotationTextSurvivesTheJsonRoundTrip(String literal) {
    String source =
        "node P @description(\""
            + literal
            + "\") { s: String @ui(\""
            + literal
            + "\", k=\""
            + literal
            + "\") @check(s, \""
            + literal
            + "\") }";
    SchemaIr ir = initialIr(source);
    String value = ir.node("P").orElseThrow().annotations().getFirst().value().orElseThrow();

    assertThat(SchemaIr.fromJson(ir.toJson())).isEqualTo(ir);
    assertThat(SchemaIr.fromJson(ir.toPrettyJson())).isEqualTo(ir);
    assertThat(
            SchemaIr.fromJson(ir.toJson())
                .node("P")
                .orElseThrow()
                .constraints()
                .getFirst()
                .pattern())
        .contains(value);
    assertThat(ir.shape().hash()).isEqualTo(shape(source).hash());
  }

  // ---- the everything schema, spot checks ----

  @Test
  void everythingSchemaKeepsEveryFeatureInTheIr() {
    SchemaIr ir = initialIr(fixture("everything.pg"));
    SchemaIr.Node person = ir.node("Person").orElseThrow();
    Map<String, SchemaIr.Property> props = new TreeMap<>();
    person.properties().forEach(p -> props.put(p.name(), p));

    assertThat(person.implementsRefs())
        .extracting(SchemaIr.TypeRef::typeName)
        .containsExactly("Named", "Slugged", "Tagged");
    assertThat(person.annotations())
        .extracting(AnnotationValue::name)
        .containsExactly("audit", "description", "instruction");
    assertThat(person.annotations().getFirst().kwargs())
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("level", "3", "mode", "strict")));
    // Injected properties are the node's own, linked to the interface.
    assertThat(props.get("slug").declaredDirectly()).isFalse();
    assertThat(props.get("slug").propertyConstraints()).containsExactly("key");
    assertThat(props.get("tags").declaredDirectly()).isFalse();
    assertThat(props.get("tags").type()).isEqualTo(PropType.listOf(BaseType.STRING, true));
    // A direct declaration satisfying two interfaces.
    assertThat(props.get("name").declaredDirectly()).isTrue();
    assertThat(props.get("name").satisfiesInterfaceProperties())
        .extracting(SchemaIr.PropertyRef::ownerTypeName)
        .containsExactly("Named", "Tagged");
    // Embeds reference their source by id.
    assertThat(props.get("embedding").embedSource())
        .contains(
            new SchemaIr.EmbedSource(
                new SchemaIr.PropertyRef(
                    person.typeId(), "Person", props.get("bio").propertyId(), "bio"),
                Optional.of("openai/text-embedding-3-large")));
    assertThat(props.get("embedding").annotations()).isEmpty();
    assertThat(props.get("status").type().enumValues())
        .containsExactly("2nd-term", "active", "on-leave", "retired");
    assertThat(props.get("email").annotations()).isEmpty();
    // Ranges keep the kind of each bound.
    assertThat(person.constraints())
        .filteredOn(c -> c.kind().equals("range"))
        .extracting(
            c -> c.fields().getFirst().columnName(),
            SchemaIr.IrConstraint::min,
            SchemaIr.IrConstraint::max)
        .contains(
            tuple(
                "big",
                Optional.of(new Bound.IntegerBound(0)),
                Optional.of(new Bound.FloatBound(1e20))),
            tuple("count", Optional.empty(), Optional.of(new Bound.IntegerBound(1000))),
            tuple("score", Optional.of(new Bound.FloatBound(-40.0)), Optional.empty()));
    SchemaIr.Edge worksAt = ir.edge("WorksAt").orElseThrow();
    assertThat(worksAt.cardinality()).isEqualTo(new Cardinality(0, OptionalLong.of(1)));
    assertThat(ir.edge("Never").orElseThrow().cardinality().max()).hasValue(0);
    assertThat(ir.edge("Knows").orElseThrow().cardinality().max()).isEmpty();
  }
}

package dev.omnigraph.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.VectorType;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArrowSchemasTest {
  private static final String ALL_TYPES =
      """
      node Thing {
        s: String
        b: Bool?
        i32: I32
        i64: I64?
        u32: U32
        u64: U64
        f32: F32
        f64: F64?
        d: Date
        dt: DateTime?
        blob: Blob?
        v: Vector(3)
        vn: Vector(2)?
        tags: [String]
        nums: [I32]?
        days: [Date]
        status: enum(open, closed)
      }
      edge Rel: Thing -> Thing {
        weight: F32?
        at: DateTime
      }
      """;

  private static final Catalog CATALOG =
      SchemaCompiler.catalog(
          SchemaCompiler.initialIr(
              SchemaCompiler.shape(SourceText.of("all.pg", ALL_TYPES)),
              "01ARZ3NDEKTSV4RRFFQ69G5FAV"));

  private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

  private static Catalog.NodeType thing() {
    return CATALOG.node("Thing").orElseThrow();
  }

  private static Catalog.EdgeType rel() {
    return CATALOG.edge("Rel").orElseThrow();
  }

  @Test
  void nodeColumnsAreIdThenPropertiesByName() {
    Schema schema = ArrowSchemas.node(thing());

    assertThat(schema.getFields()).extracting(Field::getName).isEqualTo(thing().columns());
    assertThat(schema.getFields().getFirst().getName()).isEqualTo("id");
    assertThat(schema.getFields().subList(1, schema.getFields().size()))
        .extracting(Field::getName)
        .isSorted();
  }

  @Test
  void edgeColumnsAreIdSrcDstThenPropertiesByName() {
    Schema schema = ArrowSchemas.edge(rel());

    assertThat(schema.getFields())
        .extracting(Field::getName)
        .containsExactly("id", "src", "dst", "at", "weight");
    assertThat(schema.getFields().subList(0, 3))
        .allSatisfy(f -> {
          assertThat(f.getType()).isEqualTo(UTF8);
          assertThat(f.isNullable()).isFalse();
          assertThat(f.getMetadata()).isEmpty();
        });
    assertThat(schema.findField("at").getType())
        .isEqualTo(new ArrowType.Date(DateUnit.MILLISECOND));
    assertThat(schema.findField("at").isNullable()).isFalse();
    assertThat(schema.findField("weight").isNullable()).isTrue();
  }

  @Test
  void idIsNonNullUtf8WithoutPropertyMetadata() {
    Field id = ArrowSchemas.node(thing()).findField("id");

    assertThat(id.getType()).isEqualTo(UTF8);
    assertThat(id.isNullable()).isFalse();
    assertThat(id.getMetadata()).isEmpty();
  }

  @Test
  void scalarsMapToTheirArrowTypesWithPropertyNullability() {
    Schema s = ArrowSchemas.node(thing());

    assertField(s, "s", UTF8, false);
    assertField(s, "b", ArrowType.Bool.INSTANCE, true);
    assertField(s, "i32", new ArrowType.Int(32, true), false);
    assertField(s, "i64", new ArrowType.Int(64, true), true);
    assertField(s, "u32", new ArrowType.Int(32, false), false);
    assertField(s, "u64", new ArrowType.Int(64, false), false);
    assertField(s, "f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), false);
    assertField(s, "f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true);
    assertField(s, "d", new ArrowType.Date(DateUnit.DAY), false);
    assertField(s, "dt", new ArrowType.Date(DateUnit.MILLISECOND), true);
    assertField(s, "blob", ArrowType.LargeBinary.INSTANCE, true);
    assertField(s, "status", UTF8, false);
  }

  @Test
  void vectorsAreFixedSizeListsOfNullableFloat32() {
    Schema s = ArrowSchemas.node(thing());

    assertField(s, "v", new ArrowType.FixedSizeList(3), false);
    assertField(s, "vn", new ArrowType.FixedSizeList(2), true);
    for (String name : List.of("v", "vn")) {
      assertThat(s.findField(name).getChildren())
          .singleElement()
          .satisfies(item -> {
            assertThat(item.getType())
                .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
            assertThat(item.isNullable()).isTrue();
          });
    }
  }

  @Test
  void listsHaveNullableItemsAndTheListCarriesThePropertyNullability() {
    Schema s = ArrowSchemas.node(thing());

    assertField(s, "tags", ArrowType.List.INSTANCE, false);
    assertField(s, "nums", ArrowType.List.INSTANCE, true);
    assertField(s, "days", ArrowType.List.INSTANCE, false);
    assertThat(item(s, "tags").getType()).isEqualTo(UTF8);
    assertThat(item(s, "nums").getType()).isEqualTo(new ArrowType.Int(32, true));
    assertThat(item(s, "days").getType()).isEqualTo(new ArrowType.Date(DateUnit.DAY));
    assertThat(List.of(item(s, "tags"), item(s, "nums"), item(s, "days")))
        .allSatisfy(item -> {
          assertThat(item.isNullable()).isTrue();
          assertThat(item.getMetadata()).isEmpty();
        });
  }

  @Test
  void everyPropertyFieldCarriesItsStablePropertyId() {
    Schema s = ArrowSchemas.node(thing());

    assertThat(thing().propertyIds()).hasSize(s.getFields().size() - 1);
    thing()
        .propertyIds()
        .forEach((name, id) ->
            assertThat(s.findField(name).getMetadata())
                .containsExactly(Map.entry(ArrowSchemas.STABLE_PROPERTY_ID, Long.toString(id))));
    rel()
        .propertyIds()
        .forEach((name, id) ->
            assertThat(ArrowSchemas.edge(rel()).findField(name).getMetadata())
                .containsEntry(ArrowSchemas.STABLE_PROPERTY_ID, Long.toString(id)));
  }

  @ParameterizedTest
  @EnumSource(BaseType.class)
  void everyBaseTypeMaps(BaseType type) {
    Field field = ArrowSchemas.property("p", PropType.of(type, true), 7);

    assertThat(field.isNullable()).isTrue();
    assertThat(field.getMetadata()).containsEntry(ArrowSchemas.STABLE_PROPERTY_ID, "7");
    assertThat(field.getChildren()).isEmpty();
  }

  @Test
  void aVectorPropertyMapsByDimension() {
    Field field = ArrowSchemas.property("e", PropType.of(new VectorType(1536), false), 1);

    assertThat(field.getType()).isEqualTo(new ArrowType.FixedSizeList(1536));
    assertThat(field.isNullable()).isFalse();
  }

  @Test
  void aCatalogWithoutPropertyIdsIsRefused() {
    Catalog unbound = SchemaCompiler.catalog(SourceText.of("u.pg", "node N { a: String }"));
    Catalog.NodeType n = unbound.node("N").orElseThrow();
    Catalog.NodeType withoutIds =
        new Catalog.NodeType(
            n.name(),
            n.typeId(),
            n.tableIncarnationId(),
            n.implementsNames(),
            n.properties(),
            Map.of(),
            n.key(),
            n.uniqueConstraints(),
            n.indices(),
            n.ranges(),
            n.checks(),
            n.embedSources(),
            n.blobProperties(),
            n.descriptions());

    assertThatThrownBy(() -> ArrowSchemas.node(withoutIds))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("N.a");
  }

  @Test
  void lanceCreatesEmptyTablesWithEveryMappedType(@TempDir Path root) {
    try (Tables tables = new Tables(root.toString(), Map.of())) {
      TableVersion node = tables.create("tables/thing", ArrowSchemas.node(thing()));
      TableVersion edge = tables.create("tables/rel", ArrowSchemas.edge(rel()));

      assertThat(tables.countRows(node, Optional.empty())).isZero();
      assertThat(tables.countRows(edge, Optional.empty())).isZero();
    }
  }

  private static Field item(Schema s, String name) {
    return s.findField(name).getChildren().getFirst();
  }

  private static void assertField(Schema s, String name, ArrowType type, boolean nullable) {
    Field f = s.findField(name);
    assertThat(f.getType()).as(name).isEqualTo(type);
    assertThat(f.isNullable()).as(name + " nullable").isEqualTo(nullable);
  }
}

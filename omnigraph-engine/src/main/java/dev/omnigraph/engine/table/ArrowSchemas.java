package dev.omnigraph.engine.table;

import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.ScalarType;
import dev.omnigraph.lang.schema.VectorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of a node or edge type's table: system columns ({@code id}, and {@code src},
 * {@code dst} for edges) as non-null Utf8, then one field per property in the catalog's order (by
 * name), nullable exactly when the property is, tagged with its stable property id.
 */
public final class ArrowSchemas {
  /** Field metadata key holding a property's stable id, so a rename keeps the column's identity. */
  public static final String STABLE_PROPERTY_ID = "omnigraph.stable_property_id";

  // Arrow's conventional child name for list and fixed-size-list items.
  private static final String ITEM = "item";

  private ArrowSchemas() {}

  /** The schema of {@code type}'s table; {@code type} must come from a bound catalog. */
  public static Schema node(Catalog.NodeType type) {
    List<Field> fields = new ArrayList<>();
    fields.add(systemColumn(Catalog.ID_COLUMN));
    addProperties(fields, type.name(), type.properties(), type.propertyIds());
    return new Schema(fields);
  }

  /** The schema of {@code type}'s table; {@code type} must come from a bound catalog. */
  public static Schema edge(Catalog.EdgeType type) {
    List<Field> fields = new ArrayList<>();
    fields.add(systemColumn(Catalog.ID_COLUMN));
    fields.add(systemColumn(Catalog.SRC_COLUMN));
    fields.add(systemColumn(Catalog.DST_COLUMN));
    addProperties(fields, type.name(), type.properties(), type.propertyIds());
    return new Schema(fields);
  }

  /** The field of property {@code name} of type {@code type} with stable id {@code propertyId}. */
  static Field property(String name, PropType type, long propertyId) {
    Map<String, String> metadata = Map.of(STABLE_PROPERTY_ID, Long.toString(propertyId));
    if (type.list()) {
      FieldType list = new FieldType(type.nullable(), ArrowType.List.INSTANCE, null, metadata);
      return new Field(name, list, List.of(item(scalar(type.scalar()))));
    }
    if (type.scalar() instanceof VectorType v) {
      FieldType vector =
          new FieldType(
              type.nullable(), new ArrowType.FixedSizeList(v.dimension()), null, metadata);
      return new Field(name, vector, List.of(item(float32())));
    }
    return new Field(
        name, new FieldType(type.nullable(), scalar(type.scalar()), null, metadata), null);
  }

  private static void addProperties(
      List<Field> fields,
      String typeName,
      SequencedMap<String, PropType> properties,
      Map<String, Long> propertyIds) {
    properties.forEach((name, type) -> {
      Long id = propertyIds.get(name);
      if (id == null) {
        // Only an unbound (offline) catalog lacks ids, and its tables must never be created.
        throw new IllegalArgumentException(
            "property " + typeName + "." + name + " has no stable id; use a bound catalog");
      }
      fields.add(property(name, type, id));
    });
  }

  private static Field systemColumn(String name) {
    return new Field(name, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
  }

  private static Field item(ArrowType type) {
    return new Field(ITEM, FieldType.nullable(type), null);
  }

  private static ArrowType float32() {
    return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  }

  private static ArrowType scalar(ScalarType scalar) {
    return switch (scalar) {
      case VectorType v ->
          throw new IllegalArgumentException("a " + v.displayName() + " cannot be a list item");
      case BaseType b ->
          switch (b) {
            case STRING -> ArrowType.Utf8.INSTANCE;
            // Lance stores blobs as blob-v2 columns; LargeBinary is the logical type until then.
            case BLOB -> ArrowType.LargeBinary.INSTANCE;
            case BOOL -> ArrowType.Bool.INSTANCE;
            case I32 -> new ArrowType.Int(32, true);
            case I64 -> new ArrowType.Int(64, true);
            case U32 -> new ArrowType.Int(32, false);
            case U64 -> new ArrowType.Int(64, false);
            case F32 -> float32();
            case F64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case DATE_TIME -> new ArrowType.Date(DateUnit.MILLISECOND);
          };
    };
  }
}

package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON form of {@link SchemaIr}: snake_case fields in a fixed order, ids as unsigned integers.
 * Decoding is strict: unknown or missing fields are errors, so a stored IR either reads back
 * exactly or is refused.
 */
final class SchemaIrJson {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private SchemaIrJson() {}

  // ---- encode ----

  static Map<String, Object> encode(SchemaIr ir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ir_version", SchemaIr.VERSION);
    m.put("schema_identity_domain", ir.identityDomain());
    m.put("next_identity_id", id(ir.nextIdentityId()));
    m.put("interfaces", ir.interfaces().stream().map(SchemaIrJson::encodeInterface).toList());
    m.put("nodes", ir.nodes().stream().map(SchemaIrJson::encodeNode).toList());
    m.put("edges", ir.edges().stream().map(SchemaIrJson::encodeEdge).toList());
    return m;
  }

  private static Object id(long unsigned) {
    return unsigned >= 0 ? (Object) unsigned : new BigInteger(Long.toUnsignedString(unsigned));
  }

  private static Map<String, Object> encodeInterface(SchemaIr.Interface i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", i.name());
    m.put("type_id", id(i.typeId()));
    m.put("properties", i.properties().stream().map(SchemaIrJson::encodeProperty).toList());
    return m;
  }

  private static Map<String, Object> encodeNode(SchemaIr.Node n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.name());
    m.put("type_id", id(n.typeId()));
    m.put("table_incarnation_id", id(n.tableIncarnationId()));
    m.put("annotations", SchemaShape.annotationsJson(n.annotations()));
    m.put("implements", n.implementsRefs().stream().map(SchemaIrJson::encodeTypeRef).toList());
    m.put("properties", n.properties().stream().map(SchemaIrJson::encodeProperty).toList());
    m.put("constraints", n.constraints().stream().map(SchemaIrJson::encodeConstraint).toList());
    return m;
  }

  private static Map<String, Object> encodeEdge(SchemaIr.Edge e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("type_id", id(e.typeId()));
    m.put("table_incarnation_id", id(e.tableIncarnationId()));
    m.put("from_type", encodeTypeRef(e.fromType()));
    m.put("to_type", encodeTypeRef(e.toType()));
    m.put("cardinality", SchemaShape.cardinalityJson(e.cardinality()));
    m.put("annotations", SchemaShape.annotationsJson(e.annotations()));
    m.put("properties", e.properties().stream().map(SchemaIrJson::encodeProperty).toList());
    m.put("constraints", e.constraints().stream().map(SchemaIrJson::encodeConstraint).toList());
    return m;
  }

  private static Map<String, Object> encodeProperty(SchemaIr.Property p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("property_id", id(p.propertyId()));
    m.put("prop_type", SchemaShape.propTypeJson(p.type()));
    m.put("annotations", SchemaShape.annotationsJson(p.annotations()));
    m.put("property_constraints", p.propertyConstraints());
    m.put(
        "embed_source",
        p.embedSource()
            .map(e -> {
              Map<String, Object> em = new LinkedHashMap<>();
              em.put("source", encodePropertyRef(e.source()));
              em.put("model", e.model().orElse(null));
              return em;
            })
            .orElse(null));
    m.put("declared_directly", p.declaredDirectly());
    m.put(
        "satisfies_interface_properties",
        p.satisfiesInterfaceProperties().stream().map(SchemaIrJson::encodePropertyRef).toList());
    return m;
  }

  private static Map<String, Object> encodeTypeRef(SchemaIr.TypeRef t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type_id", id(t.typeId()));
    m.put("type_name", t.typeName());
    return m;
  }

  private static Map<String, Object> encodePropertyRef(SchemaIr.PropertyRef p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("owner_type_id", id(p.ownerTypeId()));
    m.put("owner_type_name", p.ownerTypeName());
    m.put("property_id", id(p.propertyId()));
    m.put("property_name", p.propertyName());
    return m;
  }

  private static Map<String, Object> encodeField(SchemaIr.FieldRef f) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (f) {
      case SchemaIr.PropertyField p -> {
        m.put("kind", "property");
        m.putAll(encodePropertyRef(p.property()));
      }
      case SchemaIr.SystemField s -> {
        m.put("kind", "system");
        m.put("stable_table_id", id(s.stableTableId()));
        m.put("table_type_name", s.tableTypeName());
        m.put("table_incarnation_id", id(s.tableIncarnationId()));
        m.put("role", s.role());
      }
    }
    return m;
  }

  private static Map<String, Object> encodeConstraint(SchemaIr.IrConstraint c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", c.kind());
    switch (c.kind()) {
      case "range" -> {
        m.put("field", encodeField(c.fields().getFirst()));
        m.put("min", c.min().map(SchemaShape::boundJson).orElse(null));
        m.put("max", c.max().map(SchemaShape::boundJson).orElse(null));
      }
      case "check" -> {
        m.put("field", encodeField(c.fields().getFirst()));
        m.put("pattern", c.pattern().orElseThrow());
      }
      default -> m.put("fields", c.fields().stream().map(SchemaIrJson::encodeField).toList());
    }
    return m;
  }

  // ---- decode ----

  static SchemaIr decode(String json) {
    Object tree;
    try {
      tree = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    Obj root = new Obj(tree, "IR");
    root.only(
        "ir_version", "schema_identity_domain", "next_identity_id", "interfaces", "nodes", "edges");
    long version = root.unsigned("ir_version");
    if (version != SchemaIr.VERSION) {
      throw invalid(
          "ir_version "
              + Long.toUnsignedString(version)
              + " is not supported; this build reads version "
              + SchemaIr.VERSION);
    }
    return new SchemaIr(
        root.string("schema_identity_domain"),
        root.unsigned("next_identity_id"),
        root.list("interfaces").stream().map(SchemaIrJson::decodeInterface).toList(),
        root.list("nodes").stream().map(SchemaIrJson::decodeNode).toList(),
        root.list("edges").stream().map(SchemaIrJson::decodeEdge).toList());
  }

  private static SchemaIr.Interface decodeInterface(Obj o) {
    o.only("name", "type_id", "properties");
    return new SchemaIr.Interface(
        o.string("name"),
        o.unsigned("type_id"),
        o.list("properties").stream().map(SchemaIrJson::decodeProperty).toList());
  }

  private static SchemaIr.Node decodeNode(Obj o) {
    o.only(
        "name",
        "type_id",
        "table_incarnation_id",
        "annotations",
        "implements",
        "properties",
        "constraints");
    return new SchemaIr.Node(
        o.string("name"),
        o.unsigned("type_id"),
        o.unsigned("table_incarnation_id"),
        o.list("annotations").stream().map(SchemaIrJson::decodeAnnotation).toList(),
        o.list("implements").stream().map(SchemaIrJson::decodeTypeRef).toList(),
        o.list("properties").stream().map(SchemaIrJson::decodeProperty).toList(),
        o.list("constraints").stream().map(SchemaIrJson::decodeConstraint).toList());
  }

  private static SchemaIr.Edge decodeEdge(Obj o) {
    o.only(
        "name",
        "type_id",
        "table_incarnation_id",
        "from_type",
        "to_type",
        "cardinality",
        "annotations",
        "properties",
        "constraints");
    Obj card = o.obj("cardinality");
    card.only("min", "max");
    long min = card.unsigned("min");
    OptionalLong max =
        card.isNull("max") ? OptionalLong.empty() : OptionalLong.of(card.unsigned("max"));
    if (Long.compareUnsigned(min, 0xFFFF_FFFFL) > 0
        || (max.isPresent() && Long.compareUnsigned(max.getAsLong(), 0xFFFF_FFFFL) > 0)) {
      throw invalid("cardinality bounds must fit in 32 bits");
    }
    if (max.isPresent() && max.getAsLong() < min) {
      throw invalid("cardinality min exceeds max in edge " + o.string("name"));
    }
    return new SchemaIr.Edge(
        o.string("name"),
        o.unsigned("type_id"),
        o.unsigned("table_incarnation_id"),
        decodeTypeRef(o.obj("from_type")),
        decodeTypeRef(o.obj("to_type")),
        new Cardinality(min, max),
        o.list("annotations").stream().map(SchemaIrJson::decodeAnnotation).toList(),
        o.list("properties").stream().map(SchemaIrJson::decodeProperty).toList(),
        o.list("constraints").stream().map(SchemaIrJson::decodeConstraint).toList());
  }

  private static SchemaIr.Property decodeProperty(Obj o) {
    o.only(
        "name",
        "property_id",
        "prop_type",
        "annotations",
        "property_constraints",
        "embed_source",
        "declared_directly",
        "satisfies_interface_properties");
    Optional<SchemaIr.EmbedSource> embed = Optional.empty();
    if (!o.isNull("embed_source")) {
      Obj e = o.obj("embed_source");
      e.only("source", "model");
      embed =
          Optional.of(
              new SchemaIr.EmbedSource(
                  decodePropertyRef(e.obj("source")),
                  e.isNull("model") ? Optional.empty() : Optional.of(e.string("model"))));
    }
    return new SchemaIr.Property(
        o.string("name"),
        o.unsigned("property_id"),
        decodePropType(o.obj("prop_type")),
        o.list("annotations").stream().map(SchemaIrJson::decodeAnnotation).toList(),
        o.strings("property_constraints"),
        embed,
        o.bool("declared_directly"),
        o.list("satisfies_interface_properties").stream()
            .map(SchemaIrJson::decodePropertyRef)
            .toList());
  }

  private static PropType decodePropType(Obj o) {
    o.only("scalar", "nullable", "list", "enum_values");
    Object scalarJson = o.raw("scalar");
    ScalarType scalar;
    if (scalarJson instanceof String s) {
      scalar =
          BaseType.named(s).orElseThrow(() -> invalid("unknown scalar type '" + s + "' in IR"));
    } else {
      Obj v = new Obj(scalarJson, "scalar");
      v.only("vector");
      long dim = v.unsigned("vector");
      if (dim < 1 || dim > Integer.MAX_VALUE) {
        throw invalid("vector dimension " + dim + " out of range 1.." + Integer.MAX_VALUE);
      }
      scalar = new VectorType((int) dim);
    }
    boolean list = o.bool("list");
    List<String> enumValues = o.isNull("enum_values") ? List.of() : o.strings("enum_values");
    if (o.raw("enum_values") != null && enumValues.isEmpty()) {
      throw invalid("enum_values must be null or non-empty");
    }
    try {
      return new PropType(scalar, o.bool("nullable"), list, enumValues);
    } catch (IllegalArgumentException e) {
      throw invalid("bad prop_type: " + e.getMessage());
    }
  }

  private static AnnotationValue decodeAnnotation(Obj o) {
    o.only("name", "value", "kwargs");
    Map<String, String> kwargs = new TreeMap<>();
    if (o.has("kwargs")) {
      Obj k = o.obj("kwargs");
      for (String key : k.keys()) {
        kwargs.put(key, k.string(key));
      }
      if (kwargs.isEmpty()) {
        throw invalid("annotation kwargs must be omitted when empty");
      }
    }
    return new AnnotationValue(
        o.string("name"),
        o.isNull("value") ? Optional.empty() : Optional.of(o.string("value")),
        new TreeMap<>(kwargs));
  }

  private static SchemaIr.TypeRef decodeTypeRef(Obj o) {
    o.only("type_id", "type_name");
    return new SchemaIr.TypeRef(o.unsigned("type_id"), o.string("type_name"));
  }

  private static SchemaIr.PropertyRef decodePropertyRef(Obj o) {
    o.only("owner_type_id", "owner_type_name", "property_id", "property_name");
    return new SchemaIr.PropertyRef(
        o.unsigned("owner_type_id"),
        o.string("owner_type_name"),
        o.unsigned("property_id"),
        o.string("property_name"));
  }

  private static SchemaIr.FieldRef decodeField(Obj o) {
    String kind = o.string("kind");
    return switch (kind) {
      case "property" -> {
        o.only("kind", "owner_type_id", "owner_type_name", "property_id", "property_name");
        yield new SchemaIr.PropertyField(
            new SchemaIr.PropertyRef(
                o.unsigned("owner_type_id"),
                o.string("owner_type_name"),
                o.unsigned("property_id"),
                o.string("property_name")));
      }
      case "system" -> {
        o.only("kind", "stable_table_id", "table_type_name", "table_incarnation_id", "role");
        String role = o.string("role");
        if (!Set.of("id", "src", "dst").contains(role)) {
          throw invalid("unknown system field role '" + role + "'");
        }
        yield new SchemaIr.SystemField(
            o.unsigned("stable_table_id"),
            o.string("table_type_name"),
            o.unsigned("table_incarnation_id"),
            role);
      }
      default -> throw invalid("unknown field kind '" + kind + "'");
    };
  }

  private static SchemaIr.IrConstraint decodeConstraint(Obj o) {
    String kind = o.string("kind");
    return switch (kind) {
      case "key", "unique", "index" -> {
        o.only("kind", "fields");
        List<SchemaIr.FieldRef> fields =
            o.list("fields").stream().map(SchemaIrJson::decodeField).toList();
        if (fields.isEmpty()) {
          throw invalid(kind + " constraint without fields");
        }
        yield new SchemaIr.IrConstraint(
            kind, fields, Optional.empty(), Optional.empty(), Optional.empty());
      }
      case "range" -> {
        o.only("kind", "field", "min", "max");
        yield new SchemaIr.IrConstraint(
            kind,
            List.of(decodeField(o.obj("field"))),
            o.isNull("min") ? Optional.empty() : Optional.of(decodeBound(o.obj("min"))),
            o.isNull("max") ? Optional.empty() : Optional.of(decodeBound(o.obj("max"))),
            Optional.empty());
      }
      case "check" -> {
        o.only("kind", "field", "pattern");
        yield new SchemaIr.IrConstraint(
            kind,
            List.of(decodeField(o.obj("field"))),
            Optional.empty(),
            Optional.empty(),
            Optional.of(o.string("pattern")));
      }
      default -> throw invalid("unknown constraint kind '" + kind + "'");
    };
  }

  private static Bound decodeBound(Obj o) {
    if (o.has("integer")) {
      o.only("integer");
      Object v = o.raw("integer");
      if (!(v instanceof Long l)) {
        throw invalid("integer bound must fit in a signed 64-bit integer");
      }
      return new Bound.IntegerBound(l);
    }
    o.only("float");
    Object v = o.raw("float");
    if (v instanceof Double d) {
      return new Bound.FloatBound(d);
    }
    throw invalid("float bound must be a JSON number with a fraction or exponent");
  }

  static CompileError invalid(String message) {
    return new CompileError(ErrorKind.INVALID_IR, message);
  }

  /** A JSON object read strictly, with errors that name the field. */
  private static final class Obj {
    private final Map<String, Object> map;
    private final String where;

    @SuppressWarnings("unchecked")
    Obj(Object value, String where) {
      if (!(value instanceof Map<?, ?>)) {
        throw invalid(where + " must be a JSON object");
      }
      this.map = (Map<String, Object>) value;
      this.where = where;
    }

    void only(String... allowed) {
      Set<String> ok = Set.of(allowed);
      for (String k : map.keySet()) {
        if (!ok.contains(k)) {
          throw invalid("unknown field '" + k + "' in " + where);
        }
      }
    }

    Iterable<String> keys() {
      return map.keySet();
    }

    boolean has(String key) {
      return map.containsKey(key);
    }

    Object raw(String key) {
      if (!map.containsKey(key)) {
        throw invalid("missing field '" + key + "' in " + where);
      }
      return map.get(key);
    }

    boolean isNull(String key) {
      return raw(key) == null;
    }

    String string(String key) {
      if (raw(key) instanceof String s) {
        return s;
      }
      throw invalid("field '" + key + "' in " + where + " must be a string");
    }

    boolean bool(String key) {
      if (raw(key) instanceof Boolean b) {
        return b;
      }
      throw invalid("field '" + key + "' in " + where + " must be true or false");
    }

    long unsigned(String key) {
      Object v = raw(key);
      if (v instanceof Long l && l >= 0) {
        return l;
      }
      if (v instanceof BigInteger b && b.signum() >= 0 && b.compareTo(TWO_64) < 0) {
        return b.longValue();
      }
      throw invalid("field '" + key + "' in " + where + " must be an unsigned 64-bit integer");
    }

    Obj obj(String key) {
      return new Obj(raw(key), where + "." + key);
    }

    List<Obj> list(String key) {
      List<Obj> out = new ArrayList<>();
      int i = 0;
      for (Object item : array(key)) {
        out.add(new Obj(item, where + "." + key + "[" + i++ + "]"));
      }
      return out;
    }

    List<String> strings(String key) {
      List<String> out = new ArrayList<>();
      for (Object item : array(key)) {
        if (!(item instanceof String s)) {
          throw invalid("field '" + key + "' in " + where + " must be a list of strings");
        }
        out.add(s);
      }
      return out;
    }

    private List<?> array(String key) {
      if (raw(key) instanceof List<?> l) {
        return l;
      }
      throw invalid("field '" + key + "' in " + where + " must be a list");
    }
  }
}

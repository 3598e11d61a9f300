package dev.omnigraph.lang.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accepted, identity-bearing schema (version 2): every interface, node, edge and property has a
 * stable non-zero id from one per-graph sequence, every node and edge a table incarnation id, and
 * references between them name both id and name. Ids never change for the life of a declaration and
 * are never reused; {@code nextIdentityId} is the allocator's high-water mark. Instances are
 * canonical (sorted, validated) whenever built by this package.
 */
public record SchemaIr(
    String identityDomain,
    long nextIdentityId,
    List<Interface> interfaces,
    List<Node> nodes,
    List<Edge> edges) {
  /** The IR format version this code reads and writes. */
  public static final int VERSION = 2;

  public SchemaIr {
    interfaces = List.copyOf(interfaces);
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** A reference to a type by id and name. */
  public record TypeRef(long typeId, String typeName) {}

  /** A reference to a property by its owner's id and name and its own id and name. */
  public record PropertyRef(
      long ownerTypeId, String ownerTypeName, long propertyId, String propertyName) {}

  /** A column a constraint reads: a user property or a system column. */
  public sealed interface FieldRef {
    /** The column's name in the table: the property name or the system role. */
    String columnName();
  }

  /** A user property column. */
  public record PropertyField(PropertyRef property) implements FieldRef {
    @Override
    public String columnName() {
      return property.propertyName();
    }
  }

  /** A system column ({@code id}, or on edges {@code src} and {@code dst}) of a table. */
  public record SystemField(
      long stableTableId, String tableTypeName, long tableIncarnationId, String role)
      implements FieldRef {
    @Override
    public String columnName() {
      return role;
    }
  }

  /**
   * A constraint over fields: {@code kind} is {@code key}, {@code unique}, {@code index}, {@code
   * range} or {@code check}; range and check read exactly one field.
   */
  public record IrConstraint(
      String kind,
      List<FieldRef> fields,
      Optional<Bound> min,
      Optional<Bound> max,
      Optional<String> pattern) {
    public IrConstraint {
      fields = List.copyOf(fields);
    }

    /**
     * The constraint's identity: its kind and its fields by id (order-free), plus bounds or
     * pattern; renames never change it.
     */
    public String identityKey() {
      List<String> keys = fields.stream().map(IrConstraint::fieldKey).sorted().toList();
      return switch (kind) {
        case "range" ->
            "range:"
                + keys.getFirst()
                + ":"
                + min.map(b -> "Some(" + b.debugForm() + ")").orElse("None")
                + ":"
                + max.map(b -> "Some(" + b.debugForm() + ")").orElse("None");
        case "check" -> "check:" + keys.getFirst() + ":" + pattern.orElse("");
        default -> kind + ":" + String.join(",", keys);
      };
    }

    static String fieldKey(FieldRef f) {
      return switch (f) {
        case PropertyField p -> Long.toUnsignedString(p.property().propertyId());
        case SystemField s -> s.role();
      };
    }
  }

  /** The vector property's source property and model. */
  public record EmbedSource(PropertyRef source, Optional<String> model) {}

  /** A property with its stable id. */
  public record Property(
      String name,
      long propertyId,
      PropType type,
      List<AnnotationValue> annotations,
      List<String> propertyConstraints,
      Optional<EmbedSource> embedSource,
      boolean declaredDirectly,
      List<PropertyRef> satisfiesInterfaceProperties) {
    public Property {
      annotations = List.copyOf(annotations);
      propertyConstraints = List.copyOf(propertyConstraints);
      satisfiesInterfaceProperties = List.copyOf(satisfiesInterfaceProperties);
    }
  }

  /** An interface with its stable id. */
  public record Interface(String name, long typeId, List<Property> properties) {
    public Interface {
      properties = List.copyOf(properties);
    }
  }

  /** A node type with its stable id and the id of its current table incarnation. */
  public record Node(
      String name,
      long typeId,
      long tableIncarnationId,
      List<AnnotationValue> annotations,
      List<TypeRef> implementsRefs,
      List<Property> properties,
      List<IrConstraint> constraints) {
    public Node {
      annotations = List.copyOf(annotations);
      implementsRefs = List.copyOf(implementsRefs);
      properties = List.copyOf(properties);
      constraints = List.copyOf(constraints);
    }
  }

  /** An edge type with its stable id, table incarnation id and endpoints. */
  public record Edge(
      String name,
      long typeId,
      long tableIncarnationId,
      TypeRef fromType,
      TypeRef toType,
      Cardinality cardinality,
      List<AnnotationValue> annotations,
      List<Property> properties,
      List<IrConstraint> constraints) {
    public Edge {
      annotations = List.copyOf(annotations);
      properties = List.copyOf(properties);
      constraints = List.copyOf(constraints);
    }
  }

  /** The node named {@code name}. */
  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The edge named {@code name}. */
  public Optional<Edge> edge(String name) {
    return edges.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The interface named {@code name}. */
  public Optional<Interface> iface(String name) {
    return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** The compact canonical JSON that {@link #hash()} is computed over. */
  public String toJson() {
    return Json.write(SchemaIrJson.encode(this));
  }

  /** The same JSON, indented for people. */
  public String toPrettyJson() {
    return Json.writePretty(SchemaIrJson.encode(this));
  }

  /** {@code "sha256:"} followed by the lowercase hex SHA-256 of {@link #toJson()}. */
  public String hash() {
    return SchemaShape.sha256(toJson());
  }

  /**
   * Reads and validates stored IR JSON.
   *
   * @throws dev.omnigraph.lang.source.CompileError of kind {@code INVALID_IR} (or {@code ZERO_ID},
   *     {@code INVALID_DOMAIN}) when the text is not a valid version-2 IR
   */
  public static SchemaIr fromJson(String json) {
    SchemaIr ir = SchemaIrJson.decode(json);
    SchemaIrValidator.validate(ir);
    return ir;
  }

  /** Checks every IR invariant; throws {@code CompileError} of kind {@code INVALID_IR}. */
  public SchemaIr validate() {
    SchemaIrValidator.validate(this);
    return this;
  }

  /** The identity-free shape of this schema. */
  public SchemaShape shape() {
    return SchemaIrShape.project(this);
  }

  /** The JSON value tree of this IR, for embedding in larger documents. */
  public Map<String, Object> toJsonTree() {
    return SchemaIrJson.encode(this);
  }
}

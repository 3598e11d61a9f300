package dev.omnigraph.lang.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical, identity-free form of a schema: declarations, properties, annotations and
 * constraints sorted and normalised, so that two sources differing only in order, comments or
 * rename hints have equal shapes and equal {@link #hash() hashes}.
 */
public record SchemaShape(List<Interface> interfaces, List<Node> nodes, List<Edge> edges) {
  public SchemaShape {
    interfaces = List.copyOf(interfaces);
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** An interface and its properties, sorted by name. */
  public record Interface(String name, List<Property> properties) {
    public Interface {
      properties = List.copyOf(properties);
    }
  }

  /**
   * A node type. {@code renameFrom} is the source's rename hint: it steers identity resolution and
   * is never part of the hash.
   */
  public record Node(
      String name,
      List<AnnotationValue> annotations,
      List<String> implementsNames,
      List<Property> properties,
      List<ShapeConstraint> constraints,
      Optional<String> renameFrom) {
    public Node {
      annotations = List.copyOf(annotations);
      implementsNames = List.copyOf(implementsNames);
      properties = List.copyOf(properties);
      constraints = List.copyOf(constraints);
    }
  }

  /** An edge type; {@code renameFrom} as for {@link Node}. */
  public record Edge(
      String name,
      String fromType,
      String toType,
      Cardinality cardinality,
      List<AnnotationValue> annotations,
      List<Property> properties,
      List<ShapeConstraint> constraints,
      Optional<String> renameFrom) {
    public Edge {
      annotations = List.copyOf(annotations);
      properties = List.copyOf(properties);
      constraints = List.copyOf(constraints);
    }
  }

  /**
   * A property: its type, its metadata annotations, the constraints written on it ({@code key},
   * {@code index}, {@code unique}, sorted), its embedding binding, and where it comes from.
   */
  public record Property(
      String name,
      PropType type,
      List<AnnotationValue> annotations,
      List<String> propertyConstraints,
      Optional<EmbedSource> embedSource,
      boolean declaredDirectly,
      List<PropertyOrigin.InterfaceProperty> satisfiesInterfaceProperties,
      Optional<String> renameFrom) {
    public Property {
      annotations = List.copyOf(annotations);
      propertyConstraints = List.copyOf(propertyConstraints);
      satisfiesInterfaceProperties = List.copyOf(satisfiesInterfaceProperties);
    }
  }

  /** The String property a vector property embeds, and the model if one is named. */
  public record EmbedSource(String property, Optional<String> model) {}

  /**
   * A normalised constraint: {@code kind} is {@code key}, {@code unique}, {@code index}, {@code
   * range} or {@code check}; key/unique/index columns are sorted and distinct.
   */
  public record ShapeConstraint(
      String kind,
      List<String> columns,
      Optional<Bound> min,
      Optional<Bound> max,
      Optional<String> pattern)
      implements Comparable<ShapeConstraint> {
    public ShapeConstraint {
      columns = List.copyOf(columns);
    }

    /** The textual key constraints are sorted and deduplicated by. */
    public String sortKey() {
      return switch (kind) {
        case "range" -> "range:" + columns.getFirst() + ":" + debug(min) + ":" + debug(max);
        case "check" -> "check:" + columns.getFirst() + ":" + pattern.orElse("");
        default -> kind + ":" + String.join(",", columns);
      };
    }

    private static String debug(Optional<Bound> b) {
      return b.map(x -> "Some(" + x.debugForm() + ")").orElse("None");
    }

    @Override
    public int compareTo(ShapeConstraint o) {
      return sortKey().compareTo(o.sortKey());
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

  /** The canonical compact JSON the hash is computed over; rename hints are left out. */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("interfaces", interfaces.stream().map(SchemaShape::interfaceJson).toList());
    root.put("nodes", nodes.stream().map(SchemaShape::nodeJson).toList());
    root.put("edges", edges.stream().map(SchemaShape::edgeJson).toList());
    return Json.write(root);
  }

  /** {@code "sha256:"} followed by the lowercase hex SHA-256 of {@link #toJson()}. */
  public String hash() {
    return sha256(toJson());
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return "sha256:"
          + HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static Map<String, Object> interfaceJson(Interface i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", i.name());
    m.put("properties", i.properties().stream().map(SchemaShape::propertyJson).toList());
    return m;
  }

  private static Map<String, Object> nodeJson(Node n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.name());
    m.put("annotations", annotationsJson(n.annotations()));
    m.put("implements", n.implementsNames());
    m.put("properties", n.properties().stream().map(SchemaShape::propertyJson).toList());
    m.put("constraints", n.constraints().stream().map(SchemaShape::constraintJson).toList());
    return m;
  }

  private static Map<String, Object> edgeJson(Edge e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("from_type", e.fromType());
    m.put("to_type", e.toType());
    m.put("cardinality", cardinalityJson(e.cardinality()));
    m.put("annotations", annotationsJson(e.annotations()));
    m.put("properties", e.properties().stream().map(SchemaShape::propertyJson).toList());
    m.put("constraints", e.constraints().stream().map(SchemaShape::constraintJson).toList());
    return m;
  }

  private static Map<String, Object> propertyJson(Property p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("prop_type", propTypeJson(p.type()));
    m.put("annotations", annotationsJson(p.annotations()));
    m.put("property_constraints", p.propertyConstraints());
    m.put(
        "embed_source",
        p.embedSource()
            .map(e -> {
              Map<String, Object> em = new LinkedHashMap<>();
              em.put("property", e.property());
              em.put("model", e.model().orElse(null));
              return em;
            })
            .orElse(null));
    m.put("declared_directly", p.declaredDirectly());
    List<Object> links = new ArrayList<>();
    for (PropertyOrigin.InterfaceProperty ip : p.satisfiesInterfaceProperties()) {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("interface", ip.interfaceName());
      lm.put("property", ip.propertyName());
      links.add(lm);
    }
    m.put("satisfies_interface_properties", links);
    return m;
  }

  private static Map<String, Object> constraintJson(ShapeConstraint c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", c.kind());
    switch (c.kind()) {
      case "range" -> {
        m.put("property", c.columns().getFirst());
        m.put("min", c.min().map(SchemaShape::boundJson).orElse(null));
        m.put("max", c.max().map(SchemaShape::boundJson).orElse(null));
      }
      case "check" -> {
        m.put("property", c.columns().getFirst());
        m.put("pattern", c.pattern().orElseThrow());
      }
      default -> m.put("columns", c.columns());
    }
    return m;
  }

  static List<Object> annotationsJson(List<AnnotationValue> annotations) {
    return annotations.stream().map(a -> (Object) a.toJson()).toList();
  }

  static Map<String, Object> cardinalityJson(Cardinality c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("min", c.min());
    m.put("max", c.max().isPresent() ? c.max().getAsLong() : null);
    return m;
  }

  static Map<String, Object> boundJson(Bound b) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (b) {
      case Bound.IntegerBound i -> m.put("integer", i.value());
      case Bound.FloatBound f -> m.put("float", f.value());
    }
    return m;
  }

  static Map<String, Object> propTypeJson(PropType t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "scalar",
        switch (t.scalar()) {
          case BaseType b -> b.displayName();
          case VectorType v -> {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("vector", v.dimension());
            yield vm;
          }
        });
    m.put("nullable", t.nullable());
    m.put("list", t.list());
    m.put("enum_values", t.isEnum() ? t.enumValues() : null);
    return m;
  }
}

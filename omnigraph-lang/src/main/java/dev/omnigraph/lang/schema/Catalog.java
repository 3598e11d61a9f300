package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * The runtime view of a schema that queries and writes are checked against: node, edge and
 * interface types with their columns, key, constraints and index intents. A catalog is either bound
 * to an accepted {@link SchemaIr} (its ids are the graph's) or unbound (built from source alone,
 * for offline checks; id lookups are then empty).
 */
public final class Catalog {
  /** The system column that holds every row's identity. */
  public static final String ID_COLUMN = "id";

  /** The system columns of an edge that hold its endpoints' ids. */
  public static final String SRC_COLUMN = "src";

  /** The system column of an edge that holds its target node's id. */
  public static final String DST_COLUMN = "dst";

  /** Inclusive numeric bounds on a property. */
  public record RangeRule(String property, Optional<Bound> min, Optional<Bound> max) {}

  /** A regular expression a String property's values must contain. */
  public record CheckRule(String property, String pattern) {}

  /** The String property a vector property embeds, and the model if one is named. */
  public record EmbedRule(String sourceProperty, Optional<String> model) {}

  /**
   * A node type: properties in column order (by name), its key columns in tuple order (ascending
   * stable property id), and its constraints by property name.
   */
  public record NodeType(
      String name,
      long typeId,
      long tableIncarnationId,
      List<String> implementsNames,
      SequencedMap<String, PropType> properties,
      Map<String, Long> propertyIds,
      List<String> key,
      List<List<String>> uniqueConstraints,
      List<List<String>> indices,
      List<RangeRule> ranges,
      List<CheckRule> checks,
      Map<String, EmbedRule> embedSources,
      List<String> blobProperties,
      Map<String, String> descriptions) {
    public NodeType {
      implementsNames = List.copyOf(implementsNames);
      properties = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(properties));
      propertyIds = Map.copyOf(propertyIds);
      key = List.copyOf(key);
      uniqueConstraints = List.copyOf(uniqueConstraints);
      indices = List.copyOf(indices);
      ranges = List.copyOf(ranges);
      checks = List.copyOf(checks);
      embedSources = Map.copyOf(embedSources);
      blobProperties = List.copyOf(blobProperties);
      descriptions = Map.copyOf(descriptions);
    }

    public boolean isKeyed() {
      return !key.isEmpty();
    }

    /** The types of the key columns, in tuple order, for {@link KeyId#of}. */
    public List<PropType> keyTypes() {
      return key.stream().map(properties::get).toList();
    }

    /** The table's columns in order: {@code id}, then every property by name. */
    public List<String> columns() {
      List<String> cols = new ArrayList<>();
      cols.add(ID_COLUMN);
      cols.addAll(properties.keySet());
      return cols;
    }

    /** The name of this type's table incarnation: type id and incarnation id as 16 hex digits. */
    public String storageName() {
      return Catalog.storageName(typeId, tableIncarnationId);
    }
  }

  /** An edge type from {@code fromType} to {@code toType} nodes. */
  public record EdgeType(
      String name,
      long typeId,
      long tableIncarnationId,
      String fromType,
      String toType,
      Cardinality cardinality,
      SequencedMap<String, PropType> properties,
      Map<String, Long> propertyIds,
      List<List<String>> uniqueConstraints,
      List<List<String>> indices,
      List<String> blobProperties,
      Map<String, String> descriptions) {
    public EdgeType {
      properties = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(properties));
      propertyIds = Map.copyOf(propertyIds);
      uniqueConstraints = List.copyOf(uniqueConstraints);
      indices = List.copyOf(indices);
      blobProperties = List.copyOf(blobProperties);
      descriptions = Map.copyOf(descriptions);
    }

    /** The table's columns in order: {@code id}, {@code src}, {@code dst}, then properties. */
    public List<String> columns() {
      List<String> cols = new ArrayList<>(List.of(ID_COLUMN, SRC_COLUMN, DST_COLUMN));
      cols.addAll(properties.keySet());
      return cols;
    }

    /** The name of this type's table incarnation: type id and incarnation id as 16 hex digits. */
    public String storageName() {
      return Catalog.storageName(typeId, tableIncarnationId);
    }
  }

  /** An interface and its properties by name. */
  public record InterfaceType(String name, long typeId, SequencedMap<String, PropType> properties) {
    public InterfaceType {
      properties = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(properties));
    }
  }

  private final SchemaIr ir;
  private final boolean bound;
  private final Map<String, NodeType> nodes;
  private final Map<String, EdgeType> edges;
  private final Map<String, InterfaceType> interfaces;
  private final Map<String, String> edgeNameIndex;

  private Catalog(SchemaIr ir, boolean bound) {
    this.ir = ir;
    this.bound = bound;
    Map<String, NodeType> n = new TreeMap<>();
    for (SchemaIr.Node node : ir.nodes()) {
      n.put(node.name(), nodeType(node));
    }
    Map<String, EdgeType> e = new TreeMap<>();
    Map<String, String> folded = new TreeMap<>();
    for (SchemaIr.Edge edge : ir.edges()) {
      e.put(edge.name(), edgeType(edge));
      String other = folded.putIfAbsent(edge.name().toLowerCase(Locale.ROOT), edge.name());
      if (other != null) {
        throw new CompileError(
            ErrorKind.CATALOG,
            "edge name collision after case folding: '"
                + other
                + "' and '"
                + edge.name()
                + "' (queries name edges case-insensitively; rename one)");
      }
    }
    Map<String, InterfaceType> i = new TreeMap<>();
    for (SchemaIr.Interface iface : ir.interfaces()) {
      i.put(
          iface.name(), new InterfaceType(iface.name(), iface.typeId(), props(iface.properties())));
    }
    this.nodes = Collections.unmodifiableMap(n);
    this.edges = Collections.unmodifiableMap(e);
    this.interfaces = Collections.unmodifiableMap(i);
    this.edgeNameIndex = Collections.unmodifiableMap(folded);
  }

  /** The catalog of an accepted schema: its ids are the graph's. */
  public static Catalog bound(SchemaIr ir) {
    return new Catalog(ir, true);
  }

  /** A catalog built from source alone, for offline checks: id lookups are empty. */
  static Catalog unbound(SchemaIr provisional) {
    return new Catalog(provisional, false);
  }

  public boolean isBound() {
    return bound;
  }

  /** The IR this catalog was built from (provisional ids when unbound). */
  public SchemaIr ir() {
    return ir;
  }

  /** Node types by name, sorted. */
  public Map<String, NodeType> nodeTypes() {
    return nodes;
  }

  /** Edge types by name, sorted. */
  public Map<String, EdgeType> edgeTypes() {
    return edges;
  }

  /** Interfaces by name, sorted. */
  public Map<String, InterfaceType> interfaces() {
    return interfaces;
  }

  public Optional<NodeType> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /** The edge type named {@code name}, ignoring case as queries do. */
  public Optional<EdgeType> edge(String name) {
    return Optional.ofNullable(edgeNameIndex.get(name.toLowerCase(Locale.ROOT))).map(edges::get);
  }

  public Optional<InterfaceType> iface(String name) {
    return Optional.ofNullable(interfaces.get(name));
  }

  /**
   * The type id of the one node, edge or interface named {@code name}; empty when unbound, unknown,
   * or when several kinds share the name.
   */
  public OptionalLong typeId(String name) {
    if (!bound) {
      return OptionalLong.empty();
    }
    List<Long> found = new ArrayList<>();
    if (nodes.containsKey(name)) {
      found.add(nodes.get(name).typeId());
    }
    if (edges.containsKey(name)) {
      found.add(edges.get(name).typeId());
    }
    if (interfaces.containsKey(name)) {
      found.add(interfaces.get(name).typeId());
    }
    return found.size() == 1 ? OptionalLong.of(found.getFirst()) : OptionalLong.empty();
  }

  public OptionalLong nodeTypeId(String name) {
    return bound && nodes.containsKey(name)
        ? OptionalLong.of(nodes.get(name).typeId())
        : OptionalLong.empty();
  }

  public OptionalLong edgeTypeId(String name) {
    return bound && edges.containsKey(name)
        ? OptionalLong.of(edges.get(name).typeId())
        : OptionalLong.empty();
  }

  public OptionalLong interfaceTypeId(String name) {
    return bound && interfaces.containsKey(name)
        ? OptionalLong.of(interfaces.get(name).typeId())
        : OptionalLong.empty();
  }

  /**
   * The table incarnation id of the one node or edge named {@code name}; empty when unbound,
   * unknown, or when a node and an edge share the name.
   */
  public OptionalLong tableIncarnationId(String name) {
    if (!bound || (nodes.containsKey(name) && edges.containsKey(name))) {
      return OptionalLong.empty();
    }
    if (nodes.containsKey(name)) {
      return OptionalLong.of(nodes.get(name).tableIncarnationId());
    }
    return edges.containsKey(name)
        ? OptionalLong.of(edges.get(name).tableIncarnationId())
        : OptionalLong.empty();
  }

  /** The stable id of property {@code property} of the type {@code owner} names unambiguously. */
  public OptionalLong propertyId(String owner, String property) {
    if (!bound || typeId(owner).isEmpty()) {
      return OptionalLong.empty();
    }
    Map<String, Long> ids =
        nodes.containsKey(owner)
            ? nodes.get(owner).propertyIds()
            : edges.containsKey(owner) ? edges.get(owner).propertyIds() : interfaceIds(owner);
    Long id = ids.get(property);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  private Map<String, Long> interfaceIds(String owner) {
    Map<String, Long> ids = new TreeMap<>();
    ir.iface(owner).ifPresent(i -> i.properties().forEach(p -> ids.put(p.name(), p.propertyId())));
    return ids;
  }

  static String storageName(long typeId, long incarnationId) {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(typeId) + "-" + hex.toHexDigits(incarnationId);
  }

  private static NodeType nodeType(SchemaIr.Node node) {
    List<String> key = new ArrayList<>();
    List<List<String>> unique = new ArrayList<>();
    List<List<String>> indices = new ArrayList<>();
    List<RangeRule> ranges = new ArrayList<>();
    List<CheckRule> checks = new ArrayList<>();
    for (SchemaIr.IrConstraint c : node.constraints()) {
      List<String> cols = c.fields().stream().map(SchemaIr.FieldRef::columnName).toList();
      switch (c.kind()) {
        case "key" -> key.addAll(cols);
        case "unique" -> unique.add(cols);
        case "index" -> indices.add(cols);
        case "range" -> ranges.add(new RangeRule(cols.getFirst(), c.min(), c.max()));
        case "check" -> checks.add(new CheckRule(cols.getFirst(), c.pattern().orElseThrow()));
        default -> throw new IllegalStateException("validated IR has no constraint " + c.kind());
      }
    }
    if (!key.isEmpty() && !indices.contains(key)) {
      indices.add(List.copyOf(key));
    }
    Map<String, EmbedRule> embeds = new TreeMap<>();
    for (SchemaIr.Property p : node.properties()) {
      p.embedSource()
          .ifPresent(
              e -> embeds.put(p.name(), new EmbedRule(e.source().propertyName(), e.model())));
    }
    return new NodeType(
        node.name(),
        node.typeId(),
        node.tableIncarnationId(),
        node.implementsRefs().stream().map(SchemaIr.TypeRef::typeName).sorted().toList(),
        props(node.properties()),
        ids(node.properties()),
        key,
        unique,
        indices,
        ranges,
        checks,
        embeds,
        blobs(node.properties()),
        descriptions(node.annotations(), node.properties()));
  }

  private static EdgeType edgeType(SchemaIr.Edge edge) {
    List<List<String>> unique = new ArrayList<>();
    List<List<String>> indices = new ArrayList<>();
    for (SchemaIr.IrConstraint c : edge.constraints()) {
      List<String> cols = c.fields().stream().map(SchemaIr.FieldRef::columnName).toList();
      switch (c.kind()) {
        case "unique" -> unique.add(cols);
        case "index" -> indices.add(cols);
        default -> throw new IllegalStateException("edges carry no " + c.kind() + " constraint");
      }
    }
    return new EdgeType(
        edge.name(),
        edge.typeId(),
        edge.tableIncarnationId(),
        edge.fromType().typeName(),
        edge.toType().typeName(),
        edge.cardinality(),
        props(edge.properties()),
        ids(edge.properties()),
        unique,
        indices,
        blobs(edge.properties()),
        descriptions(edge.annotations(), edge.properties()));
  }

  private static SequencedMap<String, PropType> props(List<SchemaIr.Property> properties) {
    SequencedMap<String, PropType> m = new LinkedHashMap<>();
    properties.forEach(p -> m.put(p.name(), p.type()));
    return m;
  }

  private static Map<String, Long> ids(List<SchemaIr.Property> properties) {
    Map<String, Long> m = new TreeMap<>();
    properties.forEach(p -> m.put(p.name(), p.propertyId()));
    return m;
  }

  private static List<String> blobs(List<SchemaIr.Property> properties) {
    return properties.stream().filter(p -> p.type().isBlob()).map(SchemaIr.Property::name).toList();
  }

  // "" keys the type's own description; property descriptions are keyed by property name.
  private static Map<String, String> descriptions(
      List<AnnotationValue> typeAnnotations, List<SchemaIr.Property> properties) {
    Map<String, String> m = new TreeMap<>();
    typeAnnotations.stream()
        .filter(a -> a.name().equals("description"))
        .findFirst()
        .flatMap(AnnotationValue::value)
        .ifPresent(v -> m.put("", v));
    for (SchemaIr.Property p : properties) {
      p.annotations().stream()
          .filter(a -> a.name().equals("description"))
          .findFirst()
          .flatMap(AnnotationValue::value)
          .ifPresent(v -> m.put(p.name(), v));
    }
    return m;
  }
}

package dev.omnigraph.lang.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a {@link SchemaShape} plus an assignment of ids into a canonical {@link SchemaIr}. The same
 * code serves initialisation (fresh ids) and evolution (ids inherited by resolution).
 */
final class SchemaIrBuilder {
  /** The ids a shape's declarations receive; {@code kind} is interface, node or edge. */
  interface Identities {
    long typeId(String kind, String name);

    long propertyId(String kind, String owner, String property);

    long incarnationId(String kind, String name);

    long nextIdentityId();
  }

  private SchemaIrBuilder() {}

  /**
   * Allocates ids for a first schema: types in (kind, name) order with interface before node before
   * edge, then properties in (owner id, name) order, then table incarnations in type id order; so
   * the ids do not depend on the order of the source.
   */
  static SchemaIr initial(SchemaShape shape, String domain) {
    IdentityAllocator ids = new IdentityAllocator(1);
    Map<String, Long> types = new HashMap<>();
    shape.interfaces().forEach(i -> types.put("interface:" + i.name(), ids.allocate()));
    shape.nodes().forEach(n -> types.put("node:" + n.name(), ids.allocate()));
    shape.edges().forEach(e -> types.put("edge:" + e.name(), ids.allocate()));
    // Owners are visited in id order already (kind, then name), and properties are name-sorted.
    Map<String, Long> properties = new HashMap<>();
    shape
        .interfaces()
        .forEach(i ->
            i.properties()
                .forEach(
                    p -> properties.put("interface:" + i.name() + "." + p.name(), ids.allocate())));
    shape
        .nodes()
        .forEach(n ->
            n.properties()
                .forEach(p -> properties.put("node:" + n.name() + "." + p.name(), ids.allocate())));
    shape
        .edges()
        .forEach(e ->
            e.properties()
                .forEach(p -> properties.put("edge:" + e.name() + "." + p.name(), ids.allocate())));
    Map<String, Long> incarnations = new HashMap<>();
    shape.nodes().forEach(n -> incarnations.put("node:" + n.name(), ids.allocate()));
    shape.edges().forEach(e -> incarnations.put("edge:" + e.name(), ids.allocate()));
    long next = ids.next();
    return build(
        shape,
        domain,
        new Identities() {
          @Override
          public long typeId(String kind, String name) {
            return types.get(kind + ":" + name);
          }

          @Override
          public long propertyId(String kind, String owner, String property) {
            return properties.get(kind + ":" + owner + "." + property);
          }

          @Override
          public long incarnationId(String kind, String name) {
            return incarnations.get(kind + ":" + name);
          }

          @Override
          public long nextIdentityId() {
            return next;
          }
        });
  }

  static SchemaIr build(SchemaShape shape, String domain, Identities ids) {
    Map<String, Long> interfaceIds = new HashMap<>();
    List<SchemaIr.Interface> interfaces = new ArrayList<>();
    for (SchemaShape.Interface i : shape.interfaces()) {
      long tid = ids.typeId("interface", i.name());
      interfaceIds.put(i.name(), tid);
      interfaces.add(
          new SchemaIr.Interface(
              i.name(),
              tid,
              properties("interface", i.name(), tid, i.properties(), ids, Map.of(), Map.of())));
    }
    Map<String, SchemaIr.TypeRef> nodeRefs = new HashMap<>();
    for (SchemaShape.Node n : shape.nodes()) {
      nodeRefs.put(n.name(), new SchemaIr.TypeRef(ids.typeId("node", n.name()), n.name()));
    }
    Map<String, Long> interfacePropertyIds = new HashMap<>();
    for (SchemaShape.Interface i : shape.interfaces()) {
      for (SchemaShape.Property p : i.properties()) {
        interfacePropertyIds.put(
            i.name() + "." + p.name(), ids.propertyId("interface", i.name(), p.name()));
      }
    }

    List<SchemaIr.Node> nodes = new ArrayList<>();
    for (SchemaShape.Node n : shape.nodes()) {
      long tid = ids.typeId("node", n.name());
      long inc = ids.incarnationId("node", n.name());
      List<SchemaIr.Property> props =
          properties(
              "node", n.name(), tid, n.properties(), ids, interfacePropertyIds, interfaceIds);
      List<SchemaIr.TypeRef> impls =
          n.implementsNames().stream()
              .map(name -> new SchemaIr.TypeRef(interfaceIds.get(name), name))
              .sorted(TYPE_REF_ORDER)
              .toList();
      nodes.add(
          new SchemaIr.Node(
              n.name(),
              tid,
              inc,
              n.annotations(),
              impls,
              props,
              constraints(n.constraints(), n.name(), tid, inc, props, false)));
    }
    List<SchemaIr.Edge> edges = new ArrayList<>();
    for (SchemaShape.Edge e : shape.edges()) {
      long tid = ids.typeId("edge", e.name());
      long inc = ids.incarnationId("edge", e.name());
      List<SchemaIr.Property> props =
          properties("edge", e.name(), tid, e.properties(), ids, Map.of(), Map.of());
      edges.add(
          new SchemaIr.Edge(
              e.name(),
              tid,
              inc,
              nodeRefs.get(e.fromType()),
              nodeRefs.get(e.toType()),
              e.cardinality(),
              e.annotations(),
              props,
              constraints(e.constraints(), e.name(), tid, inc, props, true)));
    }
    return new SchemaIr(domain, ids.nextIdentityId(), interfaces, nodes, edges);
  }

  static final Comparator<SchemaIr.TypeRef> TYPE_REF_ORDER =
      Comparator.comparing(SchemaIr.TypeRef::typeId, Long::compareUnsigned)
          .thenComparing(SchemaIr.TypeRef::typeName);

  static final Comparator<SchemaIr.PropertyRef> PROPERTY_REF_ORDER =
      Comparator.comparing(SchemaIr.PropertyRef::ownerTypeId, Long::compareUnsigned)
          .thenComparing(SchemaIr.PropertyRef::propertyId, Long::compareUnsigned);

  private static List<SchemaIr.Property> properties(
      String kind,
      String owner,
      long ownerId,
      List<SchemaShape.Property> properties,
      Identities ids,
      Map<String, Long> interfacePropertyIds,
      Map<String, Long> interfaceIds) {
    Map<String, Long> own = new HashMap<>();
    for (SchemaShape.Property p : properties) {
      own.put(p.name(), ids.propertyId(kind, owner, p.name()));
    }
    List<SchemaIr.Property> out = new ArrayList<>();
    for (SchemaShape.Property p : properties) {
      Optional<SchemaIr.EmbedSource> embed =
          p.embedSource()
              .map(e ->
                  new SchemaIr.EmbedSource(
                      new SchemaIr.PropertyRef(ownerId, owner, own.get(e.property()), e.property()),
                      e.model()));
      List<SchemaIr.PropertyRef> links =
          p.satisfiesInterfaceProperties().stream()
              .map(ip ->
                  new SchemaIr.PropertyRef(
                      interfaceIds.get(ip.interfaceName()),
                      ip.interfaceName(),
                      interfacePropertyIds.get(ip.interfaceName() + "." + ip.propertyName()),
                      ip.propertyName()))
              .sorted(PROPERTY_REF_ORDER)
              .toList();
      out.add(
          new SchemaIr.Property(
              p.name(),
              own.get(p.name()),
              p.type(),
              p.annotations(),
              p.propertyConstraints(),
              embed,
              p.declaredDirectly(),
              links));
    }
    return out;
  }

  private static List<SchemaIr.IrConstraint> constraints(
      List<SchemaShape.ShapeConstraint> constraints,
      String owner,
      long ownerId,
      long incarnation,
      List<SchemaIr.Property> properties,
      boolean edge) {
    Map<String, SchemaIr.Property> byName = new HashMap<>();
    properties.forEach(p -> byName.put(p.name(), p));
    TreeMap<String, SchemaIr.IrConstraint> byKey = new TreeMap<>();
    for (SchemaShape.ShapeConstraint c : constraints) {
      List<SchemaIr.FieldRef> fields = new ArrayList<>();
      for (String column : c.columns()) {
        SchemaIr.Property p = byName.get(column);
        if (p != null) {
          fields.add(
              new SchemaIr.PropertyField(
                  new SchemaIr.PropertyRef(ownerId, owner, p.propertyId(), p.name())));
        } else if (column.equals("id")
            || (edge && (column.equals("src") || column.equals("dst")))) {
          fields.add(new SchemaIr.SystemField(ownerId, owner, incarnation, column));
        } else {
          throw SchemaIrJson.invalid(
              "constraint on " + owner + " references unknown column '" + column + "'");
        }
      }
      fields.sort(FIELD_ORDER);
      SchemaIr.IrConstraint ir =
          new SchemaIr.IrConstraint(c.kind(), fields, c.min(), c.max(), c.pattern());
      byKey.putIfAbsent(ir.identityKey(), ir);
    }
    return List.copyOf(byKey.values());
  }

  /** System fields first (id, src, dst), then properties by ascending id: the key tuple order. */
  static final Comparator<SchemaIr.FieldRef> FIELD_ORDER =
      Comparator.comparingInt(SchemaIrBuilder::fieldRank)
          .thenComparing(
              f -> f instanceof SchemaIr.PropertyField p ? p.property().propertyId() : 0L,
              Long::compareUnsigned);

  private static int fieldRank(SchemaIr.FieldRef f) {
    return switch (f) {
      case SchemaIr.SystemField s ->
          switch (s.role()) {
            case "id" -> 0;
            case "src" -> 1;
            default -> 2;
          };
      case SchemaIr.PropertyField p -> 3;
    };
  }
}

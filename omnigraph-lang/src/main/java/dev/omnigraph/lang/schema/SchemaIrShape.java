package dev.omnigraph.lang.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Projects a {@link SchemaIr} back onto its identity-free {@link SchemaShape}. */
final class SchemaIrShape {
  private SchemaIrShape() {}

  static SchemaShape project(SchemaIr ir) {
    List<SchemaShape.Interface> interfaces = new ArrayList<>();
    for (SchemaIr.Interface i : ir.interfaces()) {
      interfaces.add(new SchemaShape.Interface(i.name(), properties(i.properties())));
    }
    List<SchemaShape.Node> nodes = new ArrayList<>();
    for (SchemaIr.Node n : ir.nodes()) {
      nodes.add(
          new SchemaShape.Node(
              n.name(),
              n.annotations(),
              List.copyOf(
                  new TreeSet<>(
                      n.implementsRefs().stream().map(SchemaIr.TypeRef::typeName).toList())),
              properties(n.properties()),
              constraints(n.constraints()),
              Optional.empty()));
    }
    List<SchemaShape.Edge> edges = new ArrayList<>();
    for (SchemaIr.Edge e : ir.edges()) {
      edges.add(
          new SchemaShape.Edge(
              e.name(),
              e.fromType().typeName(),
              e.toType().typeName(),
              e.cardinality(),
              e.annotations(),
              properties(e.properties()),
              constraints(e.constraints()),
              Optional.empty()));
    }
    return new SchemaShape(interfaces, nodes, edges);
  }

  private static List<SchemaShape.Property> properties(List<SchemaIr.Property> properties) {
    return properties.stream()
        .sorted(Comparator.comparing(SchemaIr.Property::name))
        .map(p ->
            new SchemaShape.Property(
                p.name(),
                p.type(),
                p.annotations(),
                p.propertyConstraints(),
                p.embedSource()
                    .map(e -> new SchemaShape.EmbedSource(e.source().propertyName(), e.model())),
                p.declaredDirectly(),
                p.satisfiesInterfaceProperties().stream()
                    .map(r ->
                        new PropertyOrigin.InterfaceProperty(r.ownerTypeName(), r.propertyName()))
                    .sorted()
                    .toList(),
                Optional.empty()))
        .toList();
  }

  private static List<SchemaShape.ShapeConstraint> constraints(
      List<SchemaIr.IrConstraint> constraints) {
    TreeSet<SchemaShape.ShapeConstraint> sorted = new TreeSet<>();
    for (SchemaIr.IrConstraint c : constraints) {
      List<String> columns = c.fields().stream().map(SchemaIr.FieldRef::columnName).toList();
      if (!c.kind().equals("range") && !c.kind().equals("check")) {
        columns = List.copyOf(new TreeSet<>(columns));
      }
      sorted.add(new SchemaShape.ShapeConstraint(c.kind(), columns, c.min(), c.max(), c.pattern()));
    }
    return List.copyOf(sorted);
  }
}

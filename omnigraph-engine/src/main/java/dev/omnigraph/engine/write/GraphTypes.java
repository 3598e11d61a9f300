package dev.omnigraph.engine.write;

import dev.omnigraph.lang.schema.Catalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tables of every node and edge type of one schema, by type name (sorted). */
record GraphTypes(Catalog catalog, Map<String, TypeTable> nodes, Map<String, TypeTable> edges) {
  static GraphTypes of(Catalog catalog) {
    Map<String, TypeTable> nodes = new LinkedHashMap<>();
    catalog.nodeTypes().forEach((name, t) -> nodes.put(name, TypeTable.of(t)));
    Map<String, TypeTable> edges = new LinkedHashMap<>();
    catalog.edgeTypes().forEach((name, t) -> edges.put(name, TypeTable.of(t)));
    return new GraphTypes(
        catalog, Collections.unmodifiableMap(nodes), Collections.unmodifiableMap(edges));
  }

  TypeTable node(String name) {
    TypeTable t = nodes.get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown node type '" + name + "'");
    }
    return t;
  }

  /** The edge type named {@code name}: exactly, else ignoring case as queries do. */
  Optional<TypeTable> edge(String name) {
    TypeTable exact = edges.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    return catalog.edge(name).map(e -> edges.get(e.name()));
  }

  /** The edge types with {@code nodeType} at either end. */
  List<TypeTable> edgesTouching(String nodeType) {
    List<TypeTable> out = new ArrayList<>();
    for (TypeTable e : edges.values()) {
      Catalog.EdgeType t = e.edge().orElseThrow();
      if (t.fromType().equals(nodeType) || t.toType().equals(nodeType)) {
        out.add(e);
      }
    }
    return out;
  }
}

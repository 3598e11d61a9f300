package dev.omnigraph.engine.write;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.TableKey;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.ArrowSchemas;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One node or edge type as the write side sees its table: the record key, the Arrow schema, and the
 * columns in table order with their types ({@code id}, {@code src}, {@code dst} are non-null
 * Strings), so a row is an {@code Object[]} aligned with {@link #columns()}.
 */
record TypeTable(
    String name,
    boolean isNode,
    String key,
    Schema schema,
    List<String> columns,
    List<PropType> types,
    Map<String, Integer> positions,
    Optional<Catalog.NodeType> node,
    Optional<Catalog.EdgeType> edge) {
  static final PropType SYSTEM = PropType.of(BaseType.STRING, false);

  static TypeTable of(Catalog.NodeType t) {
    List<PropType> types = new ArrayList<>();
    types.add(SYSTEM);
    types.addAll(t.properties().values());
    return new TypeTable(
        t.name(),
        true,
        TableKey.node(t.typeId()),
        ArrowSchemas.node(t),
        t.columns(),
        types,
        positions(t.columns()),
        Optional.of(t),
        Optional.empty());
  }

  static TypeTable of(Catalog.EdgeType t) {
    List<PropType> types = new ArrayList<>(List.of(SYSTEM, SYSTEM, SYSTEM));
    types.addAll(t.properties().values());
    return new TypeTable(
        t.name(),
        false,
        TableKey.edge(t.typeId()),
        ArrowSchemas.edge(t),
        t.columns(),
        types,
        positions(t.columns()),
        Optional.empty(),
        Optional.of(t));
  }

  private static Map<String, Integer> positions(List<String> columns) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      m.put(columns.get(i), i);
    }
    return Map.copyOf(m);
  }

  /** {@code node:Person} or {@code edge:Knows}: how messages and limits name the type. */
  String label() {
    return (isNode ? "node:" : "edge:") + name;
  }

  /** The declared properties (every column but the system ones), in table order. */
  Map<String, PropType> properties() {
    return isNode ? node.orElseThrow().properties() : edge.orElseThrow().properties();
  }

  /** The table position of {@code column}, which must exist. */
  int position(String column) {
    Integer p = positions.get(column);
    if (p == null) {
      throw new IllegalArgumentException(label() + " has no column '" + column + "'");
    }
    return p;
  }

  /** The unique groups (each a list of columns), the @key first for keyed nodes. */
  List<List<String>> uniqueGroups() {
    List<List<String>> groups = new ArrayList<>();
    node.ifPresent(n -> {
      if (n.isKeyed()) {
        groups.add(n.key());
      }
      groups.addAll(n.uniqueConstraints());
    });
    edge.ifPresent(e -> groups.addAll(e.uniqueConstraints()));
    return groups;
  }

  /** The version of this type's table in {@code record}. */
  TableVersion versionIn(CommitRecord record) {
    TableVersion v = record.tables().get(key);
    if (v == null) {
      throw new IllegalStateException(
          "commit " + record.commitId() + " names no table " + key + " for " + label());
    }
    return v;
  }
}

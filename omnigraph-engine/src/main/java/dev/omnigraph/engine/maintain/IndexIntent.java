package dev.omnigraph.engine.maintain;

import dev.omnigraph.engine.log.TableKey;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * One index a schema declares on one table column, with the kind of index that serves it: what
 * maintenance builds when missing and rebuilds when it no longer covers every row.
 *
 * @param tableKey the table's key in commit records ({@code node:<typeId>} or {@code edge:<id>})
 * @param typeName the node or edge type, for reports
 * @param column the indexed column
 * @param kind the index that serves the column
 */
public record IndexIntent(String tableKey, String typeName, String column, Kind kind) {

  /** The index kinds maintenance builds. */
  public enum Kind {
    /** Ordered scalar lookups and ranges: ids, endpoints, keys, enums, numbers, dates, bools. */
    BTREE,
    /** Full-text search on a free-text String. */
    INVERTED,
    /** Nearest-neighbour search on a Vector. */
    VECTOR
  }

  /** The index name on the table: stable, so a rebuild replaces instead of adding one. */
  public String indexName() {
    return column + "_idx";
  }

  /**
   * The indexes {@code catalog} declares, in table then column order. Every node table gets {@code
   * id}; every edge table {@code id}, {@code src} and {@code dst}; a node's single-column
   * {@code @key} and {@code @index} columns get the kind their type calls for, and list and Blob
   * columns get none. Multi-column declarations and edge property indexes are not built.
   */
  public static List<IndexIntent> of(Catalog catalog) {
    List<IndexIntent> out = new ArrayList<>();
    for (Catalog.NodeType t : catalog.nodeTypes().values()) {
      String key = TableKey.node(t.typeId());
      SequencedSet<String> columns = new LinkedHashSet<>();
      columns.add(Catalog.ID_COLUMN);
      out.add(new IndexIntent(key, t.name(), Catalog.ID_COLUMN, Kind.BTREE));
      for (List<String> declared : t.indices()) {
        if (declared.size() != 1 || !columns.add(declared.getFirst())) {
          continue;
        }
        String column = declared.getFirst();
        boolean isKey = t.key().equals(declared);
        kindFor(t.properties().get(column), isKey)
            .ifPresent(kind -> out.add(new IndexIntent(key, t.name(), column, kind)));
      }
    }
    for (Catalog.EdgeType t : catalog.edgeTypes().values()) {
      String key = TableKey.edge(t.typeId());
      for (String column : List.of(Catalog.ID_COLUMN, Catalog.SRC_COLUMN, Catalog.DST_COLUMN)) {
        out.add(new IndexIntent(key, t.name(), column, Kind.BTREE));
      }
    }
    return List.copyOf(out);
  }

  // A key column is for equality lookups, so a String key gets a BTREE even though a free-text
  // String @index gets a full-text index.
  private static Optional<Kind> kindFor(PropType type, boolean isKey) {
    if (type == null || type.list()) {
      return Optional.empty();
    }
    return switch (type.scalar()) {
      case VectorType v -> Optional.of(Kind.VECTOR);
      case BaseType b when b == BaseType.BLOB -> Optional.empty();
      case BaseType b when b == BaseType.STRING && !type.isEnum() && !isKey ->
          Optional.of(Kind.INVERTED);
      case BaseType b -> Optional.of(Kind.BTREE);
    };
  }
}

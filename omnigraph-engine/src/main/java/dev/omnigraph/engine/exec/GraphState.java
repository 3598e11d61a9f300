package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.lang.schema.Catalog;
import java.util.Map;
import java.util.Objects;

/**
 * The graph state a read runs against: the commit it was read from, that commit's schema catalog,
 * and each node and edge type's table at its exact version, by type name.
 */
public record GraphState(
    String commitId,
    Catalog catalog,
    Map<String, TableVersion> nodeTables,
    Map<String, TableVersion> edgeTables) {
  public GraphState {
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(catalog, "catalog");
    nodeTables = Map.copyOf(nodeTables);
    edgeTables = Map.copyOf(edgeTables);
  }

  /** The table of node type {@code typeName}. */
  TableVersion nodeTable(String typeName) {
    return table(nodeTables, "node", typeName);
  }

  /** The table of edge type {@code typeName} (its declared name). */
  TableVersion edgeTable(String typeName) {
    return table(edgeTables, "edge", typeName);
  }

  private TableVersion table(Map<String, TableVersion> tables, String kind, String typeName) {
    TableVersion v = tables.get(typeName);
    if (v == null) {
      throw new QueryExecutionException(
          Reason.STATE_MISMATCH,
          "commit " + commitId + " has no table for " + kind + " type " + typeName);
    }
    return v;
  }
}

package dev.omnigraph.engine;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.schema.AcceptedSchema;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One committed graph state as a reader sees it: the branch record it was read from, its accepted
 * schema, and every node and edge table at its exact version with its row count there. A snapshot
 * never changes; later commits are seen by taking a new one.
 */
public record Snapshot(
    String branch,
    long seq,
    String commitId,
    String schemaHash,
    AcceptedSchema schema,
    List<TableState> tables) {
  public Snapshot {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(schemaHash, "schemaHash");
    Objects.requireNonNull(schema, "schema");
    tables = List.copyOf(tables);
  }

  /** Whether a table holds a node type's rows or an edge type's. */
  public enum EntityKind {
    NODE,
    EDGE
  }

  /**
   * One type's table in this state: its incarnation path under the graph root, its exact Lance
   * version (unsigned, as a decimal string) and the number of rows at that version.
   */
  public record TableState(
      EntityKind kind, String typeName, String path, String version, long rowCount) {
    public TableState {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(typeName, "typeName");
      // TableVersion checks the path is relative and the version an unsigned number.
      new TableVersion(path, version);
      if (rowCount < 0) {
        throw new IllegalArgumentException("row count cannot be negative: " + rowCount);
      }
    }

    /** The exact table version, as the table layer takes it. */
    public TableVersion tableVersion() {
      return new TableVersion(path, version);
    }
  }

  /** The table of the node or edge type named {@code typeName}, if this state has it. */
  public Optional<TableState> table(EntityKind kind, String typeName) {
    return tables.stream()
        .filter(t -> t.kind() == kind && t.typeName().equals(typeName))
        .findFirst();
  }
}

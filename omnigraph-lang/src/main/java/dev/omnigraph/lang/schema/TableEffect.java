package dev.omnigraph.lang.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a migration does to one node or edge table, after all of its steps are combined: the engine
 * prepares exactly these effects. Tables no effect names keep their incarnation and their data.
 * Storage names are those of {@link Catalog.NodeType#storageName()}: type id and incarnation id.
 */
public sealed interface TableEffect {
  /** Whether the table belongs to a node or an edge type. */
  TypeKind typeKind();

  /** The type's stable id, which is also the table's key in commit records. */
  long typeId();

  /** The effect as one line, for logs and plan reports. */
  String describe();

  /** A new, empty table for an added type, with the desired columns. */
  record Create(TypeKind typeKind, long typeId, String name, long incarnationId)
      implements TableEffect {
    public Create {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(name, "name");
    }

    /** The new incarnation's storage name. */
    public String storageName() {
      return Catalog.storageName(typeId, incarnationId);
    }

    @Override
    public String describe() {
      return "create " + typeKind.label() + " '" + name + "' table " + storageName();
    }
  }

  /** A renamed type whose table is unchanged: same incarnation, same rows, no data written. */
  record Rename(TypeKind typeKind, long typeId, String from, String to, long incarnationId)
      implements TableEffect {
    public Rename {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    /** The (unchanged) incarnation's storage name. */
    public String storageName() {
      return Catalog.storageName(typeId, incarnationId);
    }

    @Override
    public String describe() {
      return "rename "
          + typeKind.label()
          + " '"
          + from
          + "' -> '"
          + to
          + "' table "
          + storageName()
          + " unchanged";
    }
  }

  /**
   * Every row of the accepted incarnation copied into a new incarnation whose columns are the
   * desired ones: the system columns ({@code id}, and {@code src}, {@code dst} on edges) are copied
   * as they are, each property column is filled from {@link Column#copiedFrom()} or with nulls, and
   * {@code droppedColumns} are left behind.
   *
   * @param from the type's accepted name
   * @param to the type's desired name (differs from {@code from} when the type is also renamed)
   * @param columns the new table's property columns in table order (by name)
   * @param droppedColumns accepted property columns the new table does not have, by name
   * @param dropMode {@code HARD} when a dropped column's data must become unreachable at once
   *     ({@code allow_data_loss}), else {@code SOFT}
   */
  record Rewrite(
      TypeKind typeKind,
      long typeId,
      String from,
      String to,
      long fromIncarnationId,
      long toIncarnationId,
      List<Column> columns,
      List<String> droppedColumns,
      DropMode dropMode)
      implements TableEffect {
    public Rewrite {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      columns = List.copyOf(columns);
      droppedColumns = List.copyOf(droppedColumns);
      Objects.requireNonNull(dropMode, "dropMode");
    }

    /**
     * A property column of the rewritten table.
     *
     * @param name the column (property) name in the new table
     * @param propertyId the property's stable id
     * @param copiedFrom the accepted column its values come from; empty for a new, all-null column
     */
    public record Column(String name, long propertyId, Optional<String> copiedFrom) {
      public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(copiedFrom, "copiedFrom");
      }
    }

    /** The accepted incarnation's storage name. */
    public String fromStorageName() {
      return Catalog.storageName(typeId, fromIncarnationId);
    }

    /** The new incarnation's storage name. */
    public String toStorageName() {
      return Catalog.storageName(typeId, toIncarnationId);
    }

    @Override
    public String describe() {
      List<String> parts = new ArrayList<>();
      for (Column c : columns) {
        parts.add(
            c.copiedFrom()
                .map(f -> f.equals(c.name()) ? c.name() : c.name() + " <- " + f)
                .orElse(c.name() + " <- null"));
      }
      droppedColumns.forEach(d -> parts.add("drop " + d));
      String names = from.equals(to) ? "'" + to + "'" : "'" + from + "' -> '" + to + "'";
      return "rewrite "
          + typeKind.label()
          + " "
          + names
          + " table "
          + fromStorageName()
          + " -> "
          + toStorageName()
          + (parts.isEmpty() ? "" : ": " + String.join(", ", parts))
          + (droppedColumns.isEmpty() ? "" : " (" + dropMode.label() + " mode)");
    }
  }

  /** A removed type: its table leaves the graph. */
  record Drop(TypeKind typeKind, long typeId, String name, long incarnationId, DropMode mode)
      implements TableEffect {
    public Drop {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(mode, "mode");
    }

    /** The dropped incarnation's storage name. */
    public String storageName() {
      return Catalog.storageName(typeId, incarnationId);
    }

    @Override
    public String describe() {
      return "drop "
          + typeKind.label()
          + " '"
          + name
          + "' table "
          + storageName()
          + " ("
          + mode.label()
          + " mode)";
    }
  }
}

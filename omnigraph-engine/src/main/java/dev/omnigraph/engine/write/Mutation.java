package dev.omnigraph.engine.write;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.log.ChangeCount;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.Deleted;
import dev.omnigraph.engine.table.OpenTable;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.table.Upserted;
import dev.omnigraph.engine.txn.ConflictPolicy;
import dev.omnigraph.engine.txn.Prepared;
import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.query.MutationIr;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.KeyId;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One mutation query bound to its parameter values, run as a write: {@link #prepare} executes the
 * statements in order against exactly the base state (inserts and updates staged in memory,
 * read-your-writes; deletes captured by id and cascaded to incident edges), validates the whole
 * change, and writes each touched table once as a detached version. It may run again on a newer
 * base, with the same {@code now()}.
 */
public final class Mutation {
  /** Staged entities per table per query (inserts, and rows matched by updates). */
  public static final int MAX_STAGED_ENTITIES = 8192;

  /** Staged bytes per table per query, as estimated from the staged cells. */
  public static final long MAX_STAGED_BYTES = 32L << 20;

  private final MutationIr ir;
  private final Map<String, Literal> params;
  private final Literal now;

  private Mutation(MutationIr ir, Map<String, Literal> params, Instant now) {
    this.ir = Objects.requireNonNull(ir, "ir");
    this.params = Map.copyOf(params);
    this.now =
        new Literal.DateTimeLiteral(
            DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS)));
  }

  /**
   * The mutation {@code ir} with the bound {@code params} (by name, without {@code $}), where
   * {@code now()} is {@code now} at every preparation.
   */
  public static Mutation of(MutationIr ir, Map<String, Literal> params, Instant now) {
    return new Mutation(ir, params, now);
  }

  /**
   * Redo for a query that only inserts (inserts commute, so a lost race re-prepares), strict for
   * one that updates or deletes (a read-modify-write surfaces a conflict instead).
   */
  public ConflictPolicy policy() {
    boolean insertOnly = ir.ops().stream().allMatch(op -> op instanceof MutationIr.Insert);
    return insertOnly ? ConflictPolicy.REDO : ConflictPolicy.STRICT;
  }

  /**
   * Runs the statements on {@code base} (whose schema is {@code catalog}) and stages the result.
   */
  public Prepared<MutationResult> prepare(CommitRecord base, Catalog catalog, Tables tables) {
    try (Run run = new Run(base, GraphTypes.of(catalog), tables)) {
      return run.execute();
    }
  }

  /** The staging of one table: rows by id (last wins) or ids to delete. */
  private static final class Staged {
    final TypeTable table;
    final RowRules rules;
    final LinkedHashMap<String, Object[]> rows = new LinkedHashMap<>();
    final Set<String> deleted = new LinkedHashSet<>();
    long charged;
    long bytes;

    Staged(TypeTable table) {
      this.table = table;
      this.rules = new RowRules(table);
    }
  }

  private final class Run implements AutoCloseable {
    final CommitRecord base;
    final GraphTypes types;
    // The tables this run read, each opened once and kept open for its write (one open per table).
    final Map<String, OpenTable> opened = new HashMap<>();
    final Tables tables;
    final Map<String, Staged> staged = new LinkedHashMap<>();
    final Set<String> reads = new HashSet<>();
    long affectedNodes;
    long affectedEdges;

    Run(CommitRecord base, GraphTypes types, Tables tables) {
      this.base = base;
      this.types = types;
      this.tables = tables;
    }

    Prepared<MutationResult> execute() {
      for (MutationIr.Op op : ir.ops()) {
        switch (op) {
          case MutationIr.Insert insert -> insert(insert);
          case MutationIr.Update update -> update(update);
          case MutationIr.Delete delete -> delete(delete);
        }
      }
      MutationResult result = new MutationResult(affectedNodes, affectedEdges, Optional.empty());
      if (staged.values().stream().allMatch(s -> s.rows.isEmpty() && s.deleted.isEmpty())) {
        return Prepared.nothing(result);
      }
      Map<String, TableChange> changes = new LinkedHashMap<>();
      for (Staged s : staged.values()) {
        TableChange change = new TableChange(s.table, TableChange.Mode.UPSERT);
        for (Object[] row : s.rows.values()) {
          try {
            change.addFresh(row, TableChange.NO_ORIGIN, false);
          } catch (IllegalArgumentException e) {
            throw WriteRejectedException.invalid(e.getMessage());
          }
        }
        change.deleted.addAll(s.deleted);
        changes.put(s.table.key(), change);
      }
      reads.addAll(ChangeValidation.validate(types, base, tables, changes));
      Map<String, TableVersion> writes = new HashMap<>();
      Map<String, ChangeCount> counts = new HashMap<>();
      for (Staged s : staged.values()) {
        TableVersion v = s.table.versionIn(base);
        long inserted = 0;
        long updated = 0;
        long deleted = 0;
        if (!s.rows.isEmpty()) {
          try (RowBatch batch = new RowBatch(s.table, tables.allocator())) {
            s.rows.values().forEach(batch::add);
            OpenTable open = opened.get(s.table.key());
            Upserted up =
                open == null
                    ? tables.upsert(v, Catalog.ID_COLUMN, batch.root())
                    : tables.upsert(open, Catalog.ID_COLUMN, batch.root());
            v = up.version();
            inserted = up.inserted();
            updated = up.replaced();
          }
        }
        if (!s.deleted.isEmpty()) {
          // On the open base only when no upsert moved this table past it above.
          OpenTable open = opened.get(s.table.key());
          Deleted d =
              open != null && open.version().equals(v)
                  ? tables.deleteKeys(open, Catalog.ID_COLUMN, s.deleted)
                  : tables.deleteKeys(v, Catalog.ID_COLUMN, s.deleted);
          v = d.version();
          deleted = d.rows();
        }
        writes.put(s.table.key(), v);
        counts.merge(
            s.table.name(),
            new ChangeCount(inserted, updated, deleted),
            (a, b) ->
                new ChangeCount(
                    a.inserted() + b.inserted(),
                    a.updated() + b.updated(),
                    a.deleted() + b.deleted()));
      }
      return new Prepared<>(
          reads, writes, Set.of(), Optional.empty(), OperationKind.LOGICAL, counts, result);
    }

    private Staged staging(TypeTable table) {
      return staged.computeIfAbsent(table.key(), k -> new Staged(table));
    }

    private TypeTable target(String typeName, TargetKind kind) {
      if (kind == TargetKind.NODE) {
        return types.node(typeName);
      }
      return types
          .edge(typeName)
          .orElseThrow(() -> new IllegalArgumentException("unknown edge type '" + typeName + "'"));
    }

    private void insert(MutationIr.Insert insert) {
      TypeTable table = target(insert.typeName(), insert.kind());
      Object[] row = new Object[table.columns().size()];
      for (MutationIr.Assignment a : insert.assignments()) {
        if (!table.isNode() && (a.property().equals("from") || a.property().equals("to"))) {
          Object end = WriteValues.fromLiteral(a.property(), TypeTable.SYSTEM, value(a.value()));
          if (end == null) {
            throw new IllegalArgumentException(
                "edge " + table.name() + " endpoint '" + a.property() + "' cannot be null");
          }
          row[a.property().equals("from") ? 1 : 2] = end;
        } else {
          int p = table.position(a.property());
          row[p] = WriteValues.fromLiteral(a.property(), table.types().get(p), value(a.value()));
        }
      }
      Optional<Catalog.NodeType> node = table.node();
      if (node.isPresent() && node.get().isKeyed()) {
        List<Object> key = new ArrayList<>();
        for (String k : node.get().key()) {
          Object v = row[table.position(k)];
          if (v == null) {
            throw new IllegalArgumentException(
                "insert @key property '" + k + "' cannot contain null");
          }
          key.add(v);
        }
        row[0] = KeyId.of(node.get().keyTypes(), key);
      } else {
        row[0] = UlidCreator.getMonotonicUlid().toString();
      }
      Staged s = staging(table);
      s.rules.check(row);
      chargeEntity(s);
      stage(s, row);
      if (table.isNode()) {
        affectedNodes++;
      } else {
        affectedEdges++;
      }
    }

    private void update(MutationIr.Update update) {
      TypeTable table = types.node(update.typeName());
      Catalog.NodeType node = table.node().orElseThrow();
      Map<Integer, Object> sets = new LinkedHashMap<>();
      for (MutationIr.Assignment a : update.assignments()) {
        if (node.key().contains(a.property())) {
          throw new IllegalArgumentException(
              "cannot update @key property '" + a.property() + "' — delete and re-insert instead");
        }
        int p = table.position(a.property());
        sets.put(p, WriteValues.fromLiteral(a.property(), table.types().get(p), value(a.value())));
      }
      Staged s = staging(table);
      int column = table.position(update.predicate().property());
      Object operand =
          WriteValues.comparable(table.types().get(column), value(update.predicate().value()));
      List<Object[]> matched = new ArrayList<>();
      // Staged rows shadow the held rows with their ids (read-your-writes).
      scan(
          table,
          table.columns(),
          row -> {
            if (!s.rows.containsKey((String) row[0])
                && Cells.test(update.predicate().op(), row[column], operand)) {
              matched.add(row.clone());
              chargeEntity(s);
            }
          });
      for (Object[] row : s.rows.values()) {
        if (Cells.test(update.predicate().op(), row[column], operand)) {
          matched.add(row.clone());
          chargeEntity(s);
        }
      }
      for (Object[] row : matched) {
        sets.forEach((p, v) -> row[p] = v);
        s.rules.check(row);
        stage(s, row);
      }
      affectedNodes += matched.size();
    }

    private void delete(MutationIr.Delete delete) {
      TypeTable table = target(delete.typeName(), delete.kind());
      String property = delete.predicate().property();
      String columnName =
          table.isNode()
              ? property
              : property.equals("from")
                  ? Catalog.SRC_COLUMN
                  : property.equals("to") ? Catalog.DST_COLUMN : property;
      int column = table.position(columnName);
      Object operand =
          WriteValues.comparable(table.types().get(column), value(delete.predicate().value()));
      Staged s = staging(table);
      Set<String> removed = new LinkedHashSet<>();
      scan(
          table,
          List.of(Catalog.ID_COLUMN, columnName),
          row -> {
            String id = (String) row[0];
            if (!s.deleted.contains(id)
                && Cells.test(delete.predicate().op(), row[column], operand)) {
              removed.add(id);
            }
          });
      s.deleted.addAll(removed);
      if (!table.isNode()) {
        affectedEdges += removed.size();
        return;
      }
      affectedNodes += removed.size();
      if (removed.isEmpty()) {
        return;
      }
      for (TypeTable edge : types.edgesTouching(table.name())) {
        Catalog.EdgeType e = edge.edge().orElseThrow();
        boolean fromHere = e.fromType().equals(table.name());
        boolean toHere = e.toType().equals(table.name());
        Staged edges = staging(edge);
        List<String> cascade = new ArrayList<>();
        scan(
            edge,
            List.of(Catalog.ID_COLUMN, Catalog.SRC_COLUMN, Catalog.DST_COLUMN),
            row -> {
              String id = (String) row[0];
              if (!edges.deleted.contains(id)
                  && ((fromHere && removed.contains((String) row[1]))
                      || (toHere && removed.contains((String) row[2])))) {
                cascade.add(id);
              }
            });
        edges.deleted.addAll(cascade);
        affectedEdges += cascade.size();
      }
    }

    private void stage(Staged s, Object[] row) {
      for (Object cell : row) {
        s.bytes += Cells.size(cell);
      }
      if (s.bytes > MAX_STAGED_BYTES) {
        throw WriteRejectedException.resourceLimit(
            "staged bytes for " + s.table.label(), MAX_STAGED_BYTES, s.bytes);
      }
      s.rows.remove((String) row[0]);
      s.rows.put((String) row[0], row);
    }

    // Every inserted row and every row an update matches counts once, so an update matching too
    // many rows stops while scanning.
    private void chargeEntity(Staged s) {
      s.charged++;
      if (s.charged > MAX_STAGED_ENTITIES) {
        throw WriteRejectedException.resourceLimit(
            "keyed entities for " + s.table.label(), MAX_STAGED_ENTITIES, s.charged);
      }
    }

    private Literal value(IrExpr.Value value) {
      return switch (value) {
        case IrExpr.Lit lit -> lit.value();
        case IrExpr.Param p -> {
          if (p.name().equals(IrExpr.NOW_PARAM)) {
            yield now;
          }
          Literal bound = params.get(p.name());
          if (bound == null) {
            throw new IllegalArgumentException("parameter '" + p.name() + "' not provided");
          }
          yield bound;
        }
      };
    }

    private void scan(
        TypeTable table, List<String> columns, java.util.function.Consumer<Object[]> visit) {
      reads.add(table.key());
      OpenTable open =
          opened.computeIfAbsent(table.key(), k -> tables.openForScans(table.versionIn(base)));
      HeldRows.scan(open, table, columns, visit);
    }

    @Override
    public void close() {
      RuntimeException first = null;
      for (OpenTable open : opened.values()) {
        try {
          open.close();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      opened.clear();
      if (first != null) {
        throw first;
      }
    }
  }
}

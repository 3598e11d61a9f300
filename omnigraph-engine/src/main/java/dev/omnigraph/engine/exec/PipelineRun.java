package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.Expressions.RowTest;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.ScanFilter;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.query.IrFilter;
import dev.omnigraph.lang.query.IrOp;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Function;

/**
 * One execution of a read pipeline (spec §4.1–§4.5) over one graph state: scans cross-join node
 * rows in, expands follow edges breadth-first, filters and anti-joins drop rows. Each table version
 * is read at most once per run, with the columns the plan asked for.
 */
final class PipelineRun {
  private final Tables tables;
  private final GraphState state;
  private final ReadPlan plan;
  private final Map<String, Object> params;
  private final Function<EdgeTableRequest, Adjacency> adjacencies;
  private final FullText fullText;
  private final Map<String, LoadedTable> nodeTables = new HashMap<>();
  private final Map<String, Adjacency> edgeTables = new HashMap<>();
  private RankedScan ranked;

  /**
   * The rows a ranked scan reads instead of its node table: the candidates a ranking found, of
   * which {@code rows} take part in this run, and the scan's filters storage did not apply.
   */
  // Arrays: a run's working data, passed along and never compared or hashed.
  @SuppressWarnings("ArrayRecordComponent")
  record RankedScan(IrOp.NodeScan scan, LoadedTable table, int[] rows, List<IrFilter> inMemory) {}

  /** The edge table a run needs: its version, columns, and whether a cached index will do. */
  record EdgeTableRequest(
      TableVersion version,
      String typeName,
      SequencedMap<String, PropType> columns,
      boolean cacheable) {}

  PipelineRun(
      Tables tables,
      GraphState state,
      ReadPlan plan,
      Map<String, Object> params,
      Function<EdgeTableRequest, Adjacency> adjacencies) {
    this.tables = tables;
    this.state = state;
    this.plan = plan;
    this.params = params;
    this.adjacencies = adjacencies;
    this.fullText = new FullText(tables, state, params);
  }

  /** The full-text searches of this run, cached across its rounds. */
  FullText fullText() {
    return fullText;
  }

  /** The binding table of the plan's pipeline. */
  Bindings run() {
    ranked = null;
    return run(plan.pipeline(), Bindings.unit());
  }

  /**
   * The binding table of the plan's pipeline with the ranked scan reading only {@code scan}'s rows;
   * every other table is read once and kept for the next call.
   */
  Bindings run(RankedScan scan) {
    ranked = scan;
    try {
      return run(plan.pipeline(), Bindings.unit());
    } finally {
      ranked = null;
    }
  }

  private Bindings run(List<IrOp> ops, Bindings input) {
    Bindings table = input;
    for (IrOp op : ops) {
      if (table.rows() == 0) {
        // Every op keeps or multiplies rows, so an empty table stays empty and reads nothing
        // more; zero rows project without reading any slot.
        return table;
      }
      table =
          switch (op) {
            case IrOp.NodeScan s -> scan(s, table);
            case IrOp.Expand e -> expand(e, table);
            case IrOp.Filter f -> filter(f.filter(), table);
            case IrOp.AntiJoin a -> antiJoin(a, table);
          };
    }
    return table;
  }

  // ---- scan ----

  // Identity, like the plan's pushdowns: the ranked scan is that op of the pipeline.
  @SuppressWarnings("ReferenceEquality")
  private Bindings scan(IrOp.NodeScan scan, Bindings table) {
    boolean isRanked = ranked != null && ranked.scan() == scan;
    LoadedTable nodes = isRanked ? ranked.table() : nodeTable(scan.typeName());
    List<IrFilter> inMemory =
        isRanked
            ? ranked.inMemory()
            : plan.pushdown(scan).map(ReadPlan.ScanPushdown::inMemory).orElse(scan.filters());
    List<IrFilter> own = new ArrayList<>();
    List<IrFilter> joined = new ArrayList<>();
    for (IrFilter f : inMemory) {
      Set<String> vars = Expressions.variables(f);
      (vars.isEmpty() || vars.equals(Set.of(scan.variable())) ? own : joined).add(f);
    }
    int[] passing = passingRows(scan.variable(), nodes, isRanked ? ranked.rows() : null, own);
    Bindings.Builder out = table.extend(List.of(new Bindings.Slot(scan.variable(), nodes)));
    for (int row = 0; row < table.rows(); row++) {
      for (int node : passing) {
        out.add(row, node);
      }
    }
    Bindings crossed = out.build();
    for (IrFilter f : joined) {
      crossed = filter(f, crossed);
    }
    return crossed;
  }

  /**
   * The rows of {@code nodes} (only {@code candidates} when not null), bound as {@code variable},
   * for which every filter holds.
   */
  private int[] passingRows(
      String variable, LoadedTable nodes, int[] candidates, List<IrFilter> filters) {
    int[] rows = candidates;
    if (rows == null) {
      rows = new int[nodes.rowCount()];
      Arrays.setAll(rows, i -> i);
    }
    if (filters.isEmpty()) {
      return rows;
    }
    Bindings.Builder all = Bindings.unit().extend(List.of(new Bindings.Slot(variable, nodes)));
    for (int row : rows) {
      all.add(0, row);
    }
    Bindings single = all.build();
    for (IrFilter f : filters) {
      single = filter(f, single);
    }
    int[] passing = new int[single.rows()];
    for (int i = 0; i < passing.length; i++) {
      passing[i] = single.cell(i, 0);
    }
    return passing;
  }

  // ---- filter ----

  private Bindings filter(IrFilter filter, Bindings table) {
    RowTest test =
        FullText.isTextFilter(filter)
            ? fullText.filter(filter, table)
            : Expressions.filter(filter, table, params);
    return table.select(row -> test.test(table, row));
  }

  // ---- expand ----

  private Bindings expand(IrOp.Expand e, Bindings table) {
    Catalog.EdgeType edgeType = plan.edgeType(e.edgeType());
    Adjacency adjacency = edgeTable(edgeType.name());
    LoadedTable targets = nodeTable(e.targetType());
    int sourceSlot = table.slotOf(e.sourceVar());
    if (sourceSlot < 0) {
      throw new IllegalStateException("expand from unbound variable " + e.sourceVar());
    }
    Object[] sourceIds = table.slots().get(sourceSlot).table().column(Catalog.ID_COLUMN);
    boolean sameType = edgeType.fromType().equals(edgeType.toType());
    List<Bindings.Slot> added = new ArrayList<>();
    added.add(new Bindings.Slot(e.targetVar(), targets));
    e.edgeBinding().ifPresent(w -> added.add(new Bindings.Slot(w, adjacency.edges())));
    Bindings.Builder out = table.extend(added);

    Map<String, int[][]> memo = new HashMap<>();
    for (int row = 0; row < table.rows(); row++) {
      String source = (String) sourceIds[table.cell(row, sourceSlot)];
      int[][] matches =
          memo.computeIfAbsent(
              source,
              id ->
                  e.edgeBinding().isPresent()
                      ? Traversal.edgeRows(adjacency, targets, e.direction(), id)
                      : Traversal.reachable(
                          adjacency,
                          targets,
                          e.direction(),
                          sameType,
                          e.minHops(),
                          maxHops(e),
                          id));
      for (int[] match : matches) {
        out.add(row, match);
      }
    }
    Bindings expanded = out.build();
    for (IrFilter f : e.targetFilters()) {
      expanded = filter(f, expanded);
    }
    return expanded;
  }

  private static long maxHops(IrOp.Expand e) {
    if (e.maxHops().isEmpty()) {
      throw new QueryExecutionException(
          QueryExecutionException.Reason.UNSUPPORTED_EXPRESSION,
          "unbounded traversal over " + e.edgeType() + " is disabled; give hop bounds {min,max}");
    }
    return e.maxHops().getAsLong();
  }

  // ---- anti-join ----

  private Bindings antiJoin(IrOp.AntiJoin a, Bindings table) {
    Bindings matched = run(a.inner(), table.retagged());
    BitSet hit = new BitSet(table.rows());
    for (int row = 0; row < matched.rows(); row++) {
      hit.set(matched.tag(row));
    }
    return table.select(row -> !hit.get(row));
  }

  // ---- tables ----

  private LoadedTable nodeTable(String type) {
    return nodeTables.computeIfAbsent(
        type,
        t -> {
          Optional<ScanFilter> filter =
              plan.pushdownScanOf(t).flatMap(plan::pushdown).map(ReadPlan.ScanPushdown::storage);
          return TableLoad.load(tables, state.nodeTable(t), t, plan.nodeColumns(t), filter);
        });
  }

  private Adjacency edgeTable(String type) {
    return edgeTables.computeIfAbsent(
        type,
        t ->
            adjacencies.apply(
                new EdgeTableRequest(
                    state.edgeTable(t), t, plan.edgeColumns(t), !plan.readsEdgeProperties(t))));
  }
}

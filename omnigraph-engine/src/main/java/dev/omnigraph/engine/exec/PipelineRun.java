package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.Expressions.RowTest;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.OpenTable;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Function;

/**
 * One execution of a read pipeline (spec §4.1–§4.5) over one graph state: scans cross-join node
 * rows in, expands follow edges breadth-first, filters and anti-joins drop rows. Each variable's
 * node rows are read on their own, with the storage filter of its scan or expand (an expand reads
 * only the ids it reached), so a type used by several variables is never read whole for all of
 * them; each table version is still opened at most once per run, and closed with it.
 */
final class PipelineRun implements AutoCloseable {
  /**
   * How an expand reads its targets by id: {@code idsPerScan} ids per {@code id IN (…)} scan, and
   * above {@code maxIds} reached ids one scan by the target filters alone (the whole table when
   * there are none), which then costs less than that many id scans.
   */
  record TargetScans(int idsPerScan, int maxIds) {
    static final TargetScans DEFAULT = new TargetScans(4_096, 16 * 4_096);

    TargetScans {
      if (idsPerScan < 1 || maxIds < 0) {
        throw new IllegalArgumentException(
            "need at least one id per scan and no negative maximum: " + idsPerScan + ", " + maxIds);
      }
    }
  }

  private final Tables tables;
  private final GraphState state;
  private final ReadPlan plan;
  private final Map<String, Object> params;
  private final Function<EdgeTableRequest, Adjacency> adjacencies;
  private final FullText fullText;
  private final TargetScans targetScans;
  private final Map<String, OpenTable> openNodeTables = new HashMap<>();
  // Node tables read whole, by type: shared by every scan or expand that would read them whole.
  private final Map<String, LoadedTable> wholeNodeTables = new HashMap<>();
  // By identity, like the plan's pushdowns; kept across the rounds of a ranked search.
  private final IdentityHashMap<IrOp.NodeScan, LoadedTable> scanTables = new IdentityHashMap<>();
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
      Function<EdgeTableRequest, Adjacency> adjacencies,
      TargetScans targetScans) {
    this.targetScans = targetScans;
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
    LoadedTable nodes = isRanked ? ranked.table() : scanTable(scan);
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
    int sourceSlot = table.slotOf(e.sourceVar());
    if (sourceSlot < 0) {
      throw new IllegalStateException("expand from unbound variable " + e.sourceVar());
    }
    Object[] sourceIds = table.slots().get(sourceSlot).table().column(Catalog.ID_COLUMN);
    boolean sameType = edgeType.fromType().equals(edgeType.toType());
    boolean edgeRows = e.edgeBinding().isPresent();
    long maxHops = edgeRows ? 1 : maxHops(e);

    // First what each distinct source reaches, then one read of exactly the targets reached.
    Map<String, List<String>> reachedIds = new HashMap<>();
    Map<String, List<Traversal.Hit>> reachedEdges = new HashMap<>();
    Set<String> reached = new HashSet<>();
    for (int row = 0; row < table.rows(); row++) {
      String source = (String) sourceIds[table.cell(row, sourceSlot)];
      if (edgeRows) {
        if (!reachedEdges.containsKey(source)) {
          List<Traversal.Hit> hits = Traversal.edgeHits(adjacency, e.direction(), source);
          reachedEdges.put(source, hits);
          hits.forEach(h -> reached.add(h.other()));
        }
      } else if (!reachedIds.containsKey(source)) {
        List<String> ids =
            Traversal.reachableIds(
                adjacency, e.direction(), sameType, e.minHops(), maxHops, source);
        reachedIds.put(source, ids);
        reached.addAll(ids);
      }
    }
    Targets targets = targets(e, reached);

    List<Bindings.Slot> added = new ArrayList<>();
    added.add(new Bindings.Slot(e.targetVar(), targets.table()));
    e.edgeBinding().ifPresent(w -> added.add(new Bindings.Slot(w, adjacency.edges())));
    Bindings.Builder out = table.extend(added);
    Map<String, int[][]> memo = new HashMap<>();
    for (int row = 0; row < table.rows(); row++) {
      String source = (String) sourceIds[table.cell(row, sourceSlot)];
      int[][] matches =
          memo.computeIfAbsent(
              source,
              id ->
                  edgeRows
                      ? Traversal.rowsOfHits(targets.table(), reachedEdges.get(id))
                      : Traversal.rowsOf(targets.table(), reachedIds.get(id)));
      for (int[] match : matches) {
        out.add(row, match);
      }
    }
    Bindings expanded = out.build();
    for (IrFilter f : targets.inMemory()) {
      expanded = filter(f, expanded);
    }
    return expanded;
  }

  /** An expand's target rows, and which of its target filters are still to apply in memory. */
  private record Targets(LoadedTable table, List<IrFilter> inMemory) {}

  /**
   * The rows of {@code e}'s target type that hold one of the {@code reached} ids (and maybe
   * others), read with the storage part of its target filters when they are read at all.
   */
  private Targets targets(IrOp.Expand e, Set<String> reached) {
    String type = plan.nodeType(e.targetType()).name();
    LoadedTable whole = wholeNodeTables.get(type);
    if (whole != null) {
      return new Targets(whole, e.targetFilters());
    }
    if (reached.isEmpty()) {
      return new Targets(LoadedTable.empty(type, plan.nodeColumns(type).keySet()), List.of());
    }
    Optional<ReadPlan.ScanPushdown> pushdown = plan.targetPushdown(e);
    Optional<ScanFilter> storage = pushdown.map(ReadPlan.ScanPushdown::storage);
    List<IrFilter> inMemory =
        pushdown.map(ReadPlan.ScanPushdown::inMemory).orElse(e.targetFilters());
    if (reached.size() > targetScans.maxIds()) {
      if (storage.isEmpty()) {
        return new Targets(wholeNodeTable(type), e.targetFilters());
      }
      return new Targets(load(type, List.of(storage)), inMemory);
    }
    List<String> ids = new ArrayList<>(reached);
    ids.sort(ValueOrder::compareStrings);
    List<Optional<ScanFilter>> scans = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += targetScans.idsPerScan()) {
      List<ScanFilter.Text> chunk =
          ids.subList(from, Math.min(ids.size(), from + targetScans.idsPerScan())).stream()
              .map(ScanFilter.Text::new)
              .toList();
      ScanFilter byId = new ScanFilter.OneOf(Catalog.ID_COLUMN, chunk);
      scans.add(
          Optional.of(
              storage.isPresent() ? new ScanFilter.All(List.of(byId, storage.get())) : byId));
    }
    return new Targets(load(type, scans), inMemory);
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

  /** The rows {@code scan} reads: its own filtered read, or the type's whole table. */
  private LoadedTable scanTable(IrOp.NodeScan scan) {
    Optional<ReadPlan.ScanPushdown> pushdown = plan.pushdown(scan);
    if (pushdown.isEmpty()) {
      return wholeNodeTable(plan.nodeType(scan.typeName()).name());
    }
    LoadedTable read = scanTables.get(scan);
    if (read == null) {
      read =
          load(
              plan.nodeType(scan.typeName()).name(),
              List.of(Optional.of(pushdown.get().storage())));
      scanTables.put(scan, read);
    }
    return read;
  }

  private LoadedTable wholeNodeTable(String type) {
    LoadedTable whole = wholeNodeTables.get(type);
    if (whole == null) {
      whole = load(type, List.of(Optional.empty()));
      wholeNodeTables.put(type, whole);
    }
    return whole;
  }

  /** The rows of node type {@code type} that pass each filter of {@code scans} in turn. */
  private LoadedTable load(String type, List<Optional<ScanFilter>> scans) {
    OpenTable open = openNodeTables.get(type);
    if (open == null) {
      open = tables.openForScans(state.nodeTable(type));
      openNodeTables.put(type, open);
    }
    return TableLoad.load(open, type, plan.nodeColumns(type), scans);
  }

  /** Closes the node tables this run opened. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (OpenTable open : openNodeTables.values()) {
      try {
        open.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    openNodeTables.clear();
    if (failure != null) {
      throw failure;
    }
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

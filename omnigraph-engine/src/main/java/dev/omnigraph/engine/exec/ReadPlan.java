package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.engine.table.ScanFilter;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrFilter;
import dev.omnigraph.lang.query.IrOp;
import dev.omnigraph.lang.query.QueryIr;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * What a read query needs from storage, decided before any table is read: the pipeline with every
 * single-variable filter moved into the scan or expand that binds its variable (spec §4.2), the
 * columns of each node and edge table (read with only those columns), and for every scan and every
 * expand the part of its variable's filters that storage evaluates, so each variable's rows are
 * read filtered however many variables share its type.
 */
final class ReadPlan {
  private static final PropType ID = PropType.of(BaseType.STRING, false);

  /**
   * A scan's or an expand target's filters split into the part storage evaluates and the part left
   * in memory.
   */
  record ScanPushdown(ScanFilter storage, List<IrFilter> inMemory) {}

  private final Catalog catalog;
  private final List<IrOp> pipeline;
  private final Map<String, SequencedMap<String, PropType>> nodeColumns = new LinkedHashMap<>();
  private final Map<String, SequencedMap<String, PropType>> edgeColumns = new LinkedHashMap<>();
  private final List<IrOp.NodeScan> scans = new ArrayList<>();
  private final List<IrOp.Expand> expands = new ArrayList<>();
  // By identity: equal scans (or expands) in two negations are still two ops.
  private final IdentityHashMap<IrOp.NodeScan, ScanPushdown> pushdowns = new IdentityHashMap<>();
  private final IdentityHashMap<IrOp.Expand, ScanPushdown> targetPushdowns =
      new IdentityHashMap<>();
  private Optional<Ranking> ranking = Optional.empty();
  private RankedScanPlan rankedScan;

  private ReadPlan(Catalog catalog, List<IrOp> pipeline) {
    this.catalog = catalog;
    this.pipeline = pipeline;
  }

  /**
   * The plan of {@code ir} over {@code catalog}, with parameter values {@code params}.
   *
   * @throws QueryExecutionException UNSUPPORTED_EXPRESSION for a ranking that is not the first
   *     order item, orders an aggregate query, or ranks a variable without its own scan
   */
  static ReadPlan of(QueryIr ir, Catalog catalog, Map<String, Object> params) {
    ReadPlan plan = new ReadPlan(catalog, hoist(ir.pipeline()));
    plan.ranking = Ranking.of(ir);
    Map<String, Var> top = new HashMap<>();
    plan.walk(plan.pipeline, top);
    for (QueryIr.IrProjection p : ir.returns()) {
      plan.need(p.expr(), top);
    }
    for (QueryIr.IrOrdering o : ir.order()) {
      plan.need(o.expr(), top);
    }
    for (IrOp.NodeScan scan : plan.scans) {
      plan.split(scan.typeName(), scan.variable(), scan.filters(), params)
          .ifPresent(p -> plan.pushdowns.put(scan, p));
    }
    for (IrOp.Expand expand : plan.expands) {
      plan.split(expand.targetType(), expand.targetVar(), expand.targetFilters(), params)
          .ifPresent(p -> plan.targetPushdowns.put(expand, p));
    }
    if (plan.ranking.isPresent()) {
      plan.rankScan(plan.ranking.get(), params);
    }
    return plan;
  }

  /** The ranking that orders the query, if it runs in search mode. */
  Optional<Ranking> ranking() {
    return ranking;
  }

  /**
   * The top-level scan the ranking orders, its storage filter (every filter storage evaluates
   * exactly, whatever other scans read the type) and the filters left to memory; present exactly
   * when {@link #ranking()} is.
   */
  Optional<RankedScanPlan> rankedScan() {
    return Optional.ofNullable(rankedScan);
  }

  /** The scan a ranking orders, and how its filters split between storage and memory. */
  record RankedScanPlan(
      IrOp.NodeScan scan, Optional<ScanFilter> storage, List<IrFilter> inMemory) {}

  private void rankScan(Ranking ranking, Map<String, Object> params) {
    IrOp.NodeScan scan =
        pipeline.stream()
            .filter(op -> op instanceof IrOp.NodeScan s && s.variable().equals(ranking.variable()))
            .map(IrOp.NodeScan.class::cast)
            .findFirst()
            .orElseThrow(() ->
                new QueryExecutionException(
                    Reason.UNSUPPORTED_EXPRESSION,
                    "the ranking orders `$"
                        + ranking.variable()
                        + "`, which has no scan of its own; bind `$"
                        + ranking.variable()
                        + ": Type` before the traversals that reach it"));
    Catalog.NodeType type = nodeType(scan.typeName());
    List<ScanFilter> storage = new ArrayList<>();
    List<IrFilter> inMemory = new ArrayList<>();
    for (IrFilter f : scan.filters()) {
      Optional<ScanFilter> pushed = Pushdown.translate(f, scan.variable(), type, params);
      if (pushed.isPresent()) {
        storage.add(pushed.get());
      } else {
        inMemory.add(f);
      }
    }
    Optional<ScanFilter> filter =
        switch (storage.size()) {
          case 0 -> Optional.empty();
          case 1 -> Optional.of(storage.getFirst());
          default -> Optional.of(new ScanFilter.All(storage));
        };
    rankedScan = new RankedScanPlan(scan, filter, List.copyOf(inMemory));
  }

  List<IrOp> pipeline() {
    return pipeline;
  }

  /** The columns to read from node type {@code type}'s table, {@code id} first. */
  SequencedMap<String, PropType> nodeColumns(String type) {
    return nodeColumns.get(type);
  }

  /**
   * The columns to read from edge type {@code type}'s table: {@code id}, {@code src}, {@code dst},
   * then the properties an edge binding reads.
   */
  SequencedMap<String, PropType> edgeColumns(String type) {
    return edgeColumns.get(type);
  }

  /** Whether an edge binding reads properties of edge type {@code type} beyond its ids. */
  boolean readsEdgeProperties(String type) {
    return edgeColumns.get(type).size() > 3;
  }

  /** The storage filter of {@code scan}, if storage can evaluate any of its filters. */
  Optional<ScanPushdown> pushdown(IrOp.NodeScan scan) {
    return Optional.ofNullable(pushdowns.get(scan));
  }

  /**
   * The storage filter of the targets {@code expand} reaches, if storage can evaluate any of its
   * target filters.
   */
  Optional<ScanPushdown> targetPushdown(IrOp.Expand expand) {
    return Optional.ofNullable(targetPushdowns.get(expand));
  }

  /** The catalog's edge type named {@code name} (any case, as queries write it). */
  Catalog.EdgeType edgeType(String name) {
    return catalog
        .edge(name)
        .orElseThrow(() ->
            new QueryExecutionException(
                Reason.STATE_MISMATCH, "the schema has no edge type " + name));
  }

  Catalog.NodeType nodeType(String name) {
    return catalog
        .node(name)
        .orElseThrow(() ->
            new QueryExecutionException(
                Reason.STATE_MISMATCH, "the schema has no node type " + name));
  }

  // ---- filter hoisting ----

  /**
   * Moves each Filter op that reads exactly one variable, bound by a scan or expand of the same
   * pipeline, into that op. Filters only drop rows by their own columns, so where they run does not
   * change the result; running them where the variable is bound drops rows before they multiply.
   */
  private static List<IrOp> hoist(List<IrOp> ops) {
    Map<String, Integer> boundAt = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      switch (ops.get(i)) {
        case IrOp.NodeScan s -> boundAt.put(s.variable(), i);
        case IrOp.Expand e -> boundAt.put(e.targetVar(), i);
        default -> {}
      }
    }
    Map<Integer, List<IrFilter>> moved = new HashMap<>();
    List<Boolean> dropped = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      boolean drop = false;
      if (ops.get(i) instanceof IrOp.Filter f) {
        Set<String> vars = Expressions.variables(f.filter());
        if (vars.size() == 1) {
          Integer at = boundAt.get(vars.iterator().next());
          if (at != null && at < i) {
            moved.computeIfAbsent(at, k -> new ArrayList<>()).add(f.filter());
            drop = true;
          }
        }
      }
      dropped.add(drop);
    }
    List<IrOp> out = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (dropped.get(i)) {
        continue;
      }
      List<IrFilter> extra = moved.getOrDefault(i, List.of());
      IrOp op = ops.get(i);
      out.add(
          switch (op) {
            case IrOp.NodeScan s when !extra.isEmpty() ->
                new IrOp.NodeScan(s.variable(), s.typeName(), concat(s.filters(), extra));
            case IrOp.Expand e when !extra.isEmpty() ->
                new IrOp.Expand(
                    e.sourceVar(),
                    e.targetVar(),
                    e.edgeType(),
                    e.direction(),
                    e.targetType(),
                    e.minHops(),
                    e.maxHops(),
                    concat(e.targetFilters(), extra),
                    e.edgeBinding());
            case IrOp.AntiJoin a -> new IrOp.AntiJoin(a.outerVar(), hoist(a.inner()));
            default -> op;
          });
    }
    return List.copyOf(out);
  }

  private static List<IrFilter> concat(List<IrFilter> a, List<IrFilter> b) {
    List<IrFilter> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  // ---- columns ----

  /** What a variable is bound to in a scope. */
  private record Var(boolean edge, String typeName) {}

  private void walk(List<IrOp> ops, Map<String, Var> scope) {
    for (IrOp op : ops) {
      switch (op) {
        case IrOp.NodeScan s -> {
          Catalog.NodeType type = nodeType(s.typeName());
          scope.put(s.variable(), new Var(false, type.name()));
          scans.add(s);
          nodeColumnsOf(type.name());
          s.filters().forEach(f -> need(f, scope));
        }
        case IrOp.Expand e -> {
          Catalog.EdgeType edge = edgeType(e.edgeType());
          Catalog.NodeType target = nodeType(e.targetType());
          edgeColumnsOf(edge.name());
          nodeColumnsOf(target.name());
          expands.add(e);
          scope.put(e.targetVar(), new Var(false, target.name()));
          e.edgeBinding().ifPresent(w -> scope.put(w, new Var(true, edge.name())));
          e.targetFilters().forEach(f -> need(f, scope));
        }
        case IrOp.Filter f -> need(f.filter(), scope);
        case IrOp.AntiJoin a -> walk(a.inner(), new HashMap<>(scope));
      }
    }
  }

  private void need(IrFilter f, Map<String, Var> scope) {
    need(f.left(), scope);
    need(f.right(), scope);
  }

  private void need(IrExpr expr, Map<String, Var> scope) {
    switch (expr) {
      case IrExpr.PropAccess p -> {
        Var v = scope.get(p.variable());
        if (v == null) {
          throw new QueryExecutionException(
              Reason.UNSUPPORTED_EXPRESSION,
              "`$"
                  + p.variable()
                  + "."
                  + p.property()
                  + "` reads a variable the match does not bind");
        }
        if (v.edge()) {
          Catalog.EdgeType t = edgeType(v.typeName());
          edgeColumnsOf(t.name())
              .putIfAbsent(p.property(), property(t.name(), t.properties(), p.property()));
        } else {
          Catalog.NodeType t = nodeType(v.typeName());
          nodeColumnsOf(t.name())
              .putIfAbsent(p.property(), property(t.name(), t.properties(), p.property()));
        }
      }
      case IrExpr.Aggregate a -> need(a.argument(), scope);
      default -> {}
    }
  }

  private static PropType property(String owner, Map<String, PropType> properties, String name) {
    PropType t = properties.get(name);
    if (t != null) {
      return t;
    }
    if (name.equals(Catalog.ID_COLUMN)) {
      return ID;
    }
    throw new QueryExecutionException(
        Reason.STATE_MISMATCH, "type " + owner + " has no property " + name);
  }

  private SequencedMap<String, PropType> nodeColumnsOf(String type) {
    return nodeColumns.computeIfAbsent(
        type,
        k -> {
          SequencedMap<String, PropType> columns = new LinkedHashMap<>();
          columns.put(Catalog.ID_COLUMN, ID);
          return columns;
        });
  }

  private SequencedMap<String, PropType> edgeColumnsOf(String type) {
    return edgeColumns.computeIfAbsent(
        type,
        k -> {
          SequencedMap<String, PropType> columns = new LinkedHashMap<>();
          columns.put(Catalog.ID_COLUMN, ID);
          columns.put(Catalog.SRC_COLUMN, ID);
          columns.put(Catalog.DST_COLUMN, ID);
          return columns;
        });
  }

  // ---- pushdown ----

  private Optional<ScanPushdown> split(
      String typeName, String variable, List<IrFilter> filters, Map<String, Object> params) {
    Catalog.NodeType type = nodeType(typeName);
    List<ScanFilter> storage = new ArrayList<>();
    List<IrFilter> inMemory = new ArrayList<>();
    for (IrFilter f : filters) {
      Optional<ScanFilter> pushed = Pushdown.translate(f, variable, type, params);
      if (pushed.isPresent()) {
        storage.add(pushed.get());
      } else {
        inMemory.add(f);
      }
    }
    if (storage.isEmpty()) {
      return Optional.empty();
    }
    ScanFilter filter = storage.size() == 1 ? storage.getFirst() : new ScanFilter.All(storage);
    return Optional.of(new ScanPushdown(filter, List.copyOf(inMemory)));
  }
}

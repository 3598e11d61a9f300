package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.engine.table.IndexSpec;
import dev.omnigraph.engine.table.NearestQuery;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrText;
import dev.omnigraph.lang.query.QueryIr;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Runs a query in search mode (spec §4.6, §4.9): the ranking picks candidate nodes of the ranked
 * variable in storage (prefiltered by the scan's storage filter), the pipeline runs on them, and
 * the rows are ordered by the ranking.
 *
 * <p>The result is exactly that of ranking every row of the match and keeping the first {@code
 * limit}: a nearest-neighbour search asks storage for more candidates (doubling) while the
 * candidates surely nearer than all others produce fewer than {@code limit} rows, so filters left
 * to memory and traversals that drop candidates never shorten the result (upstream ranks only the
 * first {@code limit} candidates and returns fewer rows then). A {@code bm25} ranking reads every
 * match at once. {@code rrf} fuses the two arms' rankings of the nodes the pipeline keeps, a
 * nearest arm contributing its first {@code limit} nodes and a bm25 arm all of its matches; equal
 * fused scores keep the first arm's order, then the second's.
 */
final class RankedSearch {
  /** The rows of the match in search mode and the ranking's order of them. */
  record Ranked(Bindings table, ResultTable.Rank rank) {}

  /** Candidate nodes: their rows and rank values (ascending), and whether storage had no more. */
  // An array: one value per candidate row, passed along and never compared or hashed.
  @SuppressWarnings("ArrayRecordComponent")
  private record Candidates(TableLoad.Scored found, double[] values, boolean exhausted) {}

  /** An arm's nodes in rank order, each with the candidate table and row it came from. */
  private record ArmNodes(List<String> ids, Map<String, Source> sources) {}

  private record Source(LoadedTable table, int row) {}

  private final Tables tables;
  private final GraphState state;
  private final Map<String, Object> params;
  private final PipelineRun run;
  private final ReadPlan.RankedScanPlan scan;
  private final Catalog.NodeType type;
  private final SequencedMap<String, PropType> columns;
  private final long limit;

  RankedSearch(
      Tables tables,
      GraphState state,
      ReadPlan plan,
      QueryIr ir,
      Map<String, Object> params,
      PipelineRun run) {
    this.tables = tables;
    this.state = state;
    this.params = params;
    this.run = run;
    this.scan = plan.rankedScan().orElseThrow();
    this.type = plan.nodeType(scan.scan().typeName());
    this.columns = plan.nodeColumns(type.name());
    this.limit = ir.limit().orElse(Long.MAX_VALUE);
  }

  Ranked run(Ranking ranking) {
    if (limit == 0) {
      return new Ranked(
          Bindings.unit().select(row -> false),
          new ResultTable.Rank(ranking.variable(), new double[0]));
    }
    return switch (ranking) {
      case Ranking.Nearest n -> nearest(n);
      case Ranking.Bm25 b -> {
        Candidates all = bm25(b);
        yield ranked(b.variable(), all, everyRow(all));
      }
      case Ranking.Fused f -> fused(f);
    };
  }

  // ---- nearest ----

  private Ranked nearest(Ranking.Nearest n) {
    List<Float> vector = vector(n);
    int k = initialK();
    while (true) {
      Candidates found = nearest(n, vector, k);
      int[] certain = certain(found);
      Ranked ranked = ranked(n.variable(), found, certain);
      if (found.exhausted() || ranked.table().rows() >= limit) {
        return ranked;
      }
      k = grown(k);
    }
  }

  private Ranked ranked(String variable, Candidates found, int[] rows) {
    Bindings table = round(found.found().table(), rows);
    return new Ranked(table, new ResultTable.Rank(variable, found.values()));
  }

  private Bindings round(LoadedTable candidates, int[] rows) {
    return run.run(new PipelineRun.RankedScan(scan.scan(), candidates, rows, scan.inMemory()));
  }

  private List<Float> vector(Ranking.Nearest n) {
    PropType property = type.properties().get(n.property());
    if (property == null || property.list() || !(property.scalar() instanceof VectorType v)) {
      throw new QueryExecutionException(
          Reason.STATE_MISMATCH,
          "`"
              + IrText.expr(n.call())
              + "` ranks "
              + type.name()
              + "."
              + n.property()
              + ", which is not a Vector property of this commit's schema");
    }
    return SearchArguments.vector(n.query(), n.call(), v.dimension(), params);
  }

  private Candidates nearest(Ranking.Nearest n, List<Float> vector, int k) {
    TableLoad.Scored found =
        TableLoad.loadScored(
            type.name(),
            columns,
            Tables.DISTANCE_COLUMN,
            sink ->
                tables.nearestBatches(
                    state.nodeTable(type.name()),
                    List.copyOf(columns.keySet()),
                    scan.storage(),
                    // L2 like upstream; Optimize builds vector indexes for L2, so they serve this.
                    new NearestQuery(n.property(), vector, IndexSpec.VectorMetric.L2, k),
                    sink));
    double[] values = new double[found.scores().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = found.scores()[i];
    }
    return new Candidates(found, values, found.table().rowCount() < k);
  }

  /**
   * The candidates surely ranked before every node storage did not return: all of them when it had
   * no more, else those strictly nearer than the farthest returned (a node it left out may tie with
   * that one).
   */
  private static int[] certain(Candidates found) {
    if (found.exhausted()) {
      return everyRow(found);
    }
    double farthest = Arrays.stream(found.values()).max().orElse(Double.NEGATIVE_INFINITY);
    return IntStream.range(0, found.values().length)
        .filter(i -> found.values()[i] < farthest)
        .toArray();
  }

  private static int[] everyRow(Candidates found) {
    int[] rows = new int[found.values().length];
    Arrays.setAll(rows, i -> i);
    return rows;
  }

  private int initialK() {
    return (int) Math.min(limit + 1, Integer.MAX_VALUE);
  }

  private static int grown(int k) {
    return (int) Math.min(2L * k, Integer.MAX_VALUE);
  }

  // ---- bm25 ----

  private Candidates bm25(Ranking.Bm25 b) {
    TableLoad.Scored found = run.fullText().bm25(b, type.name(), columns, scan.storage());
    double[] values = new double[found.scores().length];
    for (int i = 0; i < values.length; i++) {
      // Higher scores rank first; the rank order is ascending.
      values[i] = -(double) found.scores()[i];
    }
    return new Candidates(found, values, true);
  }

  // ---- rrf ----

  private Ranked fused(Ranking.Fused f) {
    IrExpr call = new IrExpr.Rrf(f.primary().call(), f.secondary().call(), f.k());
    long k = SearchArguments.integer(f.k(), call, Ranking.DEFAULT_RRF_K, params);
    if (k <= 0) {
      throw SearchArguments.invalid(call, "rrf k must be greater than 0, got " + k);
    }
    ArmNodes a = arm(f.primary());
    ArmNodes b = arm(f.secondary());
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, Source> sources = new HashMap<>();
    for (ArmNodes arm : List.of(a, b)) {
      for (int r = 0; r < arm.ids().size(); r++) {
        String id = arm.ids().get(r);
        scores.merge(id, 1.0 / (k + r + 1), Double::sum);
        sources.putIfAbsent(id, arm.sources().get(id));
      }
    }
    // Candidates in first-arm order, then the second's new ones; the sort is stable.
    List<String> order = new ArrayList<>(scores.keySet());
    order.sort(Comparator.comparing(scores::get, Comparator.reverseOrder()));
    List<String> winners = order.subList(0, (int) Math.min(order.size(), limit));

    Map<String, List<Object>> values = new LinkedHashMap<>();
    columns.keySet().forEach(c -> values.put(c, new ArrayList<>()));
    for (String id : winners) {
      Source s = sources.get(id);
      for (String c : columns.keySet()) {
        values.get(c).add(s.table().column(c)[s.row()]);
      }
    }
    Map<String, Object[]> arrays = HashMap.newHashMap(values.size());
    values.forEach((c, list) -> arrays.put(c, list.toArray()));
    LoadedTable fusedTable = new LoadedTable(type.name(), winners.size(), arrays);
    double[] positions = new double[winners.size()];
    int[] rows = new int[winners.size()];
    Arrays.setAll(positions, i -> i);
    Arrays.setAll(rows, i -> i);
    return new Ranked(round(fusedTable, rows), new ResultTable.Rank(f.variable(), positions));
  }

  private ArmNodes arm(Ranking.Arm arm) {
    return switch (arm) {
      case Ranking.Nearest n -> {
        List<Float> vector = vector(n);
        int k = initialK();
        while (true) {
          Candidates found = nearest(n, vector, k);
          List<Integer> kept = kept(n.variable(), found, certain(found));
          if (found.exhausted() || kept.size() >= limit) {
            yield nodes(found, kept.subList(0, (int) Math.min(kept.size(), limit)));
          }
          k = grown(k);
        }
      }
      case Ranking.Bm25 b -> {
        Candidates all = bm25(b);
        yield nodes(all, kept(b.variable(), all, everyRow(all)));
      }
    };
  }

  /** The candidate rows the pipeline keeps at least one row of, in rank order (ties by id). */
  private List<Integer> kept(String variable, Candidates found, int[] rows) {
    Bindings table = round(found.found().table(), rows);
    int slot = table.slotOf(variable);
    Set<Integer> seen = new HashSet<>();
    for (int row = 0; row < table.rows(); row++) {
      seen.add(table.cell(row, slot));
    }
    Object[] ids = found.found().table().column(Catalog.ID_COLUMN);
    List<Integer> kept = new ArrayList<>(seen);
    kept.sort(
        Comparator.<Integer>comparingDouble(r -> found.values()[r])
            .thenComparing((x, y) -> Values.compare(ids[x], ids[y])));
    return kept;
  }

  private static ArmNodes nodes(Candidates found, List<Integer> rows) {
    LoadedTable table = found.found().table();
    Object[] ids = table.column(Catalog.ID_COLUMN);
    List<String> order = new ArrayList<>();
    Map<String, Source> sources = new HashMap<>();
    for (int row : rows) {
      String id = (String) ids[row];
      if (sources.putIfAbsent(id, new Source(table, row)) == null) {
        order.add(id);
      }
    }
    return new ArmNodes(List.copyOf(order), sources);
  }
}

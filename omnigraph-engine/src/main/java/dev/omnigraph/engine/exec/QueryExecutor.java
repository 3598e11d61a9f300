package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.query.CompiledQuery;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.query.QueryIr;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.PropType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs compiled read queries against graph states: the read executor of the engine (spec §4). A
 * query reads each table version it needs at most once, through {@link Tables}, and returns rows
 * shaped by its result schema. Thread-safe; it keeps a bounded cache of edge indexes by table
 * version, which is valid forever because a table version never changes.
 */
public final class QueryExecutor {
  /** Edge indexes kept by default; each is about the size of its table's id columns. */
  public static final int DEFAULT_CACHED_EDGE_TABLES = 32;

  private final Tables tables;
  private final Clock clock;
  private final Map<TableVersion, Adjacency> cache;
  private final PipelineRun.TargetScans targetScans;

  /** An executor reading through {@code tables}, caching up to {@code cachedEdgeTables} indexes. */
  public QueryExecutor(Tables tables, Clock clock, int cachedEdgeTables) {
    this(tables, clock, cachedEdgeTables, PipelineRun.TargetScans.DEFAULT);
  }

  /** As the public constructor, reading expand targets by id in the chunks {@code targetScans}. */
  QueryExecutor(
      Tables tables, Clock clock, int cachedEdgeTables, PipelineRun.TargetScans targetScans) {
    this.targetScans = Objects.requireNonNull(targetScans, "targetScans");
    this.tables = Objects.requireNonNull(tables, "tables");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (cachedEdgeTables < 0) {
      throw new IllegalArgumentException("cache size cannot be negative: " + cachedEdgeTables);
    }
    this.cache =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<TableVersion, Adjacency> eldest) {
                return size() > cachedEdgeTables;
              }
            });
  }

  /** An executor with the system UTC clock for {@code now()} and the default cache size. */
  public QueryExecutor(Tables tables) {
    this(tables, Clock.systemUTC(), DEFAULT_CACHED_EDGE_TABLES);
  }

  /**
   * The rows of {@code query} with parameter values {@code params} (as {@link
   * dev.omnigraph.lang.query.QueryParams} binds them) over {@code state}. {@code now()} is the
   * clock's instant, to the millisecond, the same for the whole query.
   *
   * @throws QueryExecutionException INDEX_REQUIRED if a full-text function needs an index the state
   *     lacks, and for the other reasons a compiled query can still fail at run time
   */
  public QueryResult run(CompiledQuery.Read query, Map<String, Literal> params, GraphState state) {
    QueryIr ir = query.ir();
    Map<String, Object> values = values(ir, params);
    ReadPlan plan = ReadPlan.of(ir, state.catalog(), values);
    List<List<Object>> rows;
    try (PipelineRun run =
        new PipelineRun(tables, state, plan, values, this::adjacency, targetScans)) {
      if (plan.ranking().isPresent()) {
        RankedSearch.Ranked ranked =
            new RankedSearch(tables, state, plan, ir, values, run).run(plan.ranking().get());
        rows = ResultTable.ranked(ir, query.resultSchema(), ranked.table(), values, ranked.rank());
      } else {
        rows = ResultTable.rows(ir, query.resultSchema(), run.run(), values);
      }
    }
    return new QueryResult(ir.name(), state.commitId(), query.resultSchema(), rows);
  }

  /** Edge tables indexed so far and still cached, for tests and cost gates. */
  int cachedEdgeTables() {
    return cache.size();
  }

  private Map<String, Object> values(QueryIr ir, Map<String, Literal> params) {
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<String, PropType> declared : ir.params().entrySet()) {
      Literal literal = params.get(declared.getKey());
      if (literal == null) {
        // Absent, not null: QueryParams binds every declared parameter, so this is a caller bug.
        continue;
      }
      values.put(
          declared.getKey(), Values.ofParam(declared.getKey(), literal, declared.getValue()));
    }
    Literal now = params.get(IrExpr.NOW_PARAM);
    values.put(
        IrExpr.NOW_PARAM,
        now == null
            ? clock.instant().truncatedTo(ChronoUnit.MILLIS)
            : Values.ofParam(IrExpr.NOW_PARAM, now, PropType.of(BaseType.DATE_TIME, false)));
    return values;
  }

  private Adjacency adjacency(PipelineRun.EdgeTableRequest request) {
    if (request.cacheable()) {
      Adjacency cached = cache.get(request.version());
      if (cached != null) {
        return cached;
      }
    }
    Adjacency built =
        new Adjacency(
            TableLoad.load(
                tables,
                request.version(),
                request.typeName(),
                request.columns(),
                Optional.empty()));
    if (request.cacheable()) {
      cache.put(request.version(), built);
    }
    return built;
  }
}

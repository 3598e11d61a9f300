package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.exec.Expressions.RowTest;
import dev.omnigraph.engine.exec.QueryExecutionException.Reason;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.maintain.IndexIntent;
import dev.omnigraph.engine.table.ScanFilter;
import dev.omnigraph.engine.table.TableException;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.table.TextQuery;
import dev.omnigraph.lang.query.CompOp;
import dev.omnigraph.lang.query.IrExpr;
import dev.omnigraph.lang.query.IrFilter;
import dev.omnigraph.lang.query.IrText;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The full-text side of one query run: {@code search}, {@code match_text} and {@code fuzzy} filters
 * as the set of node ids each matches (one table search per distinct filter), and the matches a
 * {@code bm25} ranking orders, all answered by the property's full-text index.
 */
final class FullText {
  private record Key(String typeName, TextQuery query) {}

  private final Tables tables;
  private final GraphState state;
  private final Map<String, Object> params;
  private final Map<Key, Set<String>> matches = new HashMap<>();

  FullText(Tables tables, GraphState state, Map<String, Object> params) {
    this.tables = tables;
    this.state = state;
    this.params = params;
  }

  /** Whether {@code filter} is a full-text filter: a search call compared with {@code true}. */
  static boolean isTextFilter(IrFilter filter) {
    return switch (filter.left()) {
      case IrExpr.Search s -> true;
      case IrExpr.MatchText m -> true;
      case IrExpr.Fuzzy f -> true;
      default -> false;
    };
  }

  /** {@code filter} (a text filter) over tables laid out like {@code layout}. */
  RowTest filter(IrFilter filter, Bindings layout) {
    IrExpr call = filter.left();
    if (filter.op() != CompOp.EQ
        || !(filter.right() instanceof IrExpr.Lit(var value))
        || !Boolean.TRUE.equals(Values.ofLiteral(value))) {
      throw new QueryExecutionException(
          Reason.UNSUPPORTED_EXPRESSION,
          "`"
              + IrText.expr(call)
              + "` is a match filter on its own; it cannot be compared with `"
              + IrText.expr(filter.right())
              + "`");
    }
    IrExpr.PropAccess field =
        switch (call) {
          case IrExpr.Search s -> Ranking.field(s.field(), call);
          case IrExpr.MatchText m -> Ranking.field(m.field(), call);
          case IrExpr.Fuzzy f -> Ranking.field(f.field(), call);
          default -> throw new IllegalArgumentException("not a text filter: " + call);
        };
    int slot = layout.slotOf(field.variable());
    if (slot < 0) {
      throw new QueryExecutionException(
          Reason.UNSUPPORTED_EXPRESSION,
          "variable `$"
              + field.variable()
              + "` is not bound where `"
              + IrText.expr(call)
              + "` runs");
    }
    Optional<TextQuery> query = query(call, field.property());
    Set<String> ids =
        query.map(q -> ids(layout.slots().get(slot).table().typeName(), q, call)).orElse(Set.of());
    Object[] nodeIds = layout.slots().get(slot).table().column(Catalog.ID_COLUMN);
    return (table, row) -> ids.contains((String) nodeIds[table.cell(row, slot)]);
  }

  /**
   * The nodes of {@code typeName} that {@code ranking} matches among those passing {@code
   * prefilter}, with {@code columns} and their BM25 scores; none for a null or empty query.
   */
  TableLoad.Scored bm25(
      Ranking.Bm25 ranking,
      String typeName,
      SequencedMap<String, PropType> columns,
      Optional<ScanFilter> prefilter) {
    Optional<String> text = SearchArguments.text(ranking.query(), ranking.call(), params);
    TableVersion version = state.nodeTable(typeName);
    return TableLoad.loadScored(
        typeName,
        columns,
        Tables.SCORE_COLUMN,
        sink -> {
          if (text.isPresent() && !text.get().isEmpty()) {
            search(
                ranking.call(),
                typeName,
                version,
                List.copyOf(columns.keySet()),
                prefilter,
                new TextQuery.Match(ranking.property(), text.get()),
                sink);
          }
        });
  }

  private Optional<TextQuery> query(IrExpr call, String property) {
    IrExpr queryArg =
        switch (call) {
          case IrExpr.Search s -> s.query();
          case IrExpr.MatchText m -> m.query();
          case IrExpr.Fuzzy f -> f.query();
          default -> throw new IllegalArgumentException("not a text filter: " + call);
        };
    Optional<String> text = SearchArguments.text(queryArg, call, params);
    if (text.isEmpty() || text.get().isEmpty()) {
      return Optional.empty();
    }
    if (call instanceof IrExpr.Fuzzy f) {
      long edits =
          SearchArguments.integer(f.maxEdits(), call, SearchArguments.DEFAULT_MAX_EDITS, params);
      if (edits < 0 || edits > Integer.MAX_VALUE) {
        throw SearchArguments.invalid(
            call,
            "max_edits must be zero or more (at most " + Integer.MAX_VALUE + "), got " + edits);
      }
      return Optional.of(new TextQuery.Fuzzy(property, text.get(), (int) edits));
    }
    return Optional.of(new TextQuery.Match(property, text.get()));
  }

  private Set<String> ids(String typeName, TextQuery query, IrExpr call) {
    Key key = new Key(typeName, query);
    Set<String> known = matches.get(key);
    if (known != null) {
      return known;
    }
    Set<String> ids = new HashSet<>();
    search(
        call,
        typeName,
        state.nodeTable(typeName),
        List.of(Catalog.ID_COLUMN),
        Optional.empty(),
        query,
        batch -> {
          VarCharVector column = (VarCharVector) batch.getVector(Catalog.ID_COLUMN);
          for (int i = 0; i < batch.getRowCount(); i++) {
            ids.add(new String(column.get(i), StandardCharsets.UTF_8));
          }
        });
    Set<String> frozen = Set.copyOf(ids);
    matches.put(key, frozen);
    return frozen;
  }

  private void search(
      IrExpr call,
      String typeName,
      TableVersion version,
      List<String> columns,
      Optional<ScanFilter> prefilter,
      TextQuery query,
      Consumer<VectorSchemaRoot> sink) {
    try {
      tables.fullTextBatches(version, columns, prefilter, query, sink);
    } catch (TableException e) {
      if (e.kind() != TableException.Kind.MISSING_INDEX) {
        throw e;
      }
      throw indexRequired(call, typeName, query, e);
    }
  }

  private QueryExecutionException indexRequired(
      IrExpr call, String typeName, TextQuery query, TableException e) {
    String property = typeName + "." + query.column();
    boolean declared =
        IndexIntent.of(state.catalog()).stream()
            .anyMatch(i ->
                i.typeName().equals(typeName)
                    && i.column().equals(query.column())
                    && i.kind() == IndexIntent.Kind.INVERTED);
    String fix =
        declared
            ? "run optimize to build it over every row"
            : "only a String property declared `@index` that is not its type's `@key` has one;"
                + " search such a property, or declare "
                + property
                + " so and run optimize";
    return new QueryExecutionException(
        Reason.INDEX_REQUIRED,
        "`"
            + IrText.expr(call)
            + "` needs the full-text index of "
            + property
            + " ("
            + e.getMessage()
            + "); "
            + fix);
  }
}

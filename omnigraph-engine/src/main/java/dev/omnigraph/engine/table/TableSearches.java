package dev.omnigraph.engine.table;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.lance.Dataset;
import org.lance.ipc.FullTextQuery;
import org.lance.ipc.Query;
import org.lance.ipc.ScanOptions;

/**
 * Builds the Lance scans of nearest-neighbour and full-text searches on an open table version, and
 * decides which index each may use so that no index ever changes a result.
 *
 * <p>Nearest neighbours are exact: a vector index is used only when its metric is the query's, and
 * then every IVF partition is probed (an IVF_FLAT index keeps vectors unquantised), so the index
 * finds exactly what a brute-force scan finds; rows the index does not cover yet are scanned.
 *
 * <p>Full text needs the column's full-text index: Lance's brute-force text search (no index)
 * splits text differently (it does not lower-case, so {@code café} misses {@code Café}), so
 * answering without the index would change what matches. Rows written after the index was built are
 * scanned with the index's tokenizer, so a plain match still finds them; a fuzzy match would not,
 * so it needs the index to cover every row.
 */
final class TableSearches {
  // IVF partitions never exceed TableIndexes' cap, so probing this many probes them all.
  private static final int ALL_PARTITIONS = TableIndexes.MAX_PARTITIONS;
  private static final float NO_BOOST = 1.0f;
  // Lance's default for how many index words one fuzzy query word may expand to.
  private static final int FUZZY_EXPANSIONS = 50;

  private TableSearches() {}

  /** The scan of {@code query} over {@code ds}, prefiltered by {@code predicate}. */
  static ScanOptions nearest(
      Dataset ds,
      List<String> columns,
      Optional<String> predicate,
      NearestQuery query,
      String where) {
    requireVectorColumn(ds, query, where);
    boolean indexed =
        TableIndexes.list(ds).stream()
            .anyMatch(i ->
                i.columns().equals(List.of(query.column()))
                    && i.spec()
                        .filter(
                            s -> s instanceof IndexSpec.Vector v && v.metric() == query.metric())
                        .isPresent());
    Query.Builder nearest =
        new Query.Builder()
            .setColumn(query.column())
            .setKey(query.key())
            .setK(query.k())
            .setDistanceType(query.metric().lance())
            .setUseIndex(indexed);
    if (indexed) {
      nearest.setNprobes(ALL_PARTITIONS);
    }
    ScanOptions.Builder options =
        new ScanOptions.Builder().nearest(nearest.build()).columns(columns);
    predicate.ifPresent(p -> options.filter(p).prefilter(true));
    return options.build();
  }

  /**
   * The scan of {@code query} over {@code ds}, prefiltered by {@code predicate}; empty when the
   * column holds no text at all, which needs no index to answer.
   *
   * @throws TableException of kind {@link TableException.Kind#MISSING_INDEX} if the column has no
   *     full-text index, or a fuzzy query's index does not cover every row
   */
  static Optional<ScanOptions> fullText(
      Dataset ds, List<String> columns, Optional<String> predicate, TextQuery query, String where) {
    Field field =
        SchemaFit.field(ds.getSchema(), query.column())
            .orElseThrow(() ->
                TableException.invalid(
                    where, "the table has no column '" + query.column() + "' to search"));
    if (!(field.getType() instanceof ArrowType.Utf8)) {
      throw TableException.invalid(
          where,
          "full-text search needs a string column, and '"
              + query.column()
              + "' is "
              + field.getType());
    }
    Optional<TableIndex> index =
        TableIndexes.list(ds).stream()
            .filter(i -> i.columns().equals(List.of(query.column())) && i.type().equals("Inverted"))
            .findFirst();
    if (index.isEmpty()) {
      if (ds.countRows(TableIndexes.notNull(query.column())) == 0) {
        return Optional.empty();
      }
      throw TableException.missingIndex(
          where, "column '" + query.column() + "' has no full-text index to search");
    }
    if (query instanceof TextQuery.Fuzzy && !index.get().coversAllFragments()) {
      throw TableException.missingIndex(
          where,
          "the full-text index '"
              + index.get().name()
              + "' of column '"
              + query.column()
              + "' does not cover rows written since it was built, and a fuzzy match finds only"
              + " rows the index covers");
    }
    FullTextQuery text =
        switch (query) {
          case TextQuery.Match m -> FullTextQuery.match(m.text(), m.column());
          case TextQuery.Fuzzy f ->
              FullTextQuery.match(
                  f.text(),
                  f.column(),
                  NO_BOOST,
                  Optional.of(f.maxEdits()),
                  FUZZY_EXPANSIONS,
                  FullTextQuery.Operator.OR,
                  0);
        };
    ScanOptions.Builder options = new ScanOptions.Builder().fullTextQuery(text).columns(columns);
    predicate.ifPresent(p -> options.filter(p).prefilter(true));
    return Optional.of(options.build());
  }

  private static void requireVectorColumn(Dataset ds, NearestQuery query, String where) {
    Field field =
        SchemaFit.field(ds.getSchema(), query.column())
            .orElseThrow(() ->
                TableException.invalid(
                    where, "the table has no column '" + query.column() + "' to search"));
    if (!TableIndexes.floatVector(field)) {
      throw TableException.invalid(
          where,
          "a nearest-neighbour search needs a fixed-size float vector column, and '"
              + query.column()
              + "' is "
              + field.getType());
    }
    int dimension = ((ArrowType.FixedSizeList) field.getType()).getListSize();
    if (dimension != query.vector().size()) {
      throw TableException.invalid(
          where,
          "column '"
              + query.column()
              + "' holds vectors of "
              + dimension
              + " components, and the query has "
              + query.vector().size());
    }
  }
}

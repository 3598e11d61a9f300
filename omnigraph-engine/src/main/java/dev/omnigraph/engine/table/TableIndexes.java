package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.index.Index;
import org.lance.index.IndexDescription;
import org.lance.index.IndexOptions;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.BTreeIndexParams;
import org.lance.index.scalar.InvertedIndexParams;
import org.lance.index.vector.IvfBuildParams;
import org.lance.index.vector.VectorIndexParams;
import org.lance.index.vector.VectorTrainer;
import org.lance.operation.CreateIndex;
import org.lance.schema.LanceField;

/**
 * Builds, lists and drops the indexes of a table version, each change committed as a detached
 * {@code CreateIndex}. Lance's own index builders commit to the table head (and refuse a handle at
 * a detached version), so every build here is Lance's uncommitted variant: {@code createIndex}
 * restricted to an explicit list of fragments, which writes the index files and returns their
 * metadata without committing.
 */
final class TableIndexes {
  private static final Pattern METRIC = Pattern.compile("\"metric_type\"\\s*:\\s*\"(\\w+)\"");
  // IVF partitions: about the square root of the vector count (Lance's rule of thumb for small and
  // medium tables); k-means needs no more centroids than vectors, and the cap bounds training.
  static final int MAX_PARTITIONS = 4096;

  private TableIndexes() {}

  /** What rebuilding a set of indexes on one handle produced, not yet committed. */
  record Rebuild(
      List<Index> fresh, List<Index> stale, List<String> rebuilt, List<String> pending) {}

  /** The indexes of {@code ds}, by name. */
  static List<TableIndex> list(Dataset ds) {
    Set<Integer> fragments = new HashSet<>(fragmentIds(ds));
    Map<Integer, String> columnsById = columnNames(ds.getLanceSchema().fields());
    List<TableIndex> indexes = new ArrayList<>();
    for (IndexDescription d : ds.describeIndices()) {
      List<String> columns =
          d.getFieldIds().stream().map(id -> columnsById.getOrDefault(id, "#" + id)).toList();
      Set<Integer> covered = new HashSet<>();
      boolean known = true;
      for (Index segment : d.getSegments()) {
        if (segment.fragments().isPresent()) {
          covered.addAll(segment.fragments().get());
        } else {
          known = false;
        }
      }
      indexes.add(
          new TableIndex(
              d.getName(),
              columns,
              d.getIndexType(),
              specOf(d, columns),
              known && covered.containsAll(fragments)));
    }
    indexes.sort(Comparator.comparing(TableIndex::name));
    return List.copyOf(indexes);
  }

  /**
   * Builds {@code spec} over every fragment of {@code ds} and commits it detached, replacing an
   * index of the same name; pending (nothing committed) when the column has no non-null value.
   */
  static IndexBuild build(Dataset ds, TableVersion at, IndexSpec spec, String where) {
    requireFits(ds.getSchema(), spec, where);
    long values = ds.countRows(notNull(spec.column()));
    if (values == 0) {
      String reason =
          ds.countRows() == 0
              ? "the table has no rows"
              : "column '" + spec.column() + "' has only null values";
      return new IndexBuild.Pending(at, spec, reason);
    }
    int fieldId = fieldId(ds, spec.column());
    List<Index> existing = segments(ds, spec.name());
    boolean inPlace =
        existing.stream()
            .allMatch(i -> i.fields().equals(List.of(fieldId)) && sameKind(i.indexType(), spec));
    if (inPlace) {
      Index fresh = uncommitted(ds, spec, values);
      CreateIndex replace =
          CreateIndex.builder().withNewIndices(List.of(fresh)).withRemovedIndices(existing).build();
      try (Dataset out = DetachedCommits.commit(ds, replace)) {
        return built(out, at, spec);
      }
    }
    // Lance refuses to build a name that an index over other fields (or of another kind) holds, so
    // that index is dropped first, in an intermediate detached version no one else will name.
    try (Dataset dropped = DetachedCommits.commit(ds, drop(existing))) {
      Index fresh = uncommitted(dropped, spec, values);
      try (Dataset out =
          DetachedCommits.commit(
              dropped, CreateIndex.builder().withNewIndices(List.of(fresh)).build())) {
        return built(out, at, spec);
      }
    }
  }

  /** Drops the index called {@code name}; returns {@code at} itself when there is none. */
  static TableVersion drop(Dataset ds, TableVersion at, String name) {
    List<Index> existing = segments(ds, name);
    if (existing.isEmpty()) {
      return at;
    }
    return DetachedCommits.commitToVersion(ds, at, drop(existing));
  }

  /**
   * Builds every spec afresh over the fragments of {@code ds} (uncommitted), with the segments of
   * the same names that the fresh ones replace; a spec whose column holds no value is pending.
   */
  static Rebuild rebuild(Dataset ds, List<IndexSpec> specs) {
    List<Index> fresh = new ArrayList<>();
    List<Index> stale = new ArrayList<>();
    List<String> rebuilt = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (IndexSpec spec : specs) {
      long values = ds.countRows(notNull(spec.column()));
      if (values == 0) {
        pending.add(spec.name());
        continue;
      }
      fresh.add(uncommitted(ds, spec, values));
      stale.addAll(segments(ds, spec.name()));
      rebuilt.add(spec.name());
    }
    return new Rebuild(
        List.copyOf(fresh), List.copyOf(stale), List.copyOf(rebuilt), List.copyOf(pending));
  }

  /** Refuses a spec whose column the table lacks or whose type the index kind cannot take. */
  static void requireFits(Schema schema, IndexSpec spec, String where) {
    Field field =
        SchemaFit.field(schema, spec.column())
            .orElseThrow(() ->
                TableException.invalid(
                    where,
                    "index '"
                        + spec.name()
                        + "' names column '"
                        + spec.column()
                        + "', which the table does not have"));
    ArrowType type = field.getType();
    String problem =
        switch (spec) {
          case IndexSpec.BTree b -> nested(type) ? "a B-tree index needs a scalar column" : null;
          case IndexSpec.FullText f ->
              type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8
                  ? null
                  : "a full-text index needs a string column";
          case IndexSpec.Vector v ->
              floatVector(field) ? null : "a vector index needs a fixed-size float vector column";
        };
    if (problem != null) {
      throw TableException.invalid(
          where,
          "index '"
              + spec.name()
              + "': "
              + problem
              + ", and column '"
              + spec.column()
              + "' is "
              + type);
    }
  }

  static int ivfPartitions(long vectors) {
    return Math.clamp((long) Math.sqrt((double) vectors), 1, MAX_PARTITIONS);
  }

  private static Index uncommitted(Dataset ds, IndexSpec spec, long values) {
    List<Integer> fragments = fragmentIds(ds);
    return switch (spec) {
      case IndexSpec.BTree b ->
          ds.createIndex(
              options(
                  b,
                  IndexType.BTREE,
                  IndexParams.builder()
                      .setScalarIndexParams(BTreeIndexParams.builder().build())
                      .build(),
                  fragments));
      case IndexSpec.FullText f -> {
        Index index = ds.createIndex(options(f, IndexType.INVERTED, fullTextParams(), fragments));
        // A fragment-restricted inverted build leaves per-partition files; merging them into the
        // index's final files is still uncommitted.
        ds.mergeIndexMetadata(index.uuid().toString(), IndexType.INVERTED, Optional.empty());
        yield index;
      }
      case IndexSpec.Vector v -> {
        int partitions = ivfPartitions(values);
        // A fragment-restricted vector build takes precomputed centroids instead of training
        // them; training reads the table and commits nothing.
        float[] centroids =
            VectorTrainer.trainIvfCentroids(
                ds,
                v.column(),
                new IvfBuildParams.Builder().setNumPartitions(partitions).build(),
                v.metric().lance());
        IvfBuildParams ivf =
            new IvfBuildParams.Builder()
                .setNumPartitions(partitions)
                .setCentroids(centroids)
                .build();
        IndexParams params =
            IndexParams.builder()
                .setVectorIndexParams(
                    new VectorIndexParams.Builder(ivf).setDistanceType(v.metric().lance()).build())
                .build();
        yield ds.createIndex(options(v, IndexType.IVF_FLAT, params, fragments));
      }
    };
  }

  private static IndexOptions options(
      IndexSpec spec, IndexType type, IndexParams params, List<Integer> fragments) {
    return IndexOptions.builder(List.of(spec.column()), type, params)
        .withIndexName(spec.name())
        .withFragmentIds(fragments)
        .replace(true)
        .build();
  }

  private static IndexParams fullTextParams() {
    return IndexParams.builder()
        .setScalarIndexParams(
            new InvertedIndexParams.Builder()
                .baseTokenizer("simple")
                .language("English")
                .withPosition(true)
                .lowerCase(true)
                .asciiFolding(true)
                .stem(false)
                .removeStopWords(false)
                .build())
        .build();
  }

  private static CreateIndex drop(List<Index> existing) {
    return CreateIndex.builder().withNewIndices(List.of()).withRemovedIndices(existing).build();
  }

  private static IndexBuild built(Dataset out, TableVersion at, IndexSpec spec) {
    TableIndex index =
        list(out).stream()
            .filter(i -> i.name().equals(spec.name()))
            .findFirst()
            .orElseThrow(() ->
                new IllegalStateException("index " + spec.name() + " missing after its commit"));
    return new IndexBuild.Built(DetachedCommits.versionOf(at.path(), out), index);
  }

  private static List<Index> segments(Dataset ds, String name) {
    return ds.getIndexes().stream().filter(i -> i.name().equals(name)).toList();
  }

  private static List<Integer> fragmentIds(Dataset ds) {
    return ds.getFragments().stream().map(Fragment::getId).toList();
  }

  private static boolean sameKind(IndexType existing, IndexSpec spec) {
    return switch (spec) {
      case IndexSpec.BTree b -> existing == IndexType.BTREE;
      case IndexSpec.FullText f -> existing == IndexType.INVERTED;
      // Lance reports a built vector index's type as VECTOR, whatever its IVF variant.
      case IndexSpec.Vector v -> existing == IndexType.VECTOR || existing == IndexType.IVF_FLAT;
    };
  }

  /**
   * The spec that rebuilds an index this class built, recognised by its Lance type (and, for a
   * vector index, the metric in its details); empty for anything else.
   */
  private static Optional<IndexSpec> specOf(IndexDescription d, List<String> columns) {
    if (columns.size() != 1) {
      return Optional.empty();
    }
    String name = d.getName();
    String column = columns.getFirst();
    try {
      return switch (d.getIndexType()) {
        case "BTree" -> Optional.of(new IndexSpec.BTree(name, column));
        case "Inverted" -> Optional.of(new IndexSpec.FullText(name, column));
        case "IVF_FLAT" ->
            metric(d.getDetailsJson()).map(m -> new IndexSpec.Vector(name, column, m));
        default -> Optional.empty();
      };
    } catch (IllegalArgumentException e) {
      // A name Omnigraph would not accept: not an index it built.
      return Optional.empty();
    }
  }

  private static Optional<IndexSpec.VectorMetric> metric(String detailsJson) {
    Matcher m = METRIC.matcher(String.valueOf(detailsJson));
    if (!m.find()) {
      return Optional.empty();
    }
    return switch (m.group(1).toUpperCase(Locale.ROOT)) {
      case "L2" -> Optional.of(IndexSpec.VectorMetric.L2);
      case "COSINE" -> Optional.of(IndexSpec.VectorMetric.COSINE);
      case "DOT" -> Optional.of(IndexSpec.VectorMetric.DOT);
      default -> Optional.empty();
    };
  }

  private static int fieldId(Dataset ds, String column) {
    return ds.getLanceSchema().fields().stream()
        .filter(f -> f.getName().equals(column))
        .findFirst()
        .map(LanceField::getId)
        .orElseThrow(() -> new IllegalStateException("column " + column + " has no Lance field"));
  }

  private static Map<Integer, String> columnNames(List<LanceField> fields) {
    Map<Integer, String> names = new HashMap<>();
    // Only top-level columns are indexed; a nested field (a vector's "item") is never named.
    for (LanceField f : fields) {
      names.put(f.getId(), f.getName());
    }
    return names;
  }

  /**
   * A filter for the rows where {@code column} is not null. Lance's filter dialect reads a
   * double-quoted name as a string literal (always not null); backticks quote an identifier.
   */
  static String notNull(String column) {
    return "`" + column.replace("`", "``") + "` IS NOT NULL";
  }

  private static boolean nested(ArrowType type) {
    return type instanceof ArrowType.List
        || type instanceof ArrowType.LargeList
        || type instanceof ArrowType.FixedSizeList
        || type instanceof ArrowType.Struct
        || type instanceof ArrowType.Map
        || type instanceof ArrowType.Union;
  }

  static boolean floatVector(Field field) {
    return field.getType() instanceof ArrowType.FixedSizeList
        && field.getChildren().size() == 1
        && field.getChildren().getFirst().getType() instanceof ArrowType.FloatingPoint;
  }
}

package dev.omnigraph.engine.table;

import dev.omnigraph.engine.failpoint.FailpointError;
import dev.omnigraph.engine.log.TableVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.ReadOptions;
import org.lance.Session;
import org.lance.WriteParams;
import org.lance.ipc.ColumnOrdering;
import org.lance.ipc.ScanOptions;
import org.lance.operation.Append;
import org.lance.operation.Operation;
import org.lance.operation.Update;

/**
 * The only door to Lance for one open graph: it owns the graph's Arrow allocator, Lance session and
 * Lance threads, opens every table at an exact version (counting the opens), and commits every
 * effect as a detached version built on the given base, so no table head ever moves.
 */
public final class Tables implements AutoCloseable {
  /** The column a nearest-neighbour search adds: the row's distance to the query (Float32). */
  public static final String DISTANCE_COLUMN = "_distance";

  /** The column a full-text search adds: the row's BM25 score for the query (Float32). */
  public static final String SCORE_COLUMN = "_score";

  private final String root;
  private final Map<String, String> storageOptions;
  private final BufferAllocator allocator;
  private final Session session;
  private final LanceThreads threads;
  private final AtomicLong opens = new AtomicLong();
  private final AtomicLong rowsStreamed = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens the table access of the graph at {@code root}, a local folder path or an object-store
   * URI, with Lance storage options (credentials, endpoint) passed to every table call.
   */
  public Tables(String root, Map<String, String> storageOptions) {
    Objects.requireNonNull(root, "root");
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.storageOptions = Map.copyOf(storageOptions);
    this.allocator = new RootAllocator();
    this.session = Session.builder().build();
    this.threads = new LanceThreads(LanceThreads.defaultSize());
  }

  /** The allocator callers build row batches with; it is closed (and checked for leaks) here. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** Table opens so far, for cost gates: every operation on an existing version opens it once. */
  public long opens() {
    return opens.get();
  }

  /**
   * Rows handed to callers by batch scans and searches so far, for cost gates: how much of a table
   * a read brought out of Lance.
   */
  public long rowsStreamed() {
    return rowsStreamed.get();
  }

  /**
   * Opens version {@code v} once for any number of batch scans, until the returned handle is
   * closed; it counts as one open.
   */
  public OpenTable openForScans(TableVersion v) {
    Dataset ds = lance("open", where(v), () -> open(v));
    return new OpenTable(this, v, ds);
  }

  /**
   * Creates an empty table incarnation at {@code path} under the root and returns its version 1.
   * Fails with {@link TableException.Kind#CONFLICT} if something already exists there.
   */
  public TableVersion create(String path, Schema schema) {
    Objects.requireNonNull(schema, "schema");
    // TableVersion's checks keep a bad path (absolute, "..") away from Lance.
    String checkedPath = new TableVersion(path, "1").path();
    return lance(
        "create",
        "table " + checkedPath,
        () -> {
          // CREATE mode (not an Overwrite commit) so an existing table is refused, not replaced.
          try (Dataset ds =
              Dataset.write()
                  .allocator(allocator)
                  .uri(uri(checkedPath))
                  .schema(schema)
                  .mode(WriteParams.WriteMode.CREATE)
                  .storageOptions(storageOptions)
                  .session(session)
                  .execute()) {
            return DetachedCommits.versionOf(checkedPath, ds);
          }
        });
  }

  /**
   * Appends {@code rows} as a new detached version built on {@code base}; an empty batch returns
   * {@code base} unchanged, since an empty commit would only add an unreferenced version. Rows
   * whose columns differ from the table's are refused as {@link TableException.Kind#INVALID}.
   */
  public TableVersion append(TableVersion base, VectorSchemaRoot rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.getRowCount() == 0) {
      return base;
    }
    return lance(
        "append to",
        where(base),
        () -> {
          try (Dataset ds = open(base)) {
            SchemaFit.requireFits(ds.getSchema(), rows.getSchema(), where(base));
            List<FragmentMetadata> fragments = writeFragments(base, rows);
            return DetachedCommits.commitToVersion(
                ds, base, Append.builder().fragments(fragments).build());
          }
        });
  }

  /**
   * Creates a table incarnation at {@code path} with {@code schema} holding every row of {@code
   * source} at that version, and returns its version (1 when {@code source} is empty, else 2). Each
   * column of {@code schema} is filled from the source column {@code sourceColumns} maps it to, of
   * the same type, or with nulls when it maps to none; source columns no one names are left behind.
   * Rows are copied {@code batchRows} at a time, so memory stays bounded by one batch. Fails with
   * {@link TableException.Kind#CONFLICT} if something already exists at {@code path}.
   */
  public TableVersion createCopy(
      String path,
      Schema schema,
      TableVersion source,
      Map<String, String> sourceColumns,
      int batchRows) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(source, "source");
    Map<String, String> mapping = Map.copyOf(sourceColumns);
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
    String checkedPath = new TableVersion(path, "1").path();
    return lance(
        "copy " + where(source) + " into",
        "table " + checkedPath,
        () -> {
          List<FragmentMetadata> fragments = new ArrayList<>();
          // Created first and empty: the copied files are named only by the append below, so a
          // failure in between leaves an empty incarnation at a path no record names.
          try (Dataset ds =
                  Dataset.write()
                      .allocator(allocator)
                      .uri(uri(checkedPath))
                      .schema(schema)
                      .mode(WriteParams.WriteMode.CREATE)
                      .storageOptions(storageOptions)
                      .session(session)
                      .execute();
              Dataset from = open(source)) {
            TableVersion created = DetachedCommits.versionOf(checkedPath, ds);
            ScanOptions options =
                new ScanOptions.Builder()
                    .batchSize(batchRows)
                    .columns(List.copyOf(new TreeSet<>(mapping.values())))
                    .build();
            Scans.forEachBatch(
                from,
                options,
                batch -> {
                  if (batch.getRowCount() == 0) {
                    return;
                  }
                  try (VectorSchemaRoot rows = copyColumns(batch, schema, mapping)) {
                    fragments.addAll(writeFragments(created, rows));
                  }
                });
            if (fragments.isEmpty()) {
              return created;
            }
            return DetachedCommits.commitToVersion(
                ds, created, Append.builder().fragments(fragments).build());
          }
        });
  }

  private VectorSchemaRoot copyColumns(
      VectorSchemaRoot batch, Schema schema, Map<String, String> mapping) {
    int n = batch.getRowCount();
    VectorSchemaRoot rows = VectorSchemaRoot.create(schema, allocator);
    try {
      rows.allocateNew();
      for (FieldVector to : rows.getFieldVectors()) {
        String fromName = mapping.get(to.getName());
        if (fromName != null) {
          FieldVector from = batch.getVector(fromName);
          for (int i = 0; i < n; i++) {
            to.copyFromSafe(i, i, from);
          }
        }
        // A column mapped to none stays all null: allocateNew clears the validity buffers.
        to.setValueCount(n);
      }
      rows.setRowCount(n);
      return rows;
    } catch (RuntimeException e) {
      rows.close();
      throw e;
    }
  }

  /**
   * Removes the rows matching {@code predicate} (Lance/DataFusion SQL) in a new detached version
   * built on {@code base}; returns {@code base} itself when nothing matches.
   */
  public TableVersion delete(TableVersion base, String predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return lance(
        "delete from",
        where(base),
        () -> {
          try (Dataset ds = open(base)) {
            Map<Integer, List<Integer>> offsetsByFragment = matchingOffsets(ds, predicate);
            if (offsetsByFragment.isEmpty()) {
              return base;
            }
            KeyedRows.Removal removal = KeyedRows.remove(ds, offsetsByFragment);
            return DetachedCommits.commitToVersion(ds, base, update(removal, List.of()));
          }
        });
  }

  /**
   * Replaces, in one new detached version built on {@code base}, every row whose string {@code
   * keyColumn} holds a key of {@code rows} by that row, and adds the rows with new keys; an empty
   * batch returns {@code base} unchanged. Keys are matched exactly, in Java, against a scan of the
   * key column. Refused as {@link TableException.Kind#INVALID}: rows whose columns differ from the
   * table's, a key column that is missing or not a string, a null key, a key given twice.
   */
  public Upserted upsert(TableVersion base, String keyColumn, VectorSchemaRoot rows) {
    return upsert(Objects.requireNonNull(base, "base"), null, keyColumn, rows);
  }

  /**
   * {@link #upsert(TableVersion, String, VectorSchemaRoot)} on the version {@code table} holds
   * open, without opening it again: a write that first read the rows it changes pays one open.
   */
  public Upserted upsert(OpenTable table, String keyColumn, VectorSchemaRoot rows) {
    return upsert(Objects.requireNonNull(table, "table").version(), table, keyColumn, rows);
  }

  // `open` holds `base` open already, or is null.
  private Upserted upsert(
      TableVersion base, OpenTable open, String keyColumn, VectorSchemaRoot rows) {
    Objects.requireNonNull(keyColumn, "keyColumn");
    Objects.requireNonNull(rows, "rows");
    if (rows.getRowCount() == 0) {
      return new Upserted(base, 0, 0);
    }
    return onVersion("upsert into", base, open, ds -> upsertOn(ds, base, keyColumn, rows));
  }

  // Runs on a Lance thread, inside lance().
  private Upserted upsertOn(Dataset ds, TableVersion base, String keyColumn, VectorSchemaRoot rows)
      throws Exception {
    Schema schema = ds.getSchema();
    SchemaFit.requireFits(schema, rows.getSchema(), where(base));
    KeyedRows.requireKeyColumn(schema, keyColumn, where(base));
    Set<String> keys = KeyedRows.keysOf(rows, keyColumn, where(base));
    KeyedRows.Matches matches = KeyedRows.find(ds, keyColumn, keys);
    KeyedRows.Removal removal = KeyedRows.remove(ds, matches.offsetsByFragment());
    List<FragmentMetadata> fresh = writeFragments(base, rows);
    TableVersion v = DetachedCommits.commitToVersion(ds, base, update(removal, fresh));
    long replaced = matches.keys().size();
    return new Upserted(v, replaced, keys.size() - replaced);
  }

  /**
   * Removes, in a new detached version built on {@code base}, every row whose string {@code
   * keyColumn} holds one of {@code keys}, matched exactly (no SQL is built from the keys); returns
   * {@code base} itself when no key is given or none matches.
   */
  public Deleted deleteKeys(TableVersion base, String keyColumn, Collection<String> keys) {
    return deleteKeys(Objects.requireNonNull(base, "base"), null, keyColumn, keys);
  }

  /**
   * {@link #deleteKeys(TableVersion, String, Collection)} on the version {@code table} holds open,
   * without opening it again: a delete that first read the rows it removes pays one open.
   */
  public Deleted deleteKeys(OpenTable table, String keyColumn, Collection<String> keys) {
    return deleteKeys(Objects.requireNonNull(table, "table").version(), table, keyColumn, keys);
  }

  // `open` holds `base` open already, or is null.
  private Deleted deleteKeys(
      TableVersion base, OpenTable open, String keyColumn, Collection<String> keys) {
    Objects.requireNonNull(keyColumn, "keyColumn");
    Objects.requireNonNull(keys, "keys");
    // Not keys.contains(null): immutable collections throw on that instead of answering.
    if (keys.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("keys to delete must not contain null");
    }
    if (keys.isEmpty()) {
      return new Deleted(base, 0);
    }
    Set<String> wanted = Set.copyOf(keys);
    return onVersion(
        "delete keys from", base, open, ds -> deleteKeysOn(ds, base, keyColumn, wanted));
  }

  /** Work on an open dataset, run on a Lance thread. */
  @FunctionalInterface
  private interface DatasetWork<T> {
    T apply(Dataset ds) throws Exception;
  }

  // Runs `work` on `open`'s dataset, or on `base` opened for it and closed after.
  private <T> T onVersion(String action, TableVersion base, OpenTable open, DatasetWork<T> work) {
    return lance(
        action,
        where(base),
        () -> {
          if (open != null) {
            return work.apply(open.dataset());
          }
          try (Dataset ds = open(base)) {
            return work.apply(ds);
          }
        });
  }

  // Runs on a Lance thread, inside lance().
  private Deleted deleteKeysOn(Dataset ds, TableVersion base, String keyColumn, Set<String> wanted)
      throws Exception {
    KeyedRows.requireKeyColumn(ds.getSchema(), keyColumn, where(base));
    KeyedRows.Matches matches = KeyedRows.find(ds, keyColumn, wanted);
    if (matches.isEmpty()) {
      return new Deleted(base, 0);
    }
    KeyedRows.Removal removal = KeyedRows.remove(ds, matches.offsetsByFragment());
    TableVersion v = DetachedCommits.commitToVersion(ds, base, update(removal, List.of()));
    return new Deleted(v, matches.rows());
  }

  /**
   * Writes {@code rows} as data files of the table at {@code path} (a table path of this root) that
   * no version names yet, adding them to {@code into}, or to a new {@link StagedRows} when {@code
   * into} is null; returns what it added to. An empty batch writes nothing. The caller keeps the
   * batch and closes it.
   */
  public StagedRows stage(String path, StagedRows into, VectorSchemaRoot rows) {
    Objects.requireNonNull(rows, "rows");
    String checkedPath = new TableVersion(path, "1").path();
    StagedRows target = into == null ? new StagedRows(checkedPath) : into;
    if (!target.path().equals(checkedPath)) {
      throw new IllegalArgumentException(
          "rows staged for table " + target.path() + " cannot be added to table " + checkedPath);
    }
    if (rows.getRowCount() == 0) {
      return target;
    }
    target.requireSchema(rows.getSchema());
    TableVersion table = new TableVersion(checkedPath, "1");
    List<FragmentMetadata> written =
        lance("stage rows for", "table " + checkedPath, () -> writeFragments(table, rows));
    target.add(written, rows.getRowCount());
    return target;
  }

  /** The version {@link #commitStaged} made and how many rows of its base it dropped. */
  public record StagedCommit(TableVersion version, long dropped) {}

  /** Which rows of the base a {@link #commitStaged} replaces. */
  public sealed interface Replaced {
    /** None: the staged rows are added. */
    record Nothing() implements Replaced {}

    /** Every row whose string {@code column} holds one of {@code keys}, matched exactly. */
    record Keys(String column, Set<String> keys) implements Replaced {
      public Keys {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(keys, "keys");
      }
    }

    /** Every row: the table's content becomes the staged rows. */
    record All() implements Replaced {}
  }

  /**
   * Names {@code staged} in one new detached version built on {@code base} that first drops the
   * rows of {@code base} that {@code replaced} selects, and leaves out the staged rows whose
   * 0-based position in staging order is in {@code skipped} (sorted ascending, for rows a later row
   * of the same write superseded). Returns {@code base} itself when nothing changes, and how many
   * rows of {@code base} were dropped. The staged files stay reusable, so the same rows can be
   * committed again on a newer base.
   */
  public StagedCommit commitStaged(
      TableVersion base, StagedRows staged, Replaced replaced, long[] skipped) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(staged, "staged");
    Objects.requireNonNull(replaced, "replaced");
    if (!staged.path().equals(base.path())) {
      throw new IllegalArgumentException(
          "rows staged for table " + staged.path() + " cannot be committed to " + base.path());
    }
    List<FragmentMetadata> fresh = staged.fragments();
    long[] skip = skipped.clone();
    return lance(
        "commit staged rows to",
        where(base),
        () -> {
          try (Dataset ds = open(base)) {
            if (!fresh.isEmpty()) {
              SchemaFit.requireFits(ds.getSchema(), staged.schema(), where(base));
            }
            long[] dropped = {0};
            KeyedRows.Removal removal =
                switch (replaced) {
                  case Replaced.Nothing n -> new KeyedRows.Removal(List.of(), List.of());
                  case Replaced.Keys k -> {
                    KeyedRows.requireKeyColumn(ds.getSchema(), k.column(), where(base));
                    KeyedRows.Matches matches = KeyedRows.find(ds, k.column(), k.keys());
                    dropped[0] = matches.rows();
                    yield KeyedRows.remove(ds, matches.offsetsByFragment());
                  }
                  case Replaced.All a -> {
                    dropped[0] = ds.countRows();
                    yield new KeyedRows.Removal(
                        List.of(), ds.getFragments().stream().map(f -> (long) f.getId()).toList());
                  }
                };
            if (fresh.isEmpty() && removal.updated().isEmpty() && removal.removed().isEmpty()) {
              return new StagedCommit(base, 0);
            }
            Operation operation =
                removal.updated().isEmpty() && removal.removed().isEmpty()
                    ? Append.builder().fragments(fresh).build()
                    : update(removal, fresh);
            if (skip.length == 0) {
              return new StagedCommit(
                  DetachedCommits.commitToVersion(ds, base, operation), dropped[0]);
            }
            Set<Integer> before = new HashSet<>();
            ds.getFragments().forEach(f -> before.add(f.getId()));
            try (Dataset written = DetachedCommits.commit(ds, operation)) {
              Map<Integer, List<Integer>> offsets =
                  stagedOffsets(written, before, fresh, skip, where(base));
              KeyedRows.Removal superseded = KeyedRows.remove(written, offsets);
              return new StagedCommit(
                  DetachedCommits.commitToVersion(written, base, update(superseded, List.of())),
                  dropped[0]);
            }
          }
        });
  }

  // The physical offsets, per new fragment id, of the staged rows at the given positions: new
  // fragments are the ones `before` lacks, numbered in staging order.
  private static Map<Integer, List<Integer>> stagedOffsets(
      Dataset written,
      Set<Integer> before,
      List<FragmentMetadata> fresh,
      long[] positions,
      String where) {
    List<Fragment> added = new ArrayList<>();
    for (Fragment f : written.getFragments()) {
      if (!before.contains(f.getId())) {
        added.add(f);
      }
    }
    added.sort(Comparator.comparingInt(Fragment::getId));
    if (added.size() != fresh.size()) {
      throw TableException.invalid(
          where,
          "the commit added " + added.size() + " fragments for " + fresh.size() + " staged ones");
    }
    Map<Integer, List<Integer>> offsets = new TreeMap<>();
    long start = 0;
    int p = 0;
    for (int i = 0; i < added.size() && p < positions.length; i++) {
      long rows = fresh.get(i).getPhysicalRows();
      while (p < positions.length && positions[p] < start + rows) {
        if (positions[p] < start) {
          throw new IllegalArgumentException("skipped positions must be sorted and distinct");
        }
        offsets
            .computeIfAbsent(added.get(i).getId(), k -> new ArrayList<>())
            .add((int) (positions[p] - start));
        p++;
      }
      start += rows;
    }
    if (p < positions.length) {
      throw new IllegalArgumentException(
          "skipped position " + positions[p] + " is past the " + start + " staged rows");
    }
    return offsets;
  }

  /**
   * Streams the rows of version {@code v}, projected to {@code columns} (every column when empty),
   * to {@code batches} one Arrow batch of at most {@code batchRows} rows at a time, ordered by the
   * {@code orderBy} columns ascending (storage order when empty). A batch is valid only during the
   * call, which runs on a Lance thread: copy what you keep. An exception thrown by {@code batches}
   * ends the scan and is rethrown unchanged.
   */
  public void streamRows(
      TableVersion v,
      List<String> columns,
      List<String> orderBy,
      int batchRows,
      Consumer<VectorSchemaRoot> batches) {
    List<String> projection = List.copyOf(columns);
    List<String> order = List.copyOf(orderBy);
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
    stream(
        "stream rows of",
        v,
        batches,
        ds -> {
          ScanOptions.Builder options = new ScanOptions.Builder().batchSize(batchRows);
          if (!projection.isEmpty()) {
            options.columns(projection);
          }
          if (!order.isEmpty()) {
            List<ColumnOrdering> orderings = new ArrayList<>();
            for (String column : order) {
              ColumnOrdering.Builder b = new ColumnOrdering.Builder();
              b.setColumnName(column);
              b.setAscending(true);
              b.setNullFirst(true);
              orderings.add(b.build());
            }
            options.setColumnOrderings(orderings);
          }
          return Optional.of(options.build());
        });
  }

  /**
   * Builds {@code spec} over every fragment of {@code base} in a new detached version, replacing an
   * index of the same name (new in, old out, never both); {@link IndexBuild.Pending} with {@code
   * base} unchanged when the column has no non-null value yet (Lance cannot train a vector index,
   * or build a full-text one, over nothing). Refused as {@link TableException.Kind#INVALID}: a
   * missing column, or one whose type the index kind cannot take.
   */
  public IndexBuild buildIndex(TableVersion base, IndexSpec spec) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(spec, "spec");
    return lance(
        "build index " + spec.name() + " on",
        where(base),
        () -> {
          try (Dataset ds = open(base)) {
            return TableIndexes.build(ds, base, spec, where(base));
          }
        });
  }

  /** Drops the index called {@code name} in a new detached version; {@code base} if none. */
  public TableVersion dropIndex(TableVersion base, String name) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(name, "name");
    return lance(
        "drop index " + name + " from",
        where(base),
        () -> {
          try (Dataset ds = open(base)) {
            return TableIndexes.drop(ds, base, name);
          }
        });
  }

  /** The indexes of version {@code v} by name, each saying whether it covers every fragment. */
  public List<TableIndex> indexes(TableVersion v) {
    return lance(
        "list indexes of",
        where(v),
        () -> {
          try (Dataset ds = open(v)) {
            return TableIndexes.list(ds);
          }
        });
  }

  /**
   * Rewrites the small and delete-heavy fragments of {@code base} into fewer fragments in a new
   * detached version, then rebuilds there every index {@code base} has, so no index is lost to the
   * rewrite; returns {@code base} unchanged when there is nothing to compact. All steps chain on
   * the handles Lance's detached commits return: one open of {@code base}. Refused as {@link
   * TableException.Kind#INVALID} when {@code base} has an index Omnigraph did not build.
   */
  public Compacted compact(TableVersion base) {
    Objects.requireNonNull(base, "base");
    return lance(
        "compact",
        where(base),
        () -> {
          try (Dataset ds = open(base)) {
            return TableCompaction.compact(ds, base, where(base));
          }
        });
  }

  /** The columns of version {@code v} as its manifest records them. */
  public Schema schema(TableVersion v) {
    return lance(
        "read the schema of",
        where(v),
        () -> {
          try (Dataset ds = open(v)) {
            return ds.getSchema();
          }
        });
  }

  /** Fragments, live rows and deleted-but-stored rows of version {@code v}, from its manifest. */
  public TableStats stats(TableVersion v) {
    return lance(
        "read stats of",
        where(v),
        () -> {
          try (Dataset ds = open(v)) {
            List<Fragment> fragments = ds.getFragments();
            long physical = 0;
            long deleted = 0;
            for (Fragment fragment : fragments) {
              FragmentMetadata m = fragment.metadata();
              physical += m.getPhysicalRows();
              deleted += m.getNumDeletions();
            }
            return new TableStats(fragments.size(), physical - deleted, deleted);
          }
        });
  }

  /**
   * Reads the rows of version {@code v} that match {@code filter}, projected to {@code columns}
   * (all columns when empty), as unmodifiable maps of plain Java values (strings, boxed numbers).
   */
  public List<Map<String, Object>> scan(
      TableVersion v, List<String> columns, Optional<String> filter) {
    List<String> projection = List.copyOf(columns);
    return lance(
        "scan",
        where(v),
        () -> {
          try (Dataset ds = open(v)) {
            ScanOptions.Builder options = new ScanOptions.Builder();
            if (!projection.isEmpty()) {
              options.columns(projection);
            }
            filter.ifPresent(options::filter);
            List<Map<String, Object>> rows = new ArrayList<>();
            Scans.forEachBatch(ds, options.build(), batch -> Rows.copyBatch(batch, rows));
            return List.copyOf(rows);
          }
        });
  }

  /** Counts the rows of version {@code v} that match {@code filter} (all rows when empty). */
  public long countRows(TableVersion v, Optional<String> filter) {
    return lance(
        "count rows of",
        where(v),
        () -> {
          try (Dataset ds = open(v)) {
            return filter.isPresent() ? ds.countRows(filter.get()) : ds.countRows();
          }
        });
  }

  /**
   * Streams the rows of version {@code v} that pass {@code filter} (evaluated by Lance), projected
   * to {@code columns} in that order, to {@code batches} one Arrow batch at a time, in storage
   * order. A batch is valid only during the call, which runs on a Lance thread: copy what you keep.
   * An exception thrown by {@code batches} ends the scan and is rethrown unchanged.
   *
   * @throws IllegalArgumentException if {@code columns} is empty
   */
  public void scanBatches(
      TableVersion v,
      List<String> columns,
      Optional<ScanFilter> filter,
      Consumer<VectorSchemaRoot> batches) {
    List<String> projection = projection(columns);
    Optional<String> predicate = filter.map(FilterSql::render);
    stream(
        "scan",
        v,
        batches,
        ds -> {
          ScanOptions.Builder options = new ScanOptions.Builder().columns(projection);
          predicate.ifPresent(options::filter);
          return Optional.of(options.build());
        });
  }

  /**
   * Streams the {@code query.k()} rows of version {@code v} nearest to the query vector among those
   * that pass {@code filter} (applied before the search, so k rows come back whenever k rows pass),
   * as {@link #scanBatches} does, each batch holding {@code columns} then {@link #DISTANCE_COLUMN}.
   * Exact whatever the column's indexes: a vector index is used only when it was built for the
   * query's metric, and then probed in full. Rows come in no particular order.
   *
   * @throws IllegalArgumentException if {@code columns} is empty
   * @throws TableException of kind {@link TableException.Kind#INVALID} for a column that is
   *     missing, not a float vector, or of another dimension than the query
   */
  public void nearestBatches(
      TableVersion v,
      List<String> columns,
      Optional<ScanFilter> filter,
      NearestQuery query,
      Consumer<VectorSchemaRoot> batches) {
    Objects.requireNonNull(query, "query");
    List<String> projection = projection(columns);
    Optional<String> predicate = filter.map(FilterSql::render);
    stream(
        "nearest-neighbour search of",
        v,
        batches,
        ds -> Optional.of(TableSearches.nearest(ds, projection, predicate, query, where(v))));
  }

  /**
   * Streams the rows of version {@code v} that match the full-text {@code query} among those that
   * pass {@code filter}, as {@link #scanBatches} does, each batch holding {@code columns} then
   * {@link #SCORE_COLUMN}, the row's BM25 score. Every matching row comes back, in no particular
   * order; none when the column holds no text. Scores are exact when the column's full-text index
   * covers every row; rows written after it was built are found, but scored with statistics that
   * differ from the indexed rows' until the index is built again.
   *
   * @throws IllegalArgumentException if {@code columns} is empty
   * @throws TableException of kind {@link TableException.Kind#MISSING_INDEX} when the column holds
   *     text but has no full-text index, or for a fuzzy query whose index does not cover every row;
   *     of kind {@link TableException.Kind#INVALID} for a column that is missing or not a string
   */
  public void fullTextBatches(
      TableVersion v,
      List<String> columns,
      Optional<ScanFilter> filter,
      TextQuery query,
      Consumer<VectorSchemaRoot> batches) {
    Objects.requireNonNull(query, "query");
    List<String> projection = projection(columns);
    Optional<String> predicate = filter.map(FilterSql::render);
    stream(
        "full-text search of",
        v,
        batches,
        ds -> TableSearches.fullText(ds, projection, predicate, query, where(v)));
  }

  private static List<String> projection(List<String> columns) {
    List<String> projection = List.copyOf(columns);
    if (projection.isEmpty()) {
      throw new IllegalArgumentException("a batch scan needs at least one column");
    }
    return projection;
  }

  /** What to scan on an open table version: no scan at all when the answer is known empty. */
  @FunctionalInterface
  private interface ScanPlan {
    Optional<ScanOptions> options(Dataset ds) throws Exception;
  }

  /** Opens {@code v} once, plans the scan on it and streams the batches to {@code batches}. */
  private void stream(
      String action, TableVersion v, Consumer<VectorSchemaRoot> batches, ScanPlan plan) {
    sinking(() ->
        lance(
            action,
            where(v),
            () -> {
              try (Dataset ds = open(v)) {
                streamOn(ds, batches, plan);
                return null;
              }
            }));
  }

  /** As {@link #scanBatches}, on {@code ds}, which {@link #openForScans} opened at {@code v}. */
  void scanOpen(
      Dataset ds,
      TableVersion v,
      List<String> columns,
      Optional<ScanFilter> filter,
      Consumer<VectorSchemaRoot> batches) {
    List<String> projection = projection(columns);
    Optional<String> predicate = filter.map(FilterSql::render);
    sinking(() ->
        lance(
            "scan",
            where(v),
            () -> {
              streamOn(
                  ds,
                  batches,
                  d -> {
                    ScanOptions.Builder options = new ScanOptions.Builder().columns(projection);
                    predicate.ifPresent(options::filter);
                    return Optional.of(options.build());
                  });
              return null;
            }));
  }

  /** Closes a dataset {@link #openForScans} opened, on a Lance thread. */
  void closeOpen(Dataset ds, TableVersion v) {
    lance(
        "close",
        where(v),
        () -> {
          ds.close();
          return null;
        });
  }

  // Runs on a Lance thread, inside lance().
  private void streamOn(Dataset ds, Consumer<VectorSchemaRoot> batches, ScanPlan plan)
      throws Exception {
    Optional<ScanOptions> options = plan.options(ds);
    if (options.isPresent()) {
      Scans.forEachBatch(
          ds,
          options.get(),
          batch -> {
            rowsStreamed.addAndGet(batch.getRowCount());
            try {
              batches.accept(batch);
            } catch (RuntimeException e) {
              throw new SinkFailure(e);
            }
          });
    }
  }

  /** Runs a streaming call, rethrowing a batch consumer's own exception unchanged. */
  private static void sinking(Runnable call) {
    try {
      call.run();
    } catch (TableException e) {
      if (e.getCause() instanceof SinkFailure failure) {
        throw failure.getCause();
      }
      throw e;
    }
  }

  /** Carries a batch consumer's own exception through the classification of Lance errors. */
  private static final class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SinkFailure(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  /**
   * Closes the Lance threads (after calls in flight), the session and the allocator; the allocator
   * throws {@link IllegalStateException} if any Arrow memory was leaked, which is a bug.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try (allocator;
        session) {
      threads.close();
    }
  }

  /** The open chokepoint: every table read or write starts here, exactly once per operation. */
  private Dataset open(TableVersion v) {
    opens.incrementAndGet();
    ReadOptions options =
        new ReadOptions.Builder()
            .setVersion(v.lanceVersion())
            .setStorageOptions(storageOptions)
            .setSession(session)
            .build();
    return Dataset.open().allocator(allocator).uri(uri(v.path())).readOptions(options).build();
  }

  private List<FragmentMetadata> writeFragments(TableVersion table, VectorSchemaRoot rows) {
    // Uncommitted: the files exist, but only the caller's detached commit will name them.
    return Fragment.write()
        .datasetUri(uri(table.path()))
        .allocator(allocator)
        .storageOptions(storageOptions)
        .data(rows)
        .execute();
  }

  private static Update update(KeyedRows.Removal removal, List<FragmentMetadata> fresh) {
    return Update.builder()
        .updatedFragments(removal.updated())
        .removedFragmentIds(removal.removed())
        .newFragments(fresh)
        .build();
  }

  private static Map<Integer, List<Integer>> matchingOffsets(Dataset ds, String predicate)
      throws Exception {
    ScanOptions options =
        new ScanOptions.Builder().columns(List.of()).filter(predicate).withRowAddress(true).build();
    Map<Integer, List<Integer>> offsets = new TreeMap<>();
    Scans.forEachBatch(
        ds,
        options,
        batch -> {
          UInt8Vector addresses = (UInt8Vector) batch.getVector(Scans.ROW_ADDRESS);
          for (int i = 0; i < batch.getRowCount(); i++) {
            long address = addresses.get(i);
            offsets
                .computeIfAbsent(Scans.fragmentOf(address), k -> new ArrayList<>())
                .add(Scans.offsetOf(address));
          }
        });
    return offsets;
  }

  private String uri(String path) {
    return root + "/" + path;
  }

  private static String where(TableVersion v) {
    return "table " + v.path() + " at version " + v.version();
  }

  private <T> T lance(String action, String where, Callable<T> work) {
    if (closed.get()) {
      throw new IllegalStateException("tables of " + root + " are closed");
    }
    return threads.call(() -> {
      try {
        return work.call();
      } catch (TableException | FailpointError e) {
        // A fault a test injected reaches it as itself, like one on the log's path.
        throw e;
      } catch (Exception e) {
        throw TableException.classify(action, where, e);
      }
    });
  }

  /**
   * The files that versions {@code versions} of the table incarnation at {@code path} need to be
   * read, plus what its Lance head needs (the linear version Lance tools open as "latest"), as keys
   * relative to the graph root: what garbage collection must keep of this incarnation. Lance's
   * folders of the table are accounted for; anything else in it is not Lance's and not judged.
   *
   * @throws TableException of kind {@link TableException.Kind#NOT_FOUND} if a version does not
   *     exist; of kind {@link TableException.Kind#OTHER} for a layout whose files cannot be told
   */
  public ReferencedFiles referencedFiles(String path, Collection<String> versions) {
    List<TableVersion> wanted = versions.stream().map(v -> new TableVersion(path, v)).toList();
    String checkedPath = new TableVersion(path, "1").path();
    return lance(
        "list the files of",
        "table " + checkedPath,
        () -> {
          Set<String> files = new HashSet<>();
          Set<String> folders = new HashSet<>();
          Optional<Dataset> head = openHead(checkedPath);
          if (head.isPresent()) {
            try (Dataset ds = head.get()) {
              TableFiles.addVersion(ds, checkedPath, files, folders);
              files.add(checkedPath + "/" + TableFiles.LATEST_HINT);
            }
          }
          for (TableVersion v : wanted) {
            try (Dataset ds = open(v)) {
              TableFiles.addVersion(ds, checkedPath, files, folders);
            }
          }
          return new ReferencedFiles(files, folders, TableFiles.lanceFolders(checkedPath));
        });
  }

  // The head is not needed to read any version (each is opened by id), so a table whose head
  // cannot be opened still has its versions collected; only the head's own files are unknown.
  private Optional<Dataset> openHead(String path) {
    opens.incrementAndGet();
    ReadOptions options =
        new ReadOptions.Builder().setStorageOptions(storageOptions).setSession(session).build();
    try {
      return Optional.of(
          Dataset.open().allocator(allocator).uri(uri(path)).readOptions(options).build());
    } catch (RuntimeException e) {
      if (TableException.kindOf(String.valueOf(e.getMessage())) == TableException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}

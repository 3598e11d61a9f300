package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.CommitBuilder;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.ReadOptions;
import org.lance.Session;
import org.lance.Transaction;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
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
  private static final String ROW_ADDRESS = "_rowaddr";

  private final String root;
  private final Map<String, String> storageOptions;
  private final BufferAllocator allocator;
  private final Session session;
  private final LanceThreads threads;
  private final AtomicLong opens = new AtomicLong();
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
            return versionOf(checkedPath, ds);
          }
        });
  }

  /**
   * Appends {@code rows} as a new detached version built on {@code base}; an empty batch returns
   * {@code base} unchanged, since an empty commit would only add an unreferenced version.
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
            List<FragmentMetadata> fragments =
                Fragment.write()
                    .datasetUri(uri(base.path()))
                    .allocator(allocator)
                    .storageOptions(storageOptions)
                    .data(rows)
                    .execute();
            return commitDetached(ds, base, Append.builder().fragments(fragments).build());
          }
        });
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
            List<FragmentMetadata> updated = new ArrayList<>();
            List<Long> removed = new ArrayList<>();
            for (Map.Entry<Integer, List<Integer>> e : offsetsByFragment.entrySet()) {
              // deleteRows writes the deletion file now (uncommitted) and returns null when no row
              // of the fragment would be left: such a fragment must be removed instead.
              FragmentMetadata after = ds.getFragment(e.getKey()).deleteRows(e.getValue());
              if (after == null) {
                removed.add(e.getKey().longValue());
              } else {
                updated.add(after);
              }
            }
            Update update =
                Update.builder()
                    .updatedFragments(updated)
                    .removedFragmentIds(removed)
                    .newFragments(List.of())
                    .build();
            return commitDetached(ds, base, update);
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
            forEachBatch(ds, options.build(), batch -> Rows.copyBatch(batch, rows));
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
    List<String> projection = List.copyOf(columns);
    if (projection.isEmpty()) {
      throw new IllegalArgumentException("a batch scan needs at least one column");
    }
    Optional<String> predicate = filter.map(FilterSql::render);
    try {
      lance(
          "scan",
          where(v),
          () -> {
            try (Dataset ds = open(v)) {
              ScanOptions.Builder options = new ScanOptions.Builder().columns(projection);
              predicate.ifPresent(options::filter);
              forEachBatch(
                  ds,
                  options.build(),
                  batch -> {
                    try {
                      batches.accept(batch);
                    } catch (RuntimeException e) {
                      throw new SinkFailure(e);
                    }
                  });
              return null;
            }
          });
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

  private static TableVersion commitDetached(Dataset base, TableVersion at, Operation operation) {
    try (Transaction txn =
            new Transaction.Builder().readVersion(base.version()).operation(operation).build();
        Dataset out = new CommitBuilder(base).detached(true).maxRetries(0).execute(txn)) {
      return versionOf(at.path(), out);
    }
  }

  private static Map<Integer, List<Integer>> matchingOffsets(Dataset ds, String predicate)
      throws Exception {
    ScanOptions options =
        new ScanOptions.Builder().columns(List.of()).filter(predicate).withRowAddress(true).build();
    Map<Integer, List<Integer>> offsets = new TreeMap<>();
    forEachBatch(
        ds,
        options,
        batch -> {
          UInt8Vector addresses = (UInt8Vector) batch.getVector(ROW_ADDRESS);
          for (int i = 0; i < batch.getRowCount(); i++) {
            // A row address is the fragment id in the high 32 bits, the physical offset in the low.
            long address = addresses.get(i);
            offsets
                .computeIfAbsent((int) (address >>> 32), k -> new ArrayList<>())
                .add((int) address);
          }
        });
    return offsets;
  }

  /**
   * Streams a scan's batches to {@code sink} and closes both the scanner and its reader, since an
   * unclosed reader leaks Arrow memory that only shows up when the allocator closes.
   */
  // "try": LanceScanner.close() is declared to throw Exception (hence InterruptedException); the
  // caller's catch-all in lance() classifies whatever it throws, and the worker thread is ours.
  @SuppressWarnings("try")
  private static void forEachBatch(Dataset ds, ScanOptions options, Consumer<VectorSchemaRoot> sink)
      throws Exception {
    try (LanceScanner scanner = ds.newScan(options);
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        sink.accept(reader.getVectorSchemaRoot());
      }
    }
  }

  private static TableVersion versionOf(String path, Dataset ds) {
    return new TableVersion(path, Long.toUnsignedString(ds.version()));
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
      } catch (TableException e) {
        throw e;
      } catch (Exception e) {
        throw TableException.classify(action, where, e);
      }
    });
  }
}

package dev.omnigraph.engine;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.Snapshot.TableState;
import dev.omnigraph.engine.exec.GraphState;
import dev.omnigraph.engine.exec.QueryExecutionException;
import dev.omnigraph.engine.exec.QueryExecutor;
import dev.omnigraph.engine.exec.QueryResult;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.ChangeCount;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitLogException;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableKey;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.maintain.BranchesChangedException;
import dev.omnigraph.engine.maintain.Cleanup;
import dev.omnigraph.engine.maintain.CleanupReport;
import dev.omnigraph.engine.maintain.Optimize;
import dev.omnigraph.engine.maintain.ReclaimedCommitException;
import dev.omnigraph.engine.maintain.ReclaimedCommits;
import dev.omnigraph.engine.maintain.RetentionPolicy;
import dev.omnigraph.engine.maintain.TableOptimized;
import dev.omnigraph.engine.schema.AcceptedSchema;
import dev.omnigraph.engine.schema.SchemaStore;
import dev.omnigraph.engine.schema.SchemaStoreException;
import dev.omnigraph.engine.store.LocalObjectStore;
import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.engine.store.ReadOnlyObjectStore;
import dev.omnigraph.engine.store.S3ObjectStore;
import dev.omnigraph.engine.store.StoreException;
import dev.omnigraph.engine.table.ArrowSchemas;
import dev.omnigraph.engine.table.RowBatches;
import dev.omnigraph.engine.table.TableException;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.engine.txn.ConflictPolicy;
import dev.omnigraph.engine.txn.Prepared;
import dev.omnigraph.engine.txn.ReadSetChangedException;
import dev.omnigraph.engine.txn.WriteIntent;
import dev.omnigraph.engine.txn.WriteTransactions;
import dev.omnigraph.engine.write.ExportResult;
import dev.omnigraph.engine.write.GraphExport;
import dev.omnigraph.engine.write.GraphLoad;
import dev.omnigraph.engine.write.LoadOptions;
import dev.omnigraph.engine.write.LoadResult;
import dev.omnigraph.engine.write.Mutation;
import dev.omnigraph.engine.write.MutationResult;
import dev.omnigraph.engine.write.WriteOptions;
import dev.omnigraph.engine.write.WriteRejectedException;
import dev.omnigraph.lang.query.CompiledQuery;
import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.query.ParamError;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryParams;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.SchemaIr;
import dev.omnigraph.lang.schema.SchemaPlan;
import dev.omnigraph.lang.schema.SchemaShape;
import dev.omnigraph.lang.schema.TableEffect;
import dev.omnigraph.lang.schema.TypeKind;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One open graph: the entry point of the engine. A graph exists once record 1 of branch {@code
 * main} exists; {@link #init} creates it, {@link #open} attaches to it (from any process), and
 * {@link #snapshot} reads a branch's newest committed state ({@link #snapshotAt} an older one).
 * Branches ({@link #createBranch}, {@link #deleteBranch}) are logs that start from a source record
 * and share its tables. Close it to release its Lance and Arrow resources.
 */
public final class Omnigraph implements AutoCloseable {
  /** The actor recorded for commits the engine makes on its own behalf. */
  static final String SYSTEM_ACTOR = "omnigraph";

  private static final String TABLES_PREFIX = "tables/";
  private static final String SCHEMA_SOURCE_NAME = "<schema>";
  private static final String RESERVED_PREFIX = "__";
  // Rows a schema change copies at a time: bounds its memory whatever the table's size.
  private static final int SCHEMA_COPY_BATCH_ROWS = 8192;

  private final String location;
  private final AccessMode mode;
  private final ObjectStore store;
  private final CommitLog log;
  private final SchemaStore schemas;
  private final Tables tables;
  private final WriteTransactions writes;
  private final Optional<AutoCloseable> ownedStore;
  // Accepted schemas are immutable and content-addressed, so a hash read once is never read again:
  // steady-state reads and writes touch no schema file. One entry per schema the graph ever had.
  private final Map<String, AcceptedSchema> acceptedSchemas = new ConcurrentHashMap<>();
  private final ReclaimedCommits reclaimed;
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Omnigraph(
      String location,
      AccessMode mode,
      ObjectStore store,
      Tables tables,
      Optional<AutoCloseable> ownedStore) {
    this.location = location;
    this.mode = mode;
    ObjectStore access = mode == AccessMode.READ_ONLY ? new ReadOnlyObjectStore(store) : store;
    this.store = access;
    this.log = new CommitLog(access);
    this.schemas = new SchemaStore(access);
    this.tables = tables;
    this.writes = new WriteTransactions(log, Clock.systemUTC());
    this.ownedStore = ownedStore;
    this.reclaimed = new ReclaimedCommits(access);
  }

  /**
   * Creates a graph at {@code root} on local disk with the schema {@code schemaSource}: one empty
   * table per node and edge type, committed as record 1 of branch {@code main}.
   *
   * @throws dev.omnigraph.lang.source.CompileError if the schema is invalid; nothing is written
   * @throws GraphAlreadyExistsException if {@code root} already holds a graph
   */
  public static Omnigraph init(Path root, String schemaSource) {
    return init(root.toString(), schemaSource, S3Settings.defaults());
  }

  /**
   * Creates a graph at {@code uri} (a local path, a {@code file:} URI or {@code s3://bucket/prefix}
   * reached with the standard {@code AWS_*} environment variables) with the schema {@code
   * schemaSource}.
   *
   * <p>See {@link #init(String, String, S3Settings)}.
   */
  public static Omnigraph init(String uri, String schemaSource) {
    return init(uri, schemaSource, S3Settings.fromEnvironment(System.getenv()));
  }

  /**
   * Creates a graph at {@code uri} (a local path, a {@code file:} URI, or {@code
   * s3://bucket/prefix} reached with {@code s3}) with the schema {@code schemaSource}: one empty
   * table per node and edge type, committed as record 1 of branch {@code main}.
   *
   * @throws dev.omnigraph.lang.source.CompileError if the schema is invalid; nothing is written
   * @throws GraphAlreadyExistsException if {@code uri} already holds a graph, or a concurrent init
   *     won; nothing of this attempt is visible
   * @throws InvalidInputException if {@code uri} is not a local path or an {@code s3://} URI
   */
  public static Omnigraph init(String uri, String schemaSource, S3Settings s3) {
    GraphAddress address = GraphAddress.parse(uri);
    // Compile before the store is opened (which creates a local folder): a bad schema writes
    // nothing.
    SchemaShape shape = compile(schemaSource);
    return translated(
        address.toString(),
        () ->
            switch (address) {
              case GraphAddress.Local local -> {
                LocalObjectStore store = LocalObjectStore.open(local.path());
                yield init(
                    store,
                    local.path().toString(),
                    Map.of(),
                    shape,
                    schemaSource,
                    Optional.empty());
              }
              case GraphAddress.S3 remote -> {
                S3ObjectStore store = s3.store(remote.location());
                yield init(
                    store,
                    remote.location().toString(),
                    s3.lanceOptions(),
                    shape,
                    schemaSource,
                    Optional.of(store));
              }
            });
  }

  /**
   * Attaches read-write to the graph at {@code root} on local disk; reads only enough to know it is
   * a graph.
   *
   * @throws GraphNotFoundException if {@code root} holds no graph
   */
  public static Omnigraph open(Path root) {
    return open(root.toString(), AccessMode.READ_WRITE, S3Settings.defaults());
  }

  /**
   * Attaches to the graph at {@code root} on local disk in {@code mode}.
   *
   * @throws GraphNotFoundException if {@code root} holds no graph
   */
  public static Omnigraph open(Path root, AccessMode mode) {
    return open(root.toString(), mode, S3Settings.defaults());
  }

  /**
   * Attaches read-write to the graph at {@code uri} (a local path, a {@code file:} URI or {@code
   * s3://bucket/prefix} reached with the standard {@code AWS_*} environment variables).
   *
   * @throws GraphNotFoundException if {@code uri} holds no graph
   */
  public static Omnigraph open(String uri) {
    return open(uri, AccessMode.READ_WRITE);
  }

  /**
   * Attaches to the graph at {@code uri} in {@code mode}, reaching S3 with the standard {@code
   * AWS_*} environment variables.
   *
   * @throws GraphNotFoundException if {@code uri} holds no graph
   */
  public static Omnigraph open(String uri, AccessMode mode) {
    return open(uri, mode, S3Settings.fromEnvironment(System.getenv()));
  }

  /**
   * Attaches to the graph at {@code uri} (a local path, a {@code file:} URI, or {@code
   * s3://bucket/prefix} reached with {@code s3}) in {@code mode}; reads only enough to know it is a
   * graph. A {@link AccessMode#READ_ONLY} handle refuses every write with {@link
   * ReadOnlyGraphException} and writes nothing itself, not even a derived hint, so read-only
   * credentials suffice.
   *
   * @throws GraphNotFoundException if {@code uri} holds no graph
   * @throws InvalidInputException if {@code uri} is not a local path or an {@code s3://} URI
   */
  public static Omnigraph open(String uri, AccessMode mode, S3Settings s3) {
    GraphAddress address = GraphAddress.parse(uri);
    return translated(
        address.toString(),
        () ->
            switch (address) {
              case GraphAddress.Local local -> {
                // Checked first because opening the store would create the folder of a mistyped
                // path.
                if (!Files.isDirectory(local.path())) {
                  throw new GraphNotFoundException(local.path().toString());
                }
                yield open(
                    LocalObjectStore.open(local.path()),
                    local.path().toString(),
                    Map.of(),
                    mode,
                    Optional.empty());
              }
              case GraphAddress.S3 remote -> {
                S3ObjectStore store = s3.store(remote.location());
                try {
                  yield open(
                      store,
                      remote.location().toString(),
                      s3.lanceOptions(),
                      mode,
                      Optional.of(store));
                } catch (RuntimeException e) {
                  store.close();
                  throw e;
                }
              }
            });
  }

  static Omnigraph init(
      ObjectStore store,
      String tablesRoot,
      Map<String, String> storageOptions,
      SchemaShape shape,
      String schemaSource) {
    return init(store, tablesRoot, storageOptions, shape, schemaSource, Optional.empty());
  }

  private static Omnigraph init(
      ObjectStore store,
      String tablesRoot,
      Map<String, String> storageOptions,
      SchemaShape shape,
      String schemaSource,
      Optional<AutoCloseable> ownedStore) {
    String location = store.location();
    // A cheap early refusal; the put of record 1 below is what actually decides.
    if (store.exists(CommitLog.recordKey(BranchName.MAIN, 1))) {
      closeQuietly(ownedStore);
      throw new GraphAlreadyExistsException(location);
    }
    String domain = UlidCreator.getMonotonicUlid().toString();
    SchemaIr ir = SchemaCompiler.initialIr(shape, domain);
    Catalog catalog = SchemaCompiler.catalog(ir);
    Omnigraph graph =
        new Omnigraph(
            location,
            AccessMode.READ_WRITE,
            store,
            new Tables(tablesRoot, storageOptions),
            ownedStore);
    try {
      AcceptedSchema schema = graph.schemas.put(schemaSource, ir);
      graph.acceptedSchemas.put(schema.hash(), schema);
      SortedMap<String, TableVersion> created = new TreeMap<>();
      for (Catalog.NodeType t : catalog.nodeTypes().values()) {
        String path = incarnationPath(t.storageName(), domain);
        created.put(
            tableKey(EntityKind.NODE, t.typeId()), graph.tables.create(path, ArrowSchemas.node(t)));
      }
      for (Catalog.EdgeType t : catalog.edgeTypes().values()) {
        String path = incarnationPath(t.storageName(), domain);
        created.put(
            tableKey(EntityKind.EDGE, t.typeId()), graph.tables.create(path, ArrowSchemas.edge(t)));
      }
      CommitRecord first =
          new CommitRecord(
              BranchName.MAIN,
              1,
              UlidCreator.getMonotonicUlid().toString(),
              List.of(),
              schema.hash(),
              created,
              SYSTEM_ACTOR,
              OperationKind.LOGICAL,
              Instant.now(),
              new TreeMap<>());
      if (graph.log.append(first) == CommitLog.Append.LOST) {
        // A concurrent init won record 1. The tables and schema this attempt wrote are named by
        // no record: unreferenced garbage for GC, never visible, never built on.
        throw new GraphAlreadyExistsException(location);
      }
      graph.catalogs.put(schema.hash(), catalog);
      return graph;
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  static Omnigraph open(ObjectStore store, String tablesRoot, Map<String, String> storageOptions) {
    return open(store, tablesRoot, storageOptions, AccessMode.READ_WRITE, Optional.empty());
  }

  private static Omnigraph open(
      ObjectStore store,
      String tablesRoot,
      Map<String, String> storageOptions,
      AccessMode mode,
      Optional<AutoCloseable> ownedStore) {
    if (!store.exists(CommitLog.recordKey(BranchName.MAIN, 1))) {
      throw new GraphNotFoundException(store.location());
    }
    return new Omnigraph(
        store.location(), mode, store, new Tables(tablesRoot, storageOptions), ownedStore);
  }

  /** How this handle was opened. */
  public AccessMode mode() {
    return mode;
  }

  /**
   * The newest committed state of {@code branch}, with every table's row count at its version.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws CommitLogException if the record does not match its schema's types
   */
  public Snapshot snapshot(String branch) {
    return guarded(() -> snapshotOf(liveHead(branch)));
  }

  /**
   * The state of live branch {@code branch} at its commit {@code seq}: time travel to an older
   * record.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws CommitNotFoundException if the branch has no record {@code seq}, or it is a tombstone
   *     (the branch was deleted there and later created again)
   * @throws dev.omnigraph.engine.maintain.CommitReclaimedException if cleanup reclaimed its data
   */
  public Snapshot snapshotAt(String branch, long seq) {
    return guarded(() -> {
      liveHead(branch);
      return snapshotOf(unreclaimed(record(branch, seq)));
    });
  }

  /**
   * The commit record with id {@code commitId}, on any branch (deleted ones included: their records
   * stay readable until garbage collection).
   *
   * @throws CommitNotFoundException if no record has that id
   */
  public CommitRecord commit(String commitId) {
    return guarded(() -> findCommit(commitId));
  }

  private CommitRecord findCommit(String commitId) {
    try {
      return log.findCommit(commitId)
          .orElseThrow(() -> new CommitNotFoundException(location, commitId));
    } catch (IllegalArgumentException e) {
      throw new CommitNotFoundException(location, commitId);
    }
  }

  /**
   * The graph state at commit {@code commitId}: time travel by commit id.
   *
   * @throws CommitNotFoundException if no record has that id, or it is a branch-deletion marker
   * @throws dev.omnigraph.engine.maintain.CommitReclaimedException if cleanup reclaimed its data
   */
  public Snapshot snapshotAtCommit(String commitId) {
    return guarded(() -> {
      CommitRecord record = findCommit(commitId);
      if (record.isTombstone()) {
        throw new CommitNotFoundException(
            location, record.branch(), record.seq(), "that commit deleted the branch");
      }
      return snapshotOf(unreclaimed(record));
    });
  }

  /**
   * Up to {@code limit} commit records of live branch {@code branch}, newest first, each naming its
   * parents; a branch deleted and created again also lists its tombstone and earlier records.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws InvalidInputException if {@code limit} is not positive
   */
  public List<CommitRecord> commits(String branch, int limit) {
    return guarded(() -> {
      if (limit < 1) {
        throw new InvalidInputException("commit limit must be at least 1, got " + limit);
      }
      liveHead(branch);
      return log.history(branch, limit);
    });
  }

  /** The live branches of the graph, sorted by name; deleted branches are not listed. */
  public List<String> branches() {
    return guarded(this::liveBranches);
  }

  private List<String> liveBranches() {
    List<String> live = new ArrayList<>();
    for (String name : log.branches()) {
      if (live(name).isPresent()) {
        live.add(name);
      }
    }
    return List.copyOf(live);
  }

  /**
   * Creates branch {@code name} at the newest commit of live branch {@code fromBranch}, returning
   * the new branch's first record.
   *
   * <p>See {@link #createBranch(String, CommitRef)}.
   *
   * @throws BranchNotFoundException if {@code fromBranch} has no record or was deleted
   */
  public CommitRecord createBranch(String name, String fromBranch) {
    return guarded(() -> {
      checkWritable("create a branch");
      return createBranchFrom(name, liveHead(fromBranch));
    });
  }

  /**
   * Creates branch {@code name} at commit {@code from} of a live branch, returning the new branch's
   * first record: it names the same tables and schema as {@code from}, and no table is copied.
   *
   * <p>A live branch name may not be a path-prefix ancestor or descendant of another ({@code a} and
   * {@code a/b} cannot both live), upstream's naming rule. That check reads the branch list before
   * the commit, so two processes creating {@code a} and {@code a/b} at the same moment can both
   * succeed; this is harmless to data (each branch is its own log under an encoded name, so no
   * storage path nests in another) and the pair behaves as two ordinary branches until one is
   * deleted. Creating the same name twice is race-free: exactly one creator wins.
   *
   * @throws InvalidInputException if the name is empty or malformed, or starts with {@code __}
   *     (reserved for the engine)
   * @throws BranchExistsException if the branch exists, or a concurrent creator won
   * @throws BranchNameConflictException if a live branch is a path-prefix ancestor or descendant
   * @throws BranchNotFoundException if the branch of {@code from} has no record or was deleted
   * @throws CommitNotFoundException if {@code from} names no commit of that branch
   * @throws dev.omnigraph.engine.maintain.CommitReclaimedException if cleanup reclaimed its data
   */
  public CommitRecord createBranch(String name, CommitRef from) {
    return guarded(() -> {
      checkWritable("create a branch");
      liveHead(from.branch());
      CommitRecord source = record(from.branch(), from.seq());
      if (!source.commitId().equals(from.commitId())) {
        throw new CommitNotFoundException(
            location,
            from.branch(),
            from.seq(),
            "its commit id is " + source.commitId() + ", not " + from.commitId());
      }
      return createBranchFrom(name, unreclaimed(source));
    });
  }

  private CommitRecord createBranchFrom(String name, CommitRecord source) {
    BranchName.check(name);
    if (name.startsWith(RESERVED_PREFIX)) {
      throw new InvalidInputException(
          "branch name '"
              + name
              + "' starts with '"
              + RESERVED_PREFIX
              + "', which is reserved for the engine; pick a name without it");
    }
    Optional<CommitRecord> head = log.head(name);
    if (live(name).isPresent()) {
      throw new BranchExistsException(location, name);
    }
    for (String other : liveBranches()) {
      if (name.startsWith(other + "/")) {
        throw new BranchNameConflictException(
            location,
            name,
            other,
            "cannot create branch '"
                + name
                + "' in the graph at "
                + location
                + ": live branch '"
                + other
                + "' is a path prefix of it; delete '"
                + other
                + "' or pick another name");
      }
    }
    Optional<String> under = liveBranchUnder(name);
    if (under.isPresent()) {
      throw new BranchNameConflictException(
          location,
          name,
          under.get(),
          "cannot create branch '"
              + name
              + "' in the graph at "
              + location
              + ": it is a path prefix of live branch '"
              + under.get()
              + "'; delete '"
              + under.get()
              + "' or pick another name");
    }
    // A deleted branch is created again after its tombstone; its history stays readable.
    CommitRecord first =
        new CommitRecord(
            name,
            head.map(r -> r.seq() + 1).orElse(1L),
            UlidCreator.getMonotonicUlid().toString(),
            List.of(source.ref()),
            source.schemaHash(),
            source.tables(),
            SYSTEM_ACTOR,
            OperationKind.LOGICAL,
            Instant.now(),
            new TreeMap<>());
    if (log.append(first) == CommitLog.Append.LOST) {
      throw new BranchExistsException(location, name);
    }
    return first;
  }

  /**
   * Deletes live branch {@code name} by committing a tombstone record (no tables, schema hash
   * {@value CommitRecord#DELETED}); its tables and history stay until garbage collection.
   *
   * @throws InvalidInputException if {@code name} is {@code main} or malformed
   * @throws BranchNotFoundException if the branch has no record or was already deleted
   * @throws BranchNameConflictException if a live branch has {@code name} as a path prefix
   */
  public void deleteBranch(String name) {
    guarded(() -> {
      checkWritable("delete a branch");
      BranchName.check(name);
      if (name.equals(BranchName.MAIN)) {
        throw new InvalidInputException("cannot delete branch 'main'");
      }
      return writes.run(
          liveHead(name), SYSTEM_ACTOR, ConflictPolicy.REDO, base -> prepareDelete(base, name));
    });
  }

  private Prepared<Void> prepareDelete(CommitRecord base, String name) {
    if (base.isTombstone()) {
      throw new BranchNotFoundException(location, name);
    }
    Optional<String> under = liveBranchUnder(name);
    if (under.isPresent()) {
      throw new BranchNameConflictException(
          location,
          name,
          under.get(),
          "cannot delete branch '"
              + name
              + "' in the graph at "
              + location
              + ": live branch '"
              + under.get()
              + "' is under it; delete '"
              + under.get()
              + "' first");
    }
    Set<String> all = Set.copyOf(base.tables().keySet());
    return new Prepared<>(
        all,
        Map.of(),
        all,
        Optional.of(CommitRecord.DELETED),
        OperationKind.LOGICAL,
        Map.of(),
        null);
  }

  private Snapshot snapshotOf(CommitRecord record) {
    AcceptedSchema schema = acceptedSchema(record.schemaHash());
    Catalog catalog = catalog(record.schemaHash());
    List<TableState> states = new ArrayList<>();
    for (Catalog.NodeType t : catalog.nodeTypes().values()) {
      states.add(state(record, EntityKind.NODE, t.name(), t.typeId()));
    }
    for (Catalog.EdgeType t : catalog.edgeTypes().values()) {
      states.add(state(record, EntityKind.EDGE, t.name(), t.typeId()));
    }
    if (states.size() != record.tables().size()) {
      throw corrupt(record, "it names tables of types its schema does not have");
    }
    return new Snapshot(
        record.branch(), record.seq(), record.commitId(), record.schemaHash(), schema, states);
  }

  // The newest record of a live branch: refuses unknown and deleted branches alike.
  private CommitRecord liveHead(String branch) {
    return live(branch).orElseThrow(() -> new BranchNotFoundException(location, branch));
  }

  private Optional<CommitRecord> live(String branch) {
    return log.head(branch).filter(r -> !r.isTombstone());
  }

  // A live branch nested under `name` (`name/...`), which blocks creating or deleting `name`.
  private Optional<String> liveBranchUnder(String name) {
    return liveBranches().stream().filter(other -> other.startsWith(name + "/")).findFirst();
  }

  // A record that holds a graph state: refuses missing seqs and tombstones.
  private CommitRecord record(String branch, long seq) {
    if (seq < 1) {
      throw new CommitNotFoundException(location, branch, seq, "commit seqs start at 1");
    }
    CommitRecord record =
        log.read(branch, seq)
            .orElseThrow(() ->
                new CommitNotFoundException(
                    location, branch, seq, "the branch has no such commit"));
    if (record.isTombstone()) {
      throw new CommitNotFoundException(
          location, branch, seq, "the branch was deleted at that commit");
    }
    return record;
  }

  /**
   * Appends {@code rowsByType} (rows of plain Java values by node or edge type name) to those
   * types' tables on {@code branch} in one commit, returning the rows inserted per type.
   *
   * <p>An internal building block for loads and mutations: it checks only the columns and value
   * types against the schema; it does not check keys, uniqueness or other constraints, does not
   * upsert, and does not check that edge endpoints exist. Each row needs a non-null {@code id}, and
   * edge rows also {@code src} and {@code dst}; see {@link RowBatches} for the value types. Types
   * without rows are left alone; when no type has rows nothing is committed.
   *
   * @throws InvalidInputException for an unknown type or column, a missing required value, a value
   *     of the wrong type, or a column of a type not supported yet; nothing is written
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws WriteConflictException if concurrent writers kept winning
   */
  public Committed<Map<String, Long>> append(
      String branch, Map<String, List<Map<String, Object>>> rowsByType) {
    return guarded(() -> appendRows(branch, rowsByType));
  }

  private Committed<Map<String, Long>> appendRows(
      String branch, Map<String, List<Map<String, Object>>> rowsByType) {
    checkWritable("append rows");
    // The head read to refuse an unknown or deleted branch is the write's base, so the tip is
    // found once per write (a cost gate). A delete that wins while this write is prepared is
    // refused in prepare.
    CommitRecord head = liveHead(branch);
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    rowsByType.forEach((type, list) -> {
      if (!list.isEmpty()) {
        rows.put(type, List.copyOf(list));
      }
    });
    return writes.run(head, SYSTEM_ACTOR, ConflictPolicy.REDO, base -> prepareAppend(base, rows));
  }

  private Prepared<Map<String, Long>> prepareAppend(
      CommitRecord base, Map<String, List<Map<String, Object>>> rowsByType) {
    if (base.isTombstone()) {
      throw new BranchNotFoundException(location, base.branch());
    }
    if (rowsByType.isEmpty()) {
      return Prepared.nothing(Map.of());
    }
    Catalog catalog = catalog(base.schemaHash());
    // Every batch is built (and so every row checked) before the first table write.
    Map<String, VectorSchemaRoot> batches = new LinkedHashMap<>();
    Map<String, String> keys = new HashMap<>();
    try {
      for (Map.Entry<String, List<Map<String, Object>>> e : rowsByType.entrySet()) {
        String type = e.getKey();
        String key;
        Schema schema;
        Optional<Catalog.NodeType> node = catalog.node(type);
        if (node.isPresent()) {
          key = tableKey(EntityKind.NODE, node.get().typeId());
          schema = ArrowSchemas.node(node.get());
        } else {
          Catalog.EdgeType edge =
              catalog
                  .edge(type)
                  .orElseThrow(() ->
                      new InvalidInputException(
                          "the schema has no node or edge type '" + type + "'"));
          key = tableKey(EntityKind.EDGE, edge.typeId());
          schema = ArrowSchemas.edge(edge);
        }
        keys.put(type, key);
        batches.put(type, RowBatches.toBatch(type, schema, e.getValue(), tables.allocator()));
      }
      Map<String, TableVersion> written = new HashMap<>();
      Map<String, ChangeCount> changes = new HashMap<>();
      SortedMap<String, Long> inserted = new TreeMap<>();
      for (Map.Entry<String, VectorSchemaRoot> e : batches.entrySet()) {
        String key = keys.get(e.getKey());
        TableVersion at =
            Optional.ofNullable(base.tables().get(key))
                .orElseThrow(
                    () -> corrupt(base, "it names no table " + key + " for " + e.getKey()));
        long count = e.getValue().getRowCount();
        written.put(key, tables.append(at, e.getValue()));
        changes.put(e.getKey(), new ChangeCount(count, 0, 0));
        inserted.put(e.getKey(), count);
      }
      return new Prepared<>(
          Set.copyOf(written.keySet()),
          written,
          Set.of(),
          Optional.empty(),
          OperationKind.LOGICAL,
          changes,
          Collections.unmodifiableSortedMap(inserted));
    } finally {
      batches.values().forEach(VectorSchemaRoot::close);
    }
  }

  /**
   * Optimizes live branch {@code branch} in one maintenance commit: compacts every table's small
   * fragments and builds the indexes the schema declares that are missing or no longer cover every
   * row. Content is unchanged; a logical write that races it is never refused because of it.
   * Returns what was done per table; nothing is committed when nothing needed doing.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws ReadOnlyGraphException on a read-only handle
   */
  public Committed<List<TableOptimized>> optimize(String branch) {
    return guarded(() -> {
      checkWritable("optimize");
      return writes.run(
          liveHead(branch),
          SYSTEM_ACTOR,
          ConflictPolicy.REDO,
          base -> {
            if (base.isTombstone()) {
              throw new BranchNotFoundException(location, branch);
            }
            return Optimize.prepare(base, catalog(base.schemaHash()), tables);
          });
    });
  }

  /**
   * The migration plan from the schema of live branch {@code branch}'s newest commit to {@code
   * desiredSource}, as {@link SchemaCompiler#plan(SchemaIr, SourceText, boolean)} makes it; nothing
   * is written. An unsupported plan is returned, not refused: see {@link SchemaPlan#refusal()}.
   *
   * @throws dev.omnigraph.lang.source.CompileError if {@code desiredSource} is not a valid schema
   *     or its rename hints do not resolve
   * @throws BranchNotFoundException if the branch has no record or was deleted
   */
  public SchemaPlan planSchema(String branch, String desiredSource, boolean allowDataLoss) {
    return guarded(() -> {
      CommitRecord head = liveHead(branch);
      return SchemaCompiler.plan(
          acceptedSchema(head.schemaHash()).ir(),
          SourceText.of(SCHEMA_SOURCE_NAME, desiredSource),
          allowDataLoss);
    });
  }

  /**
   * Changes the schema of {@code main} to {@code desiredSource} in one commit, carrying the data
   * over as the plan's table effects say: added types get empty tables, types whose columns change
   * get their rows copied into a new table incarnation, renamed types keep their table, dropped
   * types leave the graph. Older commits keep reading their own schema and tables. The plan is made
   * again on the newest state each time the write is prepared, so a write that commits concurrently
   * is carried over, not lost. Returns the plan that was applied and the commit; an empty plan
   * commits nothing.
   *
   * @throws dev.omnigraph.lang.source.CompileError if {@code desiredSource} is not a valid schema
   * @throws InvalidInputException if the plan is unsupported (the first refused change's reason),
   *     or the graph has branches other than {@code main}; nothing is written
   */
  public Committed<SchemaPlan> applySchema(String desiredSource, boolean allowDataLoss) {
    return guarded(() -> {
      checkWritable("apply a schema");
      return writes.run(
          liveHead(BranchName.MAIN),
          SYSTEM_ACTOR,
          ConflictPolicy.REDO,
          base -> prepareSchemaApply(base, desiredSource, allowDataLoss));
    });
  }

  private void requireOnlyMain() {
    List<String> others = liveBranches().stream().filter(b -> !b.equals(BranchName.MAIN)).toList();
    if (!others.isEmpty()) {
      // Branches share main's tables and schema; a schema change on main alone would leave them
      // on a schema their next merge could not reconcile.
      throw new InvalidInputException(
          "schema apply requires a graph with only main; found non-main branches: "
              + String.join(", ", others)
              + "; delete them first");
    }
  }

  private Prepared<SchemaPlan> prepareSchemaApply(
      CommitRecord base, String desiredSource, boolean allowDataLoss) {
    if (base.isTombstone()) {
      throw new BranchNotFoundException(location, base.branch());
    }
    // Checked on every attempt, so a branch created while an earlier attempt ran is seen too.
    requireOnlyMain();
    SchemaPlan plan =
        SchemaCompiler.plan(
            acceptedSchema(base.schemaHash()).ir(),
            SourceText.of(SCHEMA_SOURCE_NAME, desiredSource),
            allowDataLoss);
    Optional<String> refusal = plan.refusal();
    if (refusal.isPresent()) {
      throw new InvalidInputException(
          "schema apply refused: " + refusal.get() + "; nothing was written");
    }
    if (plan.isEmpty()) {
      return Prepared.nothing(plan);
    }
    Catalog desired = SchemaCompiler.catalog(plan.desired());
    // Unique to this attempt: a redone attempt never writes into the tables of an earlier one.
    String attempt = UlidCreator.getMonotonicUlid().toString();
    Map<String, TableVersion> written = new HashMap<>();
    Set<String> removed = new HashSet<>();
    Set<String> read = new HashSet<>();
    for (TableEffect effect : plan.tableEffects()) {
      EntityKind kind = effect.typeKind() == TypeKind.EDGE ? EntityKind.EDGE : EntityKind.NODE;
      String key = tableKey(kind, effect.typeId());
      switch (effect) {
        case TableEffect.Create c ->
            written.put(
                key,
                tables.create(
                    incarnationPath(c.storageName(), attempt),
                    tableSchema(desired, kind, c.name())));
        case TableEffect.Rewrite r -> {
          TableVersion from = existing(base, key, r.from());
          Map<String, String> sources = new HashMap<>();
          sources.put(Catalog.ID_COLUMN, Catalog.ID_COLUMN);
          if (kind == EntityKind.EDGE) {
            sources.put(Catalog.SRC_COLUMN, Catalog.SRC_COLUMN);
            sources.put(Catalog.DST_COLUMN, Catalog.DST_COLUMN);
          }
          r.columns().forEach(c -> c.copiedFrom().ifPresent(f -> sources.put(c.name(), f)));
          read.add(key);
          written.put(
              key,
              tables.createCopy(
                  incarnationPath(r.toStorageName(), attempt),
                  tableSchema(desired, kind, r.to()),
                  from,
                  sources,
                  SCHEMA_COPY_BATCH_ROWS));
        }
        // The table key is the type id, so the record is unchanged; only the schema names it anew.
        case TableEffect.Rename r -> existing(base, key, r.from());
        case TableEffect.Drop d -> {
          existing(base, key, d.name());
          removed.add(key);
        }
      }
    }
    AcceptedSchema accepted = schemas.put(desiredSource, plan.desired());
    acceptedSchemas.putIfAbsent(accepted.hash(), accepted);
    return new Prepared<>(
        read,
        written,
        removed,
        Optional.of(accepted.hash()),
        OperationKind.LOGICAL,
        Map.of(),
        plan);
  }

  private TableVersion existing(CommitRecord base, String key, String typeName) {
    return Optional.ofNullable(base.tables().get(key))
        .orElseThrow(() -> corrupt(base, "it names no table " + key + " for " + typeName));
  }

  private static Schema tableSchema(Catalog catalog, EntityKind kind, String typeName) {
    return kind == EntityKind.NODE
        ? ArrowSchemas.node(catalog.node(typeName).orElseThrow())
        : ArrowSchemas.edge(catalog.edge(typeName).orElseThrow());
  }

  /**
   * Garbage collection: deletes the table files that no commit retained under {@code policy} needs,
   * once older than its grace period, if {@code confirm}; otherwise only reports what it would
   * delete. Commit records and schemas are never deleted; reading a commit whose data was reclaimed
   * fails with {@link CommitReclaimedException}. See {@link Cleanup} for what is retained and why
   * it is safe beside concurrent writers.
   *
   * @throws CleanupConflictException if a branch was created or deleted while it ran; nothing was
   *     deleted, run it again
   * @throws ReadOnlyGraphException on a read-only handle
   */
  public CleanupReport cleanup(RetentionPolicy policy, boolean confirm) {
    return guarded(() -> {
      checkWritable("clean up");
      return new Cleanup(store, log, tables, Clock.systemUTC()).run(policy, confirm);
    });
  }

  // Historical reads only: a head is never reclaimed, and this costs a listing of gc/.
  private CommitRecord unreclaimed(CommitRecord record) {
    reclaimed.check(record);
    return record;
  }

  // ---- read queries ----

  // Created on first use so reads stay one block here; it caches edge indexes across queries.
  private final AtomicReference<QueryExecutor> queryExecutor = new AtomicReference<>();

  /**
   * Runs the read query {@code queryName} of the {@code .gq} text {@code querySource} (any query
   * when the text declares exactly one and {@code queryName} is null) on the newest commit of
   * {@code branch}, with {@code params} as a parsed JSON object (null for none). The query is
   * compiled against that commit's schema; see {@link QueryResult} for the values.
   *
   * @throws dev.omnigraph.lang.source.CompileError if the query does not compile
   * @throws dev.omnigraph.lang.query.ParamError if the params do not fit its declarations
   * @throws QueryExecutionException if it is a mutation, or cannot run (for example full-text
   *     search of a property whose full-text index optimize has not built yet)
   * @throws BranchNotFoundException if the branch has no record or was deleted
   */
  public QueryResult query(
      String branch, String querySource, String queryName, Map<String, ?> params) {
    return guarded(() -> query(liveHead(branch), querySource, queryName, params));
  }

  /**
   * Runs a read query as {@link #query} does, on the graph state of commit {@code commitId}: time
   * travel by commit id, on any branch.
   *
   * @throws CommitNotFoundException if no record has that id, or it is a branch-deletion marker
   * @throws dev.omnigraph.engine.maintain.CommitReclaimedException if cleanup reclaimed its data
   */
  public QueryResult queryAtCommit(
      String commitId, String querySource, String queryName, Map<String, ?> params) {
    return guarded(() -> {
      CommitRecord record = findCommit(commitId);
      if (record.isTombstone()) {
        throw new CommitNotFoundException(
            location, record.branch(), record.seq(), "that commit deleted the branch");
      }
      return query(unreclaimed(record), querySource, queryName, params);
    });
  }

  private QueryResult query(
      CommitRecord record, String querySource, String queryName, Map<String, ?> params) {
    Catalog catalog = catalog(record.schemaHash());
    CompiledQuery compiled =
        QueryCompiler.compile(
            SourceText.of("<query>", querySource), catalog, Optional.ofNullable(queryName));
    if (!(compiled instanceof CompiledQuery.Read read)) {
      throw new QueryExecutionException(
          QueryExecutionException.Reason.NOT_A_READ,
          "query '" + compiled.name() + "' is a mutation; run mutations with a write, not a read");
    }
    Map<String, Literal> bound =
        QueryParams.fromJson(params, read.checked().decl().params(), QueryParams.Mode.STANDARD);
    Map<String, TableVersion> nodes = new HashMap<>();
    Map<String, TableVersion> edges = new HashMap<>();
    for (Catalog.NodeType t : catalog.nodeTypes().values()) {
      nodes.put(t.name(), readTable(record, EntityKind.NODE, t.name(), t.typeId()));
    }
    for (Catalog.EdgeType t : catalog.edgeTypes().values()) {
      edges.put(t.name(), readTable(record, EntityKind.EDGE, t.name(), t.typeId()));
    }
    QueryExecutor executor =
        queryExecutor.updateAndGet(e -> e != null ? e : new QueryExecutor(tables));
    return executor.run(read, bound, new GraphState(record.commitId(), catalog, nodes, edges));
  }

  private TableVersion readTable(CommitRecord record, EntityKind kind, String type, long typeId) {
    String key = tableKey(kind, typeId);
    return Optional.ofNullable(record.tables().get(key))
        .orElseThrow(() -> corrupt(record, "it names no table " + key + " for " + type));
  }

  // --- Mutations, loads and exports (dev.omnigraph.engine.write) --------------------------------

  /**
   * Runs the mutation query {@code queryName} of {@code querySource} (the only query when {@code
   * queryName} is null) on live branch {@code branch} with {@code params} (a JSON-shaped object:
   * strings, numbers, booleans, lists, nulls; null for none) as one commit. Every statement runs
   * against the branch head plus the statements before it; the whole change is validated
   * (constraints, edge endpoints, cardinality) against exactly the state it commits on. A query
   * that changes nothing commits nothing. A query that only inserts is prepared again if a
   * concurrent commit changes what it read; one that updates or deletes fails instead.
   *
   * @throws dev.omnigraph.lang.source.CompileError if the query does not parse or typecheck
   * @throws InvalidInputException for a read query, bad parameters, a value that does not fit its
   *     property, or a constraint violation; nothing is committed
   * @throws ResourceLimitException when one type would stage more than {@value
   *     Mutation#MAX_STAGED_ENTITIES} entities
   * @throws WriteConflictException if the branch head is not {@code options.ifCommit()}, or a
   *     concurrent commit changed what an update or delete read
   * @throws BranchNotFoundException if the branch has no record or was deleted
   */
  public MutationResult mutate(
      String branch,
      String querySource,
      String queryName,
      Map<String, ?> params,
      WriteOptions options) {
    return guarded(() -> {
      checkWritable("run a mutation");
      CommitRecord head = checkHead(liveHead(branch), options.ifCommit());
      Catalog compiledFor = catalog(head.schemaHash());
      CompiledQuery compiled =
          QueryCompiler.compile(
              SourceText.of("<query>", querySource), compiledFor, Optional.ofNullable(queryName));
      if (!(compiled instanceof CompiledQuery.Write write)) {
        throw new InvalidInputException(
            "query '"
                + compiled.name()
                + "' is a read query; mutation execution runs insert, update and delete queries,"
                + " use query instead");
      }
      Map<String, Literal> bound =
          QueryParams.fromJson(params, write.checked().decl().params(), QueryParams.Mode.STANDARD);
      Mutation mutation = Mutation.of(write.ir(), bound, Instant.now());
      Committed<MutationResult> done =
          writes.run(
              head,
              options.actor(),
              options.ifCommit().isPresent() ? ConflictPolicy.EXACT : mutation.policy(),
              base -> {
                if (base.isTombstone()) {
                  throw new BranchNotFoundException(location, branch);
                }
                if (!base.schemaHash().equals(head.schemaHash())) {
                  throw new WriteConflictException(
                      "the schema of branch '"
                          + branch
                          + "' changed while the mutation ran; nothing was committed, run it again",
                      List.of(base.ref()),
                      Set.of(WriteTransactions.SCHEMA),
                      null);
                }
                return mutation.prepare(base, compiledFor, tables);
              });
      return done.result().withCommit(done.record());
    });
  }

  /**
   * Loads {@code jsonl} (strict graph-batch JSONL: one {@code {"type":...,"data":{...}}} or {@code
   * {"edge":...,"from":...,"to":...,"data":{...}}} object per line) into {@code branch} as one
   * commit, in {@code options.mode()}. The input is read once, in memory bounded by the batch size
   * and the ids kept for validation; a malformed line, a type error or a constraint violation
   * refuses the whole load with an error naming the line, type and rule, and nothing is committed.
   * With {@code options.from()}, a missing {@code branch} is first created from that branch, only
   * once the load is known to be valid.
   *
   * @throws InvalidInputException for a bad record or a constraint violation
   * @throws KeyConflictException when an append names an id its type already holds
   * @throws WriteConflictException if the branch head is not {@code options.write().ifCommit()}, or
   *     a concurrent commit changed a table an overwrite depends on
   * @throws BranchNotFoundException if the branch (and {@code from}) does not exist
   * @throws java.io.UncheckedIOException if reading {@code jsonl} fails
   */
  public LoadResult load(String branch, InputStream jsonl, LoadOptions options) {
    return guarded(() -> {
      checkWritable("load");
      Optional<CommitRecord> existing = live(branch);
      Optional<String> from = existing.isPresent() ? Optional.empty() : options.from();
      CommitRecord start =
          existing.orElseGet(() -> {
            if (from.isEmpty()) {
              throw new BranchNotFoundException(location, branch);
            }
            BranchName.check(branch);
            return liveHead(from.get());
          });
      checkHead(start, options.write().ifCommit());
      GraphLoad load =
          GraphLoad.read(
              jsonl,
              options.mode(),
              start,
              catalog(start.schemaHash()),
              tables,
              options.batchRows());
      CommitRecord tip = start;
      boolean created = false;
      WriteIntent<Void> intent = base -> load.prepare(base, tables);
      if (from.isPresent()) {
        // Validated on the source state before the branch exists, so a refused load creates no
        // branch; the new branch's first record holds exactly that state, so its prepared effects
        // are reused rather than built twice.
        Prepared<Void> onSource = load.prepare(start, tables);
        try {
          tip = createBranchFrom(branch, start);
          created = true;
        } catch (BranchExistsException raced) {
          tip = liveHead(branch);
        }
        Map<String, TableVersion> sourceTables = start.tables();
        String sourceSchema = start.schemaHash();
        intent =
            base ->
                base.tables().equals(sourceTables) && base.schemaHash().equals(sourceSchema)
                    ? onSource
                    : load.prepare(base, tables);
      }
      WriteIntent<Void> checked = intent;
      Committed<Void> done =
          writes.run(
              tip,
              options.write().actor(),
              options.write().ifCommit().isPresent() ? ConflictPolicy.EXACT : load.policy(),
              base -> {
                if (base.isTombstone()) {
                  throw new BranchNotFoundException(location, branch);
                }
                return checked.prepare(base);
              });
      return new LoadResult(
          branch,
          from,
          created,
          options.mode(),
          load.counts(true),
          load.counts(false),
          done.record());
    });
  }

  /**
   * Writes the newest state of live branch {@code branch} to {@code out} as JSONL in the load
   * format (edge types, then node types, each by name; rows by id), streaming one batch at a time.
   * Loading the output with mode overwrite into a new graph of the same schema gives the same
   * export; history and branches are not exported.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws java.io.UncheckedIOException if writing to {@code out} fails
   */
  public ExportResult export(String branch, Writer out) {
    return guarded(() -> {
      CommitRecord head = liveHead(branch);
      return GraphExport.write(head, catalog(head.schemaHash()), tables, out);
    });
  }

  /**
   * Writes the state at commit {@code commitId} to {@code out}, as {@link #export} does.
   *
   * @throws CommitNotFoundException if no record has that id, or it deleted its branch
   */
  public ExportResult exportAtCommit(String commitId, Writer out) {
    return guarded(() -> {
      CommitRecord record = findCommit(commitId);
      if (record.isTombstone()) {
        throw new CommitNotFoundException(
            location, record.branch(), record.seq(), "that commit deleted the branch");
      }
      return GraphExport.write(record, catalog(record.schemaHash()), tables, out);
    });
  }

  /**
   * Writes the state at commit {@code commitId} to {@code out} as {@link #exportAtCommit(String,
   * Writer)} does, keeping only the node and edge types named in {@code typeNames} (every type when
   * it is empty); a name the commit's schema lacks writes nothing.
   *
   * @throws CommitNotFoundException if no record has that id, or it deleted its branch
   */
  public ExportResult exportAtCommit(String commitId, Set<String> typeNames, Writer out) {
    Set<String> kept = Set.copyOf(typeNames);
    return guarded(() -> {
      CommitRecord record = findCommit(commitId);
      if (record.isTombstone()) {
        throw new CommitNotFoundException(
            location, record.branch(), record.seq(), "that commit deleted the branch");
      }
      return GraphExport.write(record, catalog(record.schemaHash()), tables, kept, out);
    });
  }

  // A write conditional on the branch head refuses a head that is not the one it names.
  private CommitRecord checkHead(CommitRecord head, Optional<String> ifCommit) {
    if (ifCommit.isPresent() && !ifCommit.get().equals(head.commitId())) {
      throw new WriteConflictException(
          "branch '"
              + head.branch()
              + "' is at commit "
              + head.commitId()
              + ", not the expected "
              + ifCommit.get()
              + "; nothing was committed, read the branch again and retry",
          List.of(head.ref()),
          Set.of(),
          null);
    }
    return head;
  }

  /** Where this graph lives, for messages: a folder path or an object-store URI. */
  public String location() {
    return location;
  }

  /** Table opens by this instance so far ({@link Tables#opens()}), for cost gates. */
  long tableOpens() {
    return tables.opens();
  }

  /**
   * Releases the graph's Lance and Arrow resources; a leaked Arrow buffer fails here with {@link
   * IllegalStateException}. Closing again does nothing.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        tables.close();
      } finally {
        closeQuietly(ownedStore);
      }
    }
  }

  private TableState state(CommitRecord record, EntityKind kind, String typeName, long typeId) {
    String key = tableKey(kind, typeId);
    TableVersion version =
        Optional.ofNullable(record.tables().get(key))
            .orElseThrow(() -> corrupt(record, "it names no table " + key + " for " + typeName));
    long rows = tables.countRows(version, Optional.empty());
    return new TableState(kind, typeName, version.path(), version.version(), rows);
  }

  private Catalog catalog(String schemaHash) {
    return catalogs.computeIfAbsent(
        schemaHash, h -> SchemaCompiler.catalog(acceptedSchema(h).ir()));
  }

  private AcceptedSchema acceptedSchema(String schemaHash) {
    return acceptedSchemas.computeIfAbsent(schemaHash, schemas::get);
  }

  private CommitLogException corrupt(CommitRecord record, String detail) {
    return new CommitLogException(
        CommitLogException.Reason.CORRUPT_RECORD,
        "commit record "
            + CommitLog.recordKey(record.branch(), record.seq())
            + " in "
            + location
            + " does not match its schema "
            + record.schemaHash()
            + ": "
            + detail);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the graph at " + location + " is closed");
    }
  }

  private void checkWritable(String operation) {
    if (mode == AccessMode.READ_ONLY) {
      throw new ReadOnlyGraphException(location, operation);
    }
  }

  /**
   * Runs a facade call on an open handle, reporting every failure as an {@link OmnigraphException}.
   */
  private <T> T guarded(Supplier<T> call) {
    checkOpen();
    return translated(location, call);
  }

  /**
   * Runs {@code call}, turning the internal packages' exceptions into the public hierarchy: the one
   * place where that mapping lives. Source errors ({@link CompileError}) and programming errors on
   * a closed handle pass through.
   */
  static <T> T translated(String location, Supplier<T> call) {
    try {
      return call.get();
    } catch (OmnigraphException | CompileError e) {
      throw e;
    } catch (QueryExecutionException e) {
      throw switch (e.reason()) {
        case NOT_SUPPORTED, UNSUPPORTED_EXPRESSION, INDEX_REQUIRED ->
            new UnsupportedFeatureException(e.getMessage(), e);
        case NOT_A_READ, MISSING_PARAMETER, INVALID_VALUE ->
            new InvalidInputException(e.getMessage(), e);
        case STATE_MISMATCH -> new CorruptGraphException(e.getMessage(), e);
      };
    } catch (ParamError e) {
      throw new InvalidInputException(e.getMessage(), e);
    } catch (ReclaimedCommitException e) {
      throw new CommitReclaimedException(
          e.getMessage(), e.branch(), e.seq(), e.commitId(), e.runId(), e.reclaimedAt(), e);
    } catch (BranchesChangedException e) {
      throw new CleanupConflictException(e.getMessage(), e);
    } catch (WriteRejectedException e) {
      throw switch (e.kind()) {
        case INVALID -> new InvalidInputException(e.getMessage(), e);
        case KEY_CONFLICT -> {
          WriteRejectedException.Entity entity = e.entity().orElseThrow();
          yield new KeyConflictException(
              e.getMessage(), entity.kind(), entity.typeName(), entity.id(), e);
        }
        case RESOURCE_LIMIT -> {
          WriteRejectedException.Limit limit = e.limit().orElseThrow();
          yield new ResourceLimitException(
              e.getMessage(), limit.resource(), limit.limit(), limit.actual(), e);
        }
        case CONFLICT -> new WriteConflictException(e.getMessage(), List.of(), Set.of(), e);
      };
    } catch (ReadSetChangedException e) {
      throw new WriteConflictException(e.getMessage(), e.winners(), e.tables(), e);
    } catch (CommitLogException e) {
      throw switch (e.reason()) {
        case UNSUPPORTED_FORMAT -> new UnsupportedFormatException(e.getMessage(), e);
        case CORRUPT_RECORD -> new CorruptGraphException(e.getMessage(), e);
      };
    } catch (SchemaStoreException e) {
      throw new CorruptGraphException(e.getMessage(), e);
    } catch (TableException e) {
      if (e.kind() == TableException.Kind.INVALID) {
        throw new InvalidInputException(e.getMessage(), e);
      }
      throw new StorageException(
          "storage failure in the graph at " + location + ": " + e.getMessage(), e);
    } catch (StoreException e) {
      throw new StorageException(
          "storage failure in the graph at " + location + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // The engine's internal checks (branch names, row values, keys) report bad input this way,
      // with messages written for the user.
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  private static void closeQuietly(Optional<AutoCloseable> resource) {
    resource.ifPresent(r -> {
      try {
        r.close();
      } catch (Exception e) {
        // Closing a store client releases connections only; nothing of the graph depends on it.
      }
    });
  }

  private static SchemaShape compile(String schemaSource) {
    return SchemaCompiler.shape(SourceText.of(SCHEMA_SOURCE_NAME, schemaSource));
  }

  /** The key of a type's table in commit records: by type id, so a rename keeps the key. */
  static String tableKey(EntityKind kind, long typeId) {
    return kind == EntityKind.NODE ? TableKey.node(typeId) : TableKey.edge(typeId);
  }

  /**
   * A fresh path for a new table incarnation. Type and incarnation ids restart at 1 in every graph
   * and an aborted attempt's tables stay behind until GC, so the path also carries an id unique to
   * the attempt: a retried or concurrent attempt never collides with (or writes into) another's
   * table.
   */
  static String incarnationPath(String storageName, String attemptId) {
    return TABLES_PREFIX + storageName + "-" + attemptId;
  }
}

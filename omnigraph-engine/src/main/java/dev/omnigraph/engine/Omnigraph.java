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
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.schema.AcceptedSchema;
import dev.omnigraph.engine.schema.SchemaStore;
import dev.omnigraph.engine.store.LocalObjectStore;
import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.engine.table.ArrowSchemas;
import dev.omnigraph.engine.table.RowBatches;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.engine.txn.ConflictPolicy;
import dev.omnigraph.engine.txn.Prepared;
import dev.omnigraph.engine.txn.WriteTransactions;
import dev.omnigraph.lang.query.CompiledQuery;
import dev.omnigraph.lang.query.Literal;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryParams;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.SchemaIr;
import dev.omnigraph.lang.schema.SchemaShape;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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

  private final String location;
  private final CommitLog log;
  private final SchemaStore schemas;
  private final Tables tables;
  private final WriteTransactions writes;
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Omnigraph(String location, ObjectStore store, Tables tables) {
    this.location = location;
    this.log = new CommitLog(store);
    this.schemas = new SchemaStore(store);
    this.tables = tables;
    this.writes = new WriteTransactions(log, Clock.systemUTC());
  }

  /**
   * Creates a graph at {@code root} on local disk with the schema {@code schemaSource}: one empty
   * table per node and edge type, committed as record 1 of branch {@code main}.
   *
   * @throws dev.omnigraph.lang.source.CompileError if the schema is invalid; nothing is written
   * @throws GraphAlreadyExistsException if {@code root} already holds a graph
   */
  public static Omnigraph init(Path root, String schemaSource) {
    Path absolute = root.toAbsolutePath().normalize();
    // Compile before the store is opened (which creates the folder): a bad schema writes nothing.
    SchemaShape shape = compile(schemaSource);
    LocalObjectStore store = LocalObjectStore.open(absolute);
    return init(store, absolute.toString(), Map.of(), shape, schemaSource);
  }

  /**
   * Attaches to the graph at {@code root} on local disk; reads only enough to know it is a graph.
   *
   * @throws GraphNotFoundException if {@code root} holds no graph
   */
  public static Omnigraph open(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    // Checked first because opening the store would create the folder of a mistyped path.
    if (!Files.isDirectory(absolute)) {
      throw new GraphNotFoundException(absolute.toString());
    }
    return open(LocalObjectStore.open(absolute), absolute.toString(), Map.of());
  }

  static Omnigraph init(
      ObjectStore store,
      String tablesRoot,
      Map<String, String> storageOptions,
      SchemaShape shape,
      String schemaSource) {
    String location = store.location();
    // A cheap early refusal; the put of record 1 below is what actually decides.
    if (store.exists(CommitLog.recordKey(BranchName.MAIN, 1))) {
      throw new GraphAlreadyExistsException(location);
    }
    String domain = UlidCreator.getMonotonicUlid().toString();
    SchemaIr ir = SchemaCompiler.initialIr(shape, domain);
    Catalog catalog = SchemaCompiler.catalog(ir);
    Omnigraph graph = new Omnigraph(location, store, new Tables(tablesRoot, storageOptions));
    try {
      AcceptedSchema schema = graph.schemas.put(schemaSource, ir);
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
    if (!store.exists(CommitLog.recordKey(BranchName.MAIN, 1))) {
      throw new GraphNotFoundException(store.location());
    }
    return new Omnigraph(store.location(), store, new Tables(tablesRoot, storageOptions));
  }

  /**
   * The newest committed state of {@code branch}, with every table's row count at its version.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws CommitLogException if the record does not match its schema's types
   */
  public Snapshot snapshot(String branch) {
    checkOpen();
    return snapshotOf(liveHead(branch));
  }

  /**
   * The state of live branch {@code branch} at its commit {@code seq}: time travel to an older
   * record.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws CommitNotFoundException if the branch has no record {@code seq}, or it is a tombstone
   *     (the branch was deleted there and later created again)
   */
  public Snapshot snapshotAt(String branch, long seq) {
    checkOpen();
    liveHead(branch);
    return snapshotOf(record(branch, seq));
  }

  /**
   * The commit record with id {@code commitId}, on any branch (deleted ones included: their records
   * stay readable until garbage collection).
   *
   * @throws CommitNotFoundException if no record has that id
   */
  public CommitRecord commit(String commitId) {
    checkOpen();
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
   */
  public Snapshot snapshotAtCommit(String commitId) {
    CommitRecord record = commit(commitId);
    if (record.isTombstone()) {
      throw new CommitNotFoundException(
          location, record.branch(), record.seq(), "that commit deleted the branch");
    }
    return snapshotOf(record);
  }

  /**
   * Up to {@code limit} commit records of live branch {@code branch}, newest first, each naming its
   * parents; a branch deleted and created again also lists its tombstone and earlier records.
   *
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public List<CommitRecord> commits(String branch, int limit) {
    checkOpen();
    if (limit < 1) {
      throw new IllegalArgumentException("commit limit must be at least 1, got " + limit);
    }
    liveHead(branch);
    return log.history(branch, limit);
  }

  /** The live branches of the graph, sorted by name; deleted branches are not listed. */
  public List<String> branches() {
    checkOpen();
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
    checkOpen();
    return createBranchFrom(name, liveHead(fromBranch));
  }

  /**
   * Creates branch {@code name} at commit {@code from} of a live branch, returning the new branch's
   * first record: it names the same tables and schema as {@code from}, and no table is copied.
   *
   * <p>A live branch name may not be a path-prefix ancestor or descendant of another ({@code a} and
   * {@code a/b} cannot both live). That check reads the branch list before the commit and is not
   * race-free: two processes creating {@code a} and {@code a/b} at the same moment can both
   * succeed. Creating the same name twice is race-free: exactly one creator wins.
   *
   * @throws IllegalArgumentException if the name is empty or malformed, or starts with {@code __}
   *     (reserved for the engine)
   * @throws BranchExistsException if the branch exists, or a concurrent creator won
   * @throws BranchNameConflictException if a live branch is a path-prefix ancestor or descendant
   * @throws BranchNotFoundException if the branch of {@code from} has no record or was deleted
   * @throws CommitNotFoundException if {@code from} names no commit of that branch
   */
  public CommitRecord createBranch(String name, CommitRef from) {
    checkOpen();
    liveHead(from.branch());
    CommitRecord source = record(from.branch(), from.seq());
    if (!source.commitId().equals(from.commitId())) {
      throw new CommitNotFoundException(
          location,
          from.branch(),
          from.seq(),
          "its commit id is " + source.commitId() + ", not " + from.commitId());
    }
    return createBranchFrom(name, source);
  }

  private CommitRecord createBranchFrom(String name, CommitRecord source) {
    BranchName.check(name);
    if (name.startsWith(RESERVED_PREFIX)) {
      throw new IllegalArgumentException(
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
    for (String other : branches()) {
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
   * @throws IllegalArgumentException if {@code name} is {@code main} or malformed
   * @throws BranchNotFoundException if the branch has no record or was already deleted
   * @throws BranchNameConflictException if a live branch has {@code name} as a path prefix
   */
  public void deleteBranch(String name) {
    checkOpen();
    BranchName.check(name);
    if (name.equals(BranchName.MAIN)) {
      throw new IllegalArgumentException("cannot delete branch 'main'");
    }
    liveHead(name);
    writes.run(name, SYSTEM_ACTOR, ConflictPolicy.REDO, base -> prepareDelete(base, name));
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
    AcceptedSchema schema = schemas.get(record.schemaHash());
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
    return branches().stream().filter(other -> other.startsWith(name + "/")).findFirst();
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
   * @throws IllegalArgumentException for an unknown type or column, a missing required value, a
   *     value of the wrong type, or a column of a type not supported yet; nothing is written
   * @throws BranchNotFoundException if the branch has no record or was deleted
   * @throws dev.omnigraph.engine.txn.WriteConflictException if concurrent writers kept winning
   */
  public Committed<Map<String, Long>> append(
      String branch, Map<String, List<Map<String, Object>>> rowsByType) {
    checkOpen();
    // WriteTransactions refuses a branch without records only generically; a deleted branch is
    // refused in prepare, which also covers a delete that wins while this write is prepared.
    liveHead(branch);
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    rowsByType.forEach((type, list) -> {
      if (!list.isEmpty()) {
        rows.put(type, List.copyOf(list));
      }
    });
    return writes.run(branch, SYSTEM_ACTOR, ConflictPolicy.REDO, base -> prepareAppend(base, rows));
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
                      new IllegalArgumentException(
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
   * @throws QueryExecutionException if it is a mutation, or cannot run (search is not supported
   *     yet)
   * @throws BranchNotFoundException if the branch has no record or was deleted
   */
  public QueryResult query(
      String branch, String querySource, String queryName, Map<String, ?> params) {
    checkOpen();
    return query(liveHead(branch), querySource, queryName, params);
  }

  /**
   * Runs a read query as {@link #query} does, on the graph state of commit {@code commitId}: time
   * travel by commit id, on any branch.
   *
   * @throws CommitNotFoundException if no record has that id, or it is a branch-deletion marker
   */
  public QueryResult queryAtCommit(
      String commitId, String querySource, String queryName, Map<String, ?> params) {
    CommitRecord record = commit(commitId);
    if (record.isTombstone()) {
      throw new CommitNotFoundException(
          location, record.branch(), record.seq(), "that commit deleted the branch");
    }
    return query(record, querySource, queryName, params);
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

  /** Where this graph lives, for messages: a folder path or an object-store URI. */
  public String location() {
    return location;
  }

  /**
   * Releases the graph's Lance and Arrow resources; a leaked Arrow buffer fails here with {@link
   * IllegalStateException}. Closing again does nothing.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      tables.close();
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
    return catalogs.computeIfAbsent(schemaHash, h -> SchemaCompiler.catalog(schemas.get(h).ir()));
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

  private static SchemaShape compile(String schemaSource) {
    return SchemaCompiler.shape(SourceText.of(SCHEMA_SOURCE_NAME, schemaSource));
  }

  /** The key of a type's table in commit records: by type id, so a rename keeps the key. */
  static String tableKey(EntityKind kind, long typeId) {
    return (kind == EntityKind.NODE ? "node:" : "edge:") + typeId;
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

package dev.omnigraph.engine.write;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.log.ChangeCount;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.StagedRows;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.ConflictPolicy;
import dev.omnigraph.engine.txn.Prepared;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.schema.KeyId;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A JSONL load in the strict graph-batch format, in two phases. {@link #read} streams the input
 * once: each line is parsed, converted and checked on its own (format, types, value constraints,
 * ids), and rows are written out per type as data files in batches of a bounded number of rows, so
 * memory holds one batch per type plus the ids the checks against the graph need. {@link #prepare}
 * then validates the whole change against exactly the base it lands on and names the written files
 * in one detached version per type; it can run again on a newer base without reading the input
 * again. A refused load leaves only unreferenced files.
 */
public final class GraphLoad {
  /** The most JSON structural characters one line may hold (upstream's structural slots). */
  static final int MAX_STRUCTURAL_TOKENS = 131_072;

  /** Bytes of one type's rows buffered before they are written out, whatever the row count. */
  static final long MAX_BATCH_BYTES = 16L << 20;

  private static final Set<String> RESERVED =
      Set.of(
          "_rowid",
          "_rowaddr",
          "_rowoffset",
          "_tombstone",
          "_row_created_at_version",
          "_row_last_updated_at_version");
  private static final Set<String> NODE_FIELDS = Set.of("type", "data");
  private static final Set<String> EDGE_FIELDS = Set.of("edge", "from", "to", "data");

  /** The records of one type in this load. */
  private static final class Loaded {
    final TypeTable table;
    final RowRules rules;
    final TableChange change;
    final String path;
    StagedRows staged;
    RowBatch batch;
    long records;
    long ordinal;
    // Merge only: each id's position in staging order, and the positions a later record of the
    // same id superseded.
    final Map<String, Long> positions;
    final List<Long> superseded = new ArrayList<>();

    Loaded(TypeTable table, TableChange.Mode mode, String path, boolean merge) {
      this.table = table;
      this.rules = new RowRules(table);
      this.change = new TableChange(table, mode);
      this.path = path;
      this.positions = merge ? new HashMap<>() : Map.of();
    }
  }

  private final LoadMode mode;
  private final String schemaHash;
  private final GraphTypes types;
  private final Map<String, Loaded> loaded;

  private GraphLoad(
      LoadMode mode, String schemaHash, GraphTypes types, Map<String, Loaded> loaded) {
    this.mode = mode;
    this.schemaHash = schemaHash;
    this.types = types;
    this.loaded = loaded;
  }

  /** Redo for append and merge (inserts commute), strict for overwrite. */
  public ConflictPolicy policy() {
    return mode == LoadMode.OVERWRITE ? ConflictPolicy.STRICT : ConflictPolicy.REDO;
  }

  /** Records per node type and per edge type, by name. */
  public SortedMap<String, Long> counts(boolean nodes) {
    SortedMap<String, Long> out = new TreeMap<>();
    for (Loaded l : loaded.values()) {
      if (l.table.isNode() == nodes) {
        out.put(l.table.name(), l.records);
      }
    }
    return out;
  }

  /**
   * Reads every line of {@code in} against the schema and tables of {@code start} (whose schema is
   * {@code catalog}), writing rows out in batches of {@code batchRows} per type.
   *
   * @throws WriteRejectedException naming the line, type and rule of the first bad record
   */
  public static GraphLoad read(
      InputStream in,
      LoadMode mode,
      CommitRecord start,
      Catalog catalog,
      Tables tables,
      int batchRows) {
    GraphTypes types = GraphTypes.of(catalog);
    Map<String, Loaded> loaded = new LinkedHashMap<>();
    JsonLines lines = new JsonLines(in, JsonLines.MAX_LINE_BYTES);
    try {
      Optional<String> next;
      while (true) {
        try {
          next = lines.next();
        } catch (IllegalArgumentException e) {
          throw WriteRejectedException.invalid(e.getMessage());
        }
        if (next.isEmpty()) {
          break;
        }
        int line = Math.toIntExact(lines.number());
        Loaded target;
        Object[] row;
        try {
          Parsed record = parse(next.get(), types);
          target =
              loaded.computeIfAbsent(
                  record.table.key(),
                  k ->
                      new Loaded(
                          record.table,
                          changeMode(mode),
                          record.table.versionIn(start).path(),
                          mode == LoadMode.MERGE));
          row = record.row;
          target.rules.check(row);
        } catch (IllegalArgumentException e) {
          throw WriteRejectedException.invalid("line " + line + ": " + e.getMessage());
        }
        add(target, row, line, mode, tables, batchRows);
      }
      for (Loaded l : loaded.values()) {
        flush(l, tables);
      }
    } finally {
      for (Loaded l : loaded.values()) {
        if (l.batch != null) {
          l.batch.close();
          l.batch = null;
        }
      }
    }
    return new GraphLoad(mode, start.schemaHash(), types, loaded);
  }

  private static TableChange.Mode changeMode(LoadMode mode) {
    return switch (mode) {
      case OVERWRITE -> TableChange.Mode.REPLACE_ALL;
      case APPEND -> TableChange.Mode.ADD;
      case MERGE -> TableChange.Mode.UPSERT;
    };
  }

  private static void add(
      Loaded l, Object[] row, int line, LoadMode mode, Tables tables, int batchRows) {
    String id = (String) row[0];
    Integer earlier = l.change.fresh.get(id);
    if (earlier != null) {
      Optional<Catalog.NodeType> node = l.table.node();
      if (node.isPresent() && node.get().isKeyed()) {
        throw WriteRejectedException.invalid(
            "line "
                + line
                + ": @unique violation on "
                + l.table.name()
                + "."
                + String.join(", ", node.get().key())
                + ": value '"
                + WriteValues.echo(id)
                + "' appears on lines "
                + earlier
                + " and "
                + line
                + " of the input");
      }
      if (mode != LoadMode.MERGE) {
        throw WriteRejectedException.invalid(
            "line "
                + line
                + ": id '"
                + WriteValues.echo(id)
                + "' of "
                + l.table.label()
                + " appears on lines "
                + earlier
                + " and "
                + line
                + " of the input; ids must be unique in an "
                + mode.wireName()
                + " load (a merge load keeps the last)");
      }
      l.superseded.add(l.positions.get(id));
    }
    try {
      l.change.addFresh(row, line, true);
    } catch (IllegalArgumentException e) {
      throw WriteRejectedException.invalid("line " + line + ": " + e.getMessage());
    }
    if (mode == LoadMode.MERGE) {
      l.positions.put(id, l.ordinal);
    }
    l.ordinal++;
    l.records++;
    if (l.batch == null) {
      l.batch = new RowBatch(l.table, tables.allocator());
    }
    l.batch.add(row);
    if (l.batch.rows() >= batchRows || l.batch.bytes() >= MAX_BATCH_BYTES) {
      flush(l, tables);
    }
  }

  private static void flush(Loaded l, Tables tables) {
    if (l.batch == null) {
      return;
    }
    try (RowBatch batch = l.batch) {
      l.batch = null;
      l.staged = tables.stage(l.path, l.staged, batch.root());
    }
  }

  /**
   * Validates the loaded change against {@code base} and names the written rows in one detached
   * version per loaded type; nothing when the input held no record.
   */
  public Prepared<Void> prepare(CommitRecord base, Tables tables) {
    if (loaded.isEmpty()) {
      return Prepared.nothing(null);
    }
    if (!base.schemaHash().equals(schemaHash)) {
      throw WriteRejectedException.conflict(
          "the graph's schema changed while the load was being read; nothing was committed, run"
              + " the load again");
    }
    Map<String, TableChange> changes = new LinkedHashMap<>();
    loaded.forEach((key, l) -> changes.put(key, l.change));
    Set<String> reads = ChangeValidation.validate(types, base, tables, changes);
    Map<String, TableVersion> writes = new HashMap<>();
    Map<String, ChangeCount> counts = new HashMap<>();
    for (Loaded l : loaded.values()) {
      TableVersion v = l.table.versionIn(base);
      if (!v.path().equals(l.path)) {
        throw WriteRejectedException.conflict(
            "the table of "
                + l.table.label()
                + " was replaced while the load was being read; nothing was committed, run the"
                + " load again");
      }
      Tables.Replaced replaced =
          switch (mode) {
            case OVERWRITE -> new Tables.Replaced.All();
            case APPEND -> new Tables.Replaced.Nothing();
            case MERGE -> new Tables.Replaced.Keys(Catalog.ID_COLUMN, l.change.fresh.keySet());
          };
      long[] skipped = l.superseded.stream().mapToLong(Long::longValue).sorted().toArray();
      // Every loaded type has at least one record, so read() staged rows for it.
      StagedRows staged = java.util.Objects.requireNonNull(l.staged, "staged rows");
      Tables.StagedCommit done = tables.commitStaged(v, staged, replaced, skipped);
      writes.put(l.table.key(), done.version());
      long rows = l.change.fresh.size();
      ChangeCount count =
          switch (mode) {
            case OVERWRITE -> new ChangeCount(rows, 0, done.dropped());
            case APPEND -> new ChangeCount(rows, 0, 0);
            case MERGE -> new ChangeCount(rows - done.dropped(), done.dropped(), 0);
          };
      counts.merge(
          l.table.name(),
          count,
          (a, b) ->
              new ChangeCount(
                  a.inserted() + b.inserted(),
                  a.updated() + b.updated(),
                  a.deleted() + b.deleted()));
    }
    return new Prepared<>(
        reads, writes, Set.of(), Optional.empty(), OperationKind.LOGICAL, counts, null);
  }

  /** One parsed line: its type's table and its row. */
  private static final class Parsed {
    final TypeTable table;
    final Object[] row;

    Parsed(TypeTable table, Object[] row) {
      this.table = table;
      this.row = row;
    }
  }

  private static Parsed parse(String text, GraphTypes types) {
    if (structuralTokens(text) > MAX_STRUCTURAL_TOKENS) {
      throw new IllegalArgumentException(
          "more than " + MAX_STRUCTURAL_TOKENS + " JSON structural tokens on one line");
    }
    Object json;
    try {
      json = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!(json instanceof Map<?, ?> object)) {
      throw new IllegalArgumentException(
          "expected one JSON object per line, got " + WriteValues.jsonType(json));
    }
    rejectReserved(object);
    boolean node = object.containsKey("type");
    boolean edge = object.containsKey("edge");
    if (node && edge) {
      throw new IllegalArgumentException("a record has either 'type' (node) or 'edge', not both");
    }
    if (!node && !edge) {
      throw new IllegalArgumentException("expected 'type' or 'edge' field");
    }
    Set<String> allowed = node ? NODE_FIELDS : EDGE_FIELDS;
    for (Object key : object.keySet()) {
      if (!allowed.contains((String) key)) {
        throw new IllegalArgumentException(
            "unknown top-level field '"
                + key
                + "' in a "
                + (node ? "node" : "edge")
                + " record; allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
    Map<?, ?> data = data(object.get("data"), object.containsKey("data"));
    return node ? nodeRecord(object, data, types) : edgeRecord(object, data, types);
  }

  private static Map<?, ?> data(Object value, boolean present) {
    if (!present) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> data)) {
      throw new IllegalArgumentException(
          "'data' must be a JSON object, got " + WriteValues.jsonType(value));
    }
    return data;
  }

  private static Parsed nodeRecord(Map<?, ?> object, Map<?, ?> data, GraphTypes types) {
    String name = string(object.get("type"), "type");
    TypeTable table = types.nodes().get(name);
    if (table == null) {
      throw new IllegalArgumentException("unknown node type '" + WriteValues.echo(name) + "'");
    }
    Object[] row = new Object[table.columns().size()];
    Optional<String> explicitId = fill(table, data, row);
    Catalog.NodeType node = table.node().orElseThrow();
    if (node.isKeyed()) {
      List<Object> key = new ArrayList<>();
      for (String k : node.key()) {
        Object v = row[table.position(k)];
        if (v == null) {
          throw new IllegalArgumentException("node " + name + " missing @key property '" + k + "'");
        }
        key.add(v);
      }
      String id = KeyId.of(node.keyTypes(), key);
      if (explicitId.isPresent() && !explicitId.get().equals(id)) {
        throw new IllegalArgumentException(
            "node "
                + name
                + " has explicit id '"
                + WriteValues.echo(explicitId.get())
                + "' that does not match its canonical @key id '"
                + WriteValues.echo(id)
                + "' (from @key property '"
                + String.join(", ", node.key())
                + "'); omit data.id or give the canonical one");
      }
      row[0] = id;
    } else {
      row[0] = explicitId.orElseGet(() -> UlidCreator.getMonotonicUlid().toString());
    }
    return new Parsed(table, row);
  }

  private static Parsed edgeRecord(Map<?, ?> object, Map<?, ?> data, GraphTypes types) {
    String name = string(object.get("edge"), "edge");
    TypeTable table =
        types
            .edge(name)
            .orElseThrow(() ->
                new IllegalArgumentException("unknown edge type '" + WriteValues.echo(name) + "'"));
    for (String end : List.of("from", "to")) {
      if (!object.containsKey(end)) {
        throw new IllegalArgumentException("edge missing '" + end + "'");
      }
    }
    for (String system : List.of(Catalog.SRC_COLUMN, Catalog.DST_COLUMN)) {
      if (data.containsKey(system)) {
        throw new IllegalArgumentException(
            "edge data cannot set '"
                + system
                + "'; give the endpoints as the record's 'from' and 'to'");
      }
    }
    Object[] row = new Object[table.columns().size()];
    row[1] = string(object.get("from"), "from");
    row[2] = string(object.get("to"), "to");
    Optional<String> explicitId = fill(table, data, row);
    row[0] = explicitId.orElseGet(() -> UlidCreator.getMonotonicUlid().toString());
    return new Parsed(table, row);
  }

  // Converts every data member into its cell; returns data.id if given.
  private static Optional<String> fill(TypeTable table, Map<?, ?> data, Object[] row) {
    Optional<String> id = Optional.empty();
    for (Map.Entry<?, ?> e : data.entrySet()) {
      String field = (String) e.getKey();
      if (field.equals(Catalog.ID_COLUMN)) {
        if (!(e.getValue() instanceof String s)) {
          throw new IllegalArgumentException(
              (table.isNode() ? "node " : "edge ")
                  + table.name()
                  + " explicit id must be a string");
        }
        id = Optional.of(s);
        continue;
      }
      Integer p = table.positions().get(field);
      if (p == null || p < (table.isNode() ? 1 : 3)) {
        throw new IllegalArgumentException(
            "unknown input field '" + WriteValues.echo(field) + "' for '" + table.label() + "'");
      }
      row[p] = WriteValues.fromJson(field, table.types().get(p), e.getValue());
    }
    return id;
  }

  private static String string(Object value, String field) {
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(
          "'" + field + "' must be a string, got " + WriteValues.jsonType(value));
    }
    return s;
  }

  private static void rejectReserved(Object json) {
    switch (json) {
      case Map<?, ?> map -> {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (RESERVED.contains((String) e.getKey())) {
            throw new IllegalArgumentException(
                "reserved field '" + e.getKey() + "' is not allowed in load input");
          }
          rejectReserved(e.getValue());
        }
      }
      case List<?> list -> list.forEach(GraphLoad::rejectReserved);
      case null, default -> {}
    }
  }

  // Structural characters outside strings: a cheap bound on what one line makes the parser build.
  private static int structuralTokens(String text) {
    int count = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':') {
        count++;
      }
    }
    return count;
  }
}

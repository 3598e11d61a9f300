package dev.omnigraph.engine.log;

import dev.omnigraph.lang.schema.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One immutable commit record: the complete graph state at commit {@code seq} of {@code branch}.
 * Writing record N+1 with put-if-absent is the one commit point of a write; reading a record is
 * reading a whole graph state. {@code tables} maps each table key to its exact table version.
 */
public record CommitRecord(
    String branch,
    long seq,
    String commitId,
    List<CommitRef> parents,
    String schemaHash,
    SortedMap<String, TableVersion> tables,
    String actor,
    OperationKind operation,
    Instant createdAt,
    SortedMap<String, ChangeCount> changes,
    List<NameHold> holds) {
  /** The record format this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /**
   * The schema hash of a tombstone: the record that deletes its branch. No accepted schema has it
   * (accepted schemas are named by 64 hex digits), and a tombstone names no tables.
   */
  public static final String DELETED = "deleted";

  public CommitRecord {
    BranchName.check(branch);
    if (seq < 1) {
      throw new IllegalArgumentException("commit sequence numbers start at 1, got " + seq);
    }
    parents = List.copyOf(parents);
    tables = Collections.unmodifiableSortedMap(new TreeMap<>(tables));
    changes = Collections.unmodifiableSortedMap(new TreeMap<>(changes));
    holds = List.copyOf(holds);
    if (!holds.isEmpty() && !schemaHash.equals(DELETED)) {
      throw new IllegalArgumentException("only a record that is not a graph state holds names");
    }
  }

  /** A record that holds no names: every record but a name reservation. */
  public CommitRecord(
      String branch,
      long seq,
      String commitId,
      List<CommitRef> parents,
      String schemaHash,
      SortedMap<String, TableVersion> tables,
      String actor,
      OperationKind operation,
      Instant createdAt,
      SortedMap<String, ChangeCount> changes) {
    this(
        branch,
        seq,
        commitId,
        parents,
        schemaHash,
        tables,
        actor,
        operation,
        createdAt,
        changes,
        List.of());
  }

  /** Whether this record is a tombstone: its branch was deleted at this seq. */
  public boolean isTombstone() {
    return schemaHash.equals(DELETED);
  }

  /** A reference to this record. */
  public CommitRef ref() {
    return new CommitRef(branch, seq, commitId);
  }

  /** The canonical JSON bytes stored at this record's key. */
  public byte[] toBytes() {
    return Json.write(toJson()).getBytes(StandardCharsets.UTF_8);
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format_version", FORMAT_VERSION);
    m.put("branch", branch);
    m.put("seq", seq);
    m.put("commit_id", commitId);
    List<Object> ps = new ArrayList<>();
    for (CommitRef p : parents) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("branch", p.branch());
      pm.put("seq", p.seq());
      pm.put("commit_id", p.commitId());
      ps.add(pm);
    }
    m.put("parents", ps);
    m.put("schema_hash", schemaHash);
    Map<String, Object> ts = new LinkedHashMap<>();
    tables.forEach((k, v) -> {
      Map<String, Object> tm = new LinkedHashMap<>();
      tm.put("path", v.path());
      tm.put("version", v.version());
      ts.put(k, tm);
    });
    m.put("tables", ts);
    m.put("actor", actor);
    m.put("operation", operation.wireName());
    m.put("created_at", createdAt.toString());
    Map<String, Object> cs = new LinkedHashMap<>();
    changes.forEach((k, v) -> {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("inserted", v.inserted());
      cm.put("updated", v.updated());
      cm.put("deleted", v.deleted());
      cs.put(k, cm);
    });
    m.put("changes", cs);
    // Written only when present, so every record that holds no names keeps its first form.
    if (!holds.isEmpty()) {
      List<Object> hs = new ArrayList<>();
      for (NameHold h : holds) {
        Map<String, Object> hm = new LinkedHashMap<>();
        hm.put("branch", h.branch());
        hm.put("seq", h.seq());
        hs.add(hm);
      }
      m.put("holds", hs);
    }
    return m;
  }

  /**
   * Reads a stored record.
   *
   * @throws CommitLogException if the record is from a newer format or is not a valid record
   */
  public static CommitRecord fromBytes(String key, byte[] bytes) {
    Object tree;
    try {
      tree = Json.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw corrupt(key, e.getMessage());
    }
    Fields root = new Fields(key, tree, "record");
    long format = root.number("format_version");
    if (format > FORMAT_VERSION) {
      throw new CommitLogException(
          CommitLogException.Reason.UNSUPPORTED_FORMAT,
          "commit record "
              + key
              + " has format version "
              + format
              + ", newer than this build reads ("
              + FORMAT_VERSION
              + "); upgrade omnigraph to open this graph");
    }
    if (format < 1) {
      throw corrupt(key, "format_version " + format + " is not a valid format");
    }
    List<String> fields =
        new ArrayList<>(
            List.of(
                "format_version",
                "branch",
                "seq",
                "commit_id",
                "parents",
                "schema_hash",
                "tables",
                "actor",
                "operation",
                "created_at",
                "changes"));
    if (root.map().containsKey("holds")) {
      fields.add("holds");
    }
    root.only(fields.toArray(String[]::new));
    try {
      List<NameHold> holds = new ArrayList<>();
      if (root.map().containsKey("holds")) {
        for (Fields h : root.list("holds")) {
          h.only("branch", "seq");
          holds.add(new NameHold(h.string("branch"), h.number("seq")));
        }
        if (holds.isEmpty()) {
          throw corrupt(key, "field 'holds' is written only when it names something");
        }
      }
      return fromFields(key, root, holds);
    } catch (IllegalArgumentException e) {
      throw corrupt(key, e.getMessage());
    }
  }

  private static CommitRecord fromFields(String key, Fields root, List<NameHold> holds) {
    try {
      List<CommitRef> parents = new ArrayList<>();
      for (Fields p : root.list("parents")) {
        p.only("branch", "seq", "commit_id");
        parents.add(new CommitRef(p.string("branch"), p.number("seq"), p.string("commit_id")));
      }
      SortedMap<String, TableVersion> tables = new TreeMap<>();
      Fields ts = root.object("tables");
      for (String k : ts.keys()) {
        Fields t = ts.object(k);
        t.only("path", "version");
        tables.put(k, new TableVersion(t.string("path"), t.string("version")));
      }
      SortedMap<String, ChangeCount> changes = new TreeMap<>();
      Fields cs = root.object("changes");
      for (String k : cs.keys()) {
        Fields c = cs.object(k);
        c.only("inserted", "updated", "deleted");
        changes.put(
            k, new ChangeCount(c.number("inserted"), c.number("updated"), c.number("deleted")));
      }
      OperationKind op =
          switch (root.string("operation")) {
            case "logical" -> OperationKind.LOGICAL;
            case "maintenance" -> OperationKind.MAINTENANCE;
            default -> throw corrupt(key, "unknown operation '" + root.string("operation") + "'");
          };
      return new CommitRecord(
          root.string("branch"),
          root.number("seq"),
          root.string("commit_id"),
          parents,
          root.string("schema_hash"),
          tables,
          root.string("actor"),
          op,
          Instant.parse(root.string("created_at")),
          changes,
          holds);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw corrupt(key, e.getMessage());
    }
  }

  private static CommitLogException corrupt(String key, String detail) {
    return new CommitLogException(
        CommitLogException.Reason.CORRUPT_RECORD,
        "commit record " + key + " is not a valid commit record: " + detail);
  }

  /** A JSON object read strictly, with errors that name the record and the field. */
  private record Fields(String key, Map<?, ?> map, String where) {
    Fields(String key, Object value, String where) {
      this(key, asMap(key, value, where), where);
    }

    private static Map<?, ?> asMap(String key, Object value, String where) {
      if (value instanceof Map<?, ?> m) {
        return m;
      }
      throw corrupt(key, where + " must be a JSON object");
    }

    void only(String... allowed) {
      Set<String> ok = Set.of(allowed);
      for (Object k : map.keySet()) {
        if (!ok.contains(k)) {
          throw corrupt(key, "unknown field '" + k + "' in " + where);
        }
      }
      for (String k : allowed) {
        if (!map.containsKey(k)) {
          throw corrupt(key, "missing field '" + k + "' in " + where);
        }
      }
    }

    List<String> keys() {
      List<String> ks = new ArrayList<>();
      map.keySet().forEach(k -> ks.add((String) k));
      return ks;
    }

    String string(String field) {
      if (map.get(field) instanceof String s) {
        return s;
      }
      throw corrupt(key, "field '" + field + "' in " + where + " must be a string");
    }

    long number(String field) {
      if (map.get(field) instanceof Long l) {
        return l;
      }
      throw corrupt(key, "field '" + field + "' in " + where + " must be an integer");
    }

    Fields object(String field) {
      return new Fields(key, map.get(field), where + "." + field);
    }

    List<Fields> list(String field) {
      if (!(map.get(field) instanceof List<?> items)) {
        throw corrupt(key, "field '" + field + "' in " + where + " must be a list");
      }
      List<Fields> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.add(new Fields(key, items.get(i), where + "." + field + "[" + i + "]"));
      }
      return out;
    }
  }
}

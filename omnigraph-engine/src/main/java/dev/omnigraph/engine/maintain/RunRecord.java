package dev.omnigraph.engine.maintain;

import dev.omnigraph.engine.log.CommitLogException;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.lang.schema.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The record a confirmed cleanup writes (put-if-absent, at {@code gc/<runId>.json}) before it
 * deletes anything: the commits whose data it reclaims. It is written first so that a crashed run
 * is finished by the next one and so that reading such a commit fails with a clear error, never a
 * missing file; it is never deleted unless the run stops before deleting anything.
 */
record RunRecord(String runId, Instant startedAt, RetentionPolicy policy, List<CommitRef> expired) {
  static final int FORMAT_VERSION = 1;
  static final String PREFIX = "gc/";
  static final String SUFFIX = ".json";

  RunRecord {
    expired = List.copyOf(expired);
  }

  static String key(String runId) {
    return PREFIX + runId + SUFFIX;
  }

  String key() {
    return key(runId);
  }

  byte[] toBytes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format_version", FORMAT_VERSION);
    m.put("run_id", runId);
    m.put("started_at", startedAt.toString());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("keep", policy.keep().isPresent() ? (Object) (long) policy.keep().getAsInt() : null);
    p.put("older_than", policy.olderThan().map(Duration::toString).orElse(null));
    p.put("grace", policy.grace().toString());
    m.put("policy", p);
    List<Object> refs = new ArrayList<>();
    for (CommitRef r : expired) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("branch", r.branch());
      rm.put("seq", r.seq());
      rm.put("commit_id", r.commitId());
      refs.add(rm);
    }
    m.put("expired", refs);
    return Json.write(m).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a stored run record, strictly.
   *
   * @throws CommitLogException if it is from a newer format or not a valid run record
   */
  static RunRecord fromBytes(String key, byte[] bytes) {
    try {
      Map<?, ?> root = object(Json.parse(new String(bytes, StandardCharsets.UTF_8)), "record");
      long format = number(root, "format_version");
      if (format > FORMAT_VERSION) {
        throw new CommitLogException(
            CommitLogException.Reason.UNSUPPORTED_FORMAT,
            "cleanup run record "
                + key
                + " has format version "
                + format
                + ", newer than this build reads ("
                + FORMAT_VERSION
                + "); upgrade omnigraph to open this graph");
      }
      Map<?, ?> p = object(root.get("policy"), "policy");
      OptionalInt keep =
          p.get("keep") == null
              ? OptionalInt.empty()
              : OptionalInt.of(Math.toIntExact(number(p, "keep")));
      Optional<Duration> olderThan =
          p.get("older_than") == null
              ? Optional.empty()
              : Optional.of(Duration.parse(string(p, "older_than")));
      RetentionPolicy policy =
          new RetentionPolicy(keep, olderThan, Duration.parse(string(p, "grace")));
      if (!(root.get("expired") instanceof List<?> items)) {
        throw new IllegalArgumentException("field 'expired' must be a list");
      }
      List<CommitRef> expired = new ArrayList<>();
      for (Object item : items) {
        Map<?, ?> e = object(item, "expired commit");
        expired.add(new CommitRef(string(e, "branch"), number(e, "seq"), string(e, "commit_id")));
      }
      RunRecord run =
          new RunRecord(
              string(root, "run_id"), Instant.parse(string(root, "started_at")), policy, expired);
      if (!run.key().equals(key)) {
        throw new IllegalArgumentException("its run id does not match its name");
      }
      return run;
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      throw new CommitLogException(
          CommitLogException.Reason.CORRUPT_RECORD,
          "cleanup run record " + key + " is not a valid run record: " + e.getMessage());
    }
  }

  private static Map<?, ?> object(Object value, String what) {
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(what + " must be a JSON object");
  }

  private static String string(Map<?, ?> m, String field) {
    if (m.get(field) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("field '" + field + "' must be a string");
  }

  private static long number(Map<?, ?> m, String field) {
    if (m.get(field) instanceof Long l) {
      return l;
    }
    throw new IllegalArgumentException("field '" + field + "' must be an integer");
  }
}

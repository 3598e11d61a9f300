package dev.omnigraph.engine.schema;

import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.schema.SchemaIr;
import dev.omnigraph.lang.source.CompileError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accepted schemas of one graph root, content-addressed: each is stored once, at {@code
 * schemas/<sha256 hex>.json}, by put-if-absent, and never changes. Because a schema's key is the
 * hash of its bytes, a reader verifies what it read, and a schema read once is cached for the life
 * of the store: steady-state writes read no schema file.
 */
public final class SchemaStore {
  /** The schema document format this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String PREFIX = "schemas/";
  private static final String HASH_PREFIX = "sha256:";

  private final ObjectStore store;
  private final Map<String, AcceptedSchema> cache = new ConcurrentHashMap<>();

  public SchemaStore(ObjectStore store) {
    this.store = store;
  }

  /** The key of the schema with hash {@code hash} ({@code sha256:<hex>}). */
  public static String key(String hash) {
    if (!hash.startsWith(HASH_PREFIX)
        || !hash.substring(HASH_PREFIX.length()).matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a schema hash: " + hash);
    }
    return PREFIX + hash.substring(HASH_PREFIX.length()) + ".json";
  }

  /**
   * Stores {@code source} with its accepted {@code ir} (if not stored already) and returns it with
   * its hash; storing the same schema twice is harmless and returns the same hash.
   */
  public AcceptedSchema put(String source, SchemaIr ir) {
    byte[] bytes = document(source, ir);
    String hash = hash(bytes);
    AcceptedSchema accepted = new AcceptedSchema(hash, source, ir);
    // Losing the put means the identical document is already there: content addressing.
    store.putIfAbsent(key(hash), bytes);
    cache.put(hash, accepted);
    return accepted;
  }

  /**
   * The schema stored under {@code hash}.
   *
   * @throws SchemaStoreException if it is missing, does not match its hash, or is not a valid
   *     schema document
   */
  public AcceptedSchema get(String hash) {
    AcceptedSchema cached = cache.get(hash);
    if (cached != null) {
      return cached;
    }
    String key = key(hash);
    byte[] bytes =
        store
            .read(key)
            .orElseThrow(() ->
                new SchemaStoreException(
                    "schema " + hash + " is missing from " + store.location() + " (" + key + ")"));
    if (!hash(bytes).equals(hash)) {
      throw new SchemaStoreException(
          "schema " + key + " in " + store.location() + " does not match its hash; it was altered");
    }
    AcceptedSchema accepted = parse(hash, key, bytes);
    cache.put(hash, accepted);
    return accepted;
  }

  static byte[] document(String source, SchemaIr ir) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format_version", FORMAT_VERSION);
    doc.put("source", source);
    doc.put("ir", ir.toJsonTree());
    return Json.write(doc).getBytes(StandardCharsets.UTF_8);
  }

  static String hash(byte[] bytes) {
    try {
      return HASH_PREFIX
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static AcceptedSchema parse(String hash, String key, byte[] bytes) {
    try {
      if (!(Json.parse(new String(bytes, StandardCharsets.UTF_8)) instanceof Map<?, ?> doc)
          || !doc.keySet().equals(java.util.Set.of("format_version", "source", "ir"))) {
        throw new SchemaStoreException("schema " + key + " is not a schema document");
      }
      if (!(doc.get("format_version") instanceof Long format) || format != FORMAT_VERSION) {
        throw new SchemaStoreException(
            "schema "
                + key
                + " has format version "
                + doc.get("format_version")
                + "; this build reads "
                + FORMAT_VERSION
                + " (upgrade omnigraph if it is newer)");
      }
      if (!(doc.get("source") instanceof String source)) {
        throw new SchemaStoreException("schema " + key + " has no source text");
      }
      SchemaIr ir = SchemaIr.fromJson(Json.write(doc.get("ir")));
      return new AcceptedSchema(hash, source, ir);
    } catch (IllegalArgumentException | CompileError e) {
      throw new SchemaStoreException("schema " + key + " is not valid: " + e.getMessage());
    }
  }
}

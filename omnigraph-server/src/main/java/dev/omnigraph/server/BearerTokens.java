package dev.omnigraph.server;

import dev.omnigraph.api.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The static bearer tokens the server accepts, each bound to one actor id. Tokens are kept only as
 * SHA-256 hashes; a presented token is compared with every stored hash in constant time, so neither
 * a match's position nor a near miss shows in the timing.
 */
final class BearerTokens {
  static final String TOKEN_ENV = "OMNIGRAPH_SERVER_BEARER_TOKEN";
  static final String TOKENS_FILE_ENV = "OMNIGRAPH_SERVER_BEARER_TOKENS_FILE";
  static final String TOKENS_JSON_ENV = "OMNIGRAPH_SERVER_BEARER_TOKENS_JSON";
  static final String TOKENS_AWS_SECRET_ENV = "OMNIGRAPH_SERVER_BEARER_TOKENS_AWS_SECRET";

  /** The actor of the single-token variable. */
  static final String DEFAULT_ACTOR = "default";

  // A class, not a record: a record's equals would compare the hash arrays by identity.
  private static final class Entry {
    private final String actor;
    private final byte[] hash;

    Entry(String actor, byte[] hash) {
      this.actor = actor;
      this.hash = hash.clone();
    }

    String actor() {
      return actor;
    }

    boolean matches(byte[] presented) {
      return MessageDigest.isEqual(hash, presented);
    }
  }

  private final List<Entry> entries;

  private BearerTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * The tokens configured in {@code env}: {@value #TOKEN_ENV} (actor {@value #DEFAULT_ACTOR}) plus
   * the {@code {actor: token}} JSON object of {@value #TOKENS_FILE_ENV} or, without a file, of
   * {@value #TOKENS_JSON_ENV}. Actors and tokens are trimmed; blank or duplicated ones are refused.
   */
  static BearerTokens fromEnvironment(Map<String, String> env) {
    if (!blank(env.get(TOKENS_AWS_SECRET_ENV))) {
      throw new ServerBootException(
          TOKENS_AWS_SECRET_ENV
              + " is set, but this build cannot read AWS Secrets Manager; put the {actor: token}"
              + " JSON in a file named by "
              + TOKENS_FILE_ENV
              + " (or in "
              + TOKENS_JSON_ENV
              + ") and unset "
              + TOKENS_AWS_SECRET_ENV);
    }
    TreeMap<String, String> byActor = new TreeMap<>();
    String single = env.get(TOKEN_ENV);
    if (single != null) {
      add(byActor, DEFAULT_ACTOR, single, TOKEN_ENV);
    }
    String file = env.get(TOKENS_FILE_ENV);
    if (!blank(file)) {
      String text;
      try {
        text = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ServerBootException(
            "cannot read the bearer tokens file "
                + file.strip()
                + " ("
                + TOKENS_FILE_ENV
                + "): "
                + e,
            e);
      }
      addAll(byActor, text, TOKENS_FILE_ENV + " (" + file.strip() + ")");
    } else if (!blank(env.get(TOKENS_JSON_ENV))) {
      addAll(byActor, env.get(TOKENS_JSON_ENV), TOKENS_JSON_ENV);
    }
    Set<String> seen = new HashSet<>();
    List<Entry> entries = new ArrayList<>();
    byActor.forEach((actor, token) -> {
      if (!seen.add(token)) {
        throw new ServerBootException(
            "two actors share one bearer token (one of them is '"
                + actor
                + "'); give every actor its own token");
      }
      entries.add(new Entry(actor, sha256(token)));
    });
    return new BearerTokens(entries);
  }

  /** Tokens given directly, for tests and embedding: actor id to token. */
  static BearerTokens of(Map<String, String> tokensByActor) {
    TreeMap<String, String> byActor = new TreeMap<>();
    tokensByActor.forEach((a, t) -> add(byActor, a, t, "the token map"));
    List<Entry> entries = new ArrayList<>();
    byActor.forEach((a, t) -> entries.add(new Entry(a, sha256(t))));
    return new BearerTokens(entries);
  }

  private static void addAll(Map<String, String> byActor, String json, String source) {
    JsonNode tree;
    try {
      tree = WireJson.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new ServerBootException(
          source
              + " is not valid JSON; it must be an object {\"actor\": \"token\"}: "
              + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new ServerBootException(
          source + " must be a JSON object {\"actor\": \"token\"}, one entry per actor");
    }
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      if (!e.getValue().isString()) {
        throw new ServerBootException(
            source + ": the token of actor '" + e.getKey() + "' must be a JSON string");
      }
      add(byActor, e.getKey(), e.getValue().asString(), source);
    }
  }

  private static void add(Map<String, String> byActor, String actor, String token, String src) {
    String a = actor.strip();
    String t = token.strip();
    if (a.isEmpty()) {
      throw new ServerBootException(src + ": an actor id is blank; name every actor");
    }
    if (t.isEmpty()) {
      throw new ServerBootException(src + ": the token of actor '" + a + "' is blank");
    }
    if (byActor.putIfAbsent(a, t) != null) {
      throw new ServerBootException(
          src + ": actor '" + a + "' has more than one token; keep one per actor");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }

  /**
   * The actor whose token is {@code presented}. Every stored hash is compared, without an early
   * exit, so the time taken does not depend on which entry (if any) matched.
   */
  Optional<String> actorFor(String presented) {
    byte[] hash = sha256(presented);
    String found = null;
    for (Entry e : entries) {
      if (e.matches(hash) && found == null) {
        found = e.actor();
      }
    }
    return Optional.ofNullable(found);
  }
}

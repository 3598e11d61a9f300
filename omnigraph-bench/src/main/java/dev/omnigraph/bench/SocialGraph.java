package dev.omnigraph.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The generated graph of the load and read benchmarks: {@code users} users keyed by name, and
 * exactly two follows edges per user on average, with no self-loops and no parallel edges. User
 * {@code i} follows {@code i % 5} others (so one user in five follows nobody, which the anti-join
 * finds), chosen with a skew towards low numbers (so a few users have many followers, which the
 * top-20 aggregation ranks). Every value is a function of the seed and the user number alone, so
 * the engine's JSONL input and the raw baseline's Arrow batches hold the same rows, generated in
 * constant memory.
 */
record SocialGraph(int users) {
  /** The schema given to {@code Omnigraph.init}. */
  static final String SCHEMA =
      """
      node User { name: String @key  age: I32  city: String }
      edge Follows: User -> User
      """;

  /** The node type. */
  static final String USER = "User";

  /** The edge type. */
  static final String FOLLOWS = "Follows";

  /** The age the traversal filters keep users above. */
  static final int AGE_ABOVE = 60;

  /** The queries of the read benchmark, one per workload, each with its parameters. */
  static final String QUERIES =
      """
      query user_by_key($name: String) {
        match { $u: User { name: $name } }
        return { $u.name, $u.age, $u.city }
      }

      query follows_older($name: String, $age: I32) {
        match {
          $u: User { name: $name }
          $u follows $f
          $f.age > $age
        }
        return { $f.name }
      }

      query follows_of_follows_older($name: String, $age: I32) {
        match {
          $u: User { name: $name }
          $u follows $m
          $m follows $f
          $f.age > $age
        }
        return { $f.name }
      }

      query follows_nobody() {
        match {
          $u: User
          not { $u follows $_ }
        }
        return { count($u) as users }
      }

      query most_followed() {
        match {
          $u: User
          $u follows $f
        }
        return { $f.name, count($u) as followers }
        order { followers desc }
        limit 20
      }
      """;

  private static final long SEED = 0x5EED_0F_6A4BL;
  private static final String[] CITIES = {
    "Lisbon", "Oslo", "Quito", "Hanoi", "Accra", "Lima", "Perth", "Turin", "Dakar", "Osaka"
  };

  SocialGraph {
    if (users < 2) {
      throw new IllegalArgumentException("a social graph needs at least 2 users, got " + users);
    }
  }

  /** The number of follows edges: two per user, on average. */
  long edges() {
    long full = users / 5;
    long edges = full * 10;
    for (int rest = (int) (full * 5); rest < users; rest++) {
      edges += rest % 5;
    }
    return edges;
  }

  /** Users and edges together. */
  long entities() {
    return users + edges();
  }

  /** The key (name, and so id) of user {@code i}. */
  static String name(int i) {
    return "u" + i;
  }

  /** The age of user {@code i}: 18 to 79. */
  static int age(int i) {
    return 18 + (int) (mix(i) % 62);
  }

  /** The city of user {@code i}. */
  static String city(int i) {
    return CITIES[(int) ((mix(i) >>> 20) % CITIES.length)];
  }

  /** The users user {@code i} follows, in generation order: distinct, never {@code i} itself. */
  int[] follows(int i) {
    int count = Math.min(i % 5, users - 1);
    int[] targets = new int[count];
    SplittableRandom random = new SplittableRandom(SEED ^ ((long) i * 0x9E3779B97F4A7C15L));
    int found = 0;
    while (found < count) {
      double u = random.nextDouble();
      int target = (int) (users * u * u * u);
      if (target != i && !contains(targets, found, target)) {
        targets[found++] = target;
      }
    }
    return targets;
  }

  /** A user number for round {@code round} of a read benchmark: spread over all users. */
  int sampleUser(int round) {
    return (int) ((round * 7_919L + users / 3) % users);
  }

  /**
   * Writes the graph as strict graph-batch JSONL (users, then edges), the input of {@code
   * Omnigraph.load}.
   */
  void writeJsonl(Writer out) {
    try {
      for (int i = 0; i < users; i++) {
        out.write(
            String.format(
                Locale.ROOT,
                "{\"type\":\"User\",\"data\":{\"name\":\"%s\",\"age\":%d,\"city\":\"%s\"}}\n",
                name(i),
                age(i),
                city(i)));
      }
      for (int i = 0; i < users; i++) {
        for (int target : follows(i)) {
          out.write("{\"edge\":\"Follows\",\"from\":\"");
          out.write(name(i));
          out.write("\",\"to\":\"");
          out.write(name(target));
          out.write("\"}\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the generated graph", e);
    }
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int k = 0; k < length; k++) {
      if (values[k] == value) {
        return true;
      }
    }
    return false;
  }

  private static long mix(int i) {
    long z = (i + SEED) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) >>> 1;
  }
}

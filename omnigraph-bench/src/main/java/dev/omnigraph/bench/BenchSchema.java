package dev.omnigraph.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph every benchmark writes: four node types of one shape ({@code id}, {@code name}, {@code
 * age}), the shape of the raw Lance baseline table, so that concurrent writers can each own a
 * table, and one edge type between people.
 */
final class BenchSchema {
  /** The schema source given to {@code Omnigraph.init}. */
  static final String SOURCE =
      """
      node Person { name: String  age: I32? }
      node Company { name: String  age: I32? }
      node City { name: String  age: I32? }
      node Product { name: String  age: I32? }
      edge Knows: Person -> Person
      """;

  /** The node type of single-table writes. */
  static final String PERSON = "Person";

  /** The second node type of the three-table write. */
  static final String COMPANY = "Company";

  /** The edge type of the three-table write. */
  static final String KNOWS = "Knows";

  /** One node type per concurrent writer, for writers on disjoint tables. */
  static final List<String> WRITER_TYPES = List.of("Person", "Company", "City", "Product");

  private BenchSchema() {}

  /** A node row with a fresh-looking name and a non-null age, as a plain Java map. */
  static Map<String, Object> node(String id) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", "name-" + id);
    row.put("age", 30);
    return row;
  }

  /** An edge row from {@code src} to {@code dst}. */
  static Map<String, Object> edge(String id, String src, String dst) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("src", src);
    row.put("dst", dst);
    return row;
  }
}

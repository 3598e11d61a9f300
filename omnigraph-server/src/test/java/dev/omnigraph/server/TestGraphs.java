package dev.omnigraph.server;

import dev.omnigraph.engine.Omnigraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream test fixture graph (4 persons, 2 companies, 3 Knows, 2 WorksAt on main, and a {@code
 * feature} branch), created on local disk for server tests.
 */
final class TestGraphs {
  private TestGraphs() {}

  static String schema() {
    try (InputStream in = TestGraphs.class.getResourceAsStream("/fixtures/test.pg")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code /fixtures/<name>} as text. */
  static String resource(String name) {
    try (InputStream in = TestGraphs.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the fixture graph at {@code root} and returns its uri. */
  static String create(Path root) {
    return create(root, true);
  }

  /**
   * Creates the fixture graph at {@code root}, with the {@code feature} branch only if {@code
   * withFeature} (schema apply needs a graph with only main), and returns its uri.
   */
  static String create(Path root, boolean withFeature) {
    try (Omnigraph g = Omnigraph.init(root, schema())) {
      g.append(
          "main",
          Map.of(
              "Person",
              List.of(
                  person("Alice", 30),
                  person("Bob", 25),
                  person("Charlie", 35),
                  person("Diana", 28)),
              "Company",
              List.of(company("Acme"), company("Globex")),
              "Knows",
              List.of(
                  edge("k1", "Alice", "Bob", LocalDate.of(2020, 1, 1)),
                  edge("k2", "Alice", "Charlie", null),
                  edge("k3", "Bob", "Diana", null)),
              "WorksAt",
              List.of(edge("w1", "Alice", "Acme", null), edge("w2", "Bob", "Globex", null))));
      if (withFeature) {
        g.createBranch("feature", "main");
      }
    }
    return root.toString();
  }

  private static Map<String, Object> person(String name, Integer age) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", name);
    row.put("name", name);
    row.put("age", age);
    return row;
  }

  private static Map<String, Object> company(String name) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", name);
    row.put("name", name);
    return row;
  }

  private static Map<String, Object> edge(String id, String from, String to, LocalDate since) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("src", from);
    row.put("dst", to);
    if (since != null) {
      row.put("since", since);
    }
    return row;
  }
}

package dev.omnigraph.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.OmnigraphException;
import dev.omnigraph.lang.query.ResultField;
import dev.omnigraph.lang.schema.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The read conformance cases of the query-language spec (§9.1–§9.8), from {@code
 * exec/conformance.txt}, run end to end through {@link Omnigraph#query}. Each fixture graph is
 * built once and shared by its cases, which only read.
 */
class ReadConformanceTest {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @TempDir static Path roots;

  private static final Map<String, Omnigraph> GRAPHS = new HashMap<>();
  private static final Map<String, Block> FIXTURES = new LinkedHashMap<>();

  /** One block of the case file: its header words and its entries (repeatable keys keep order). */
  record Block(String kind, String name, String title, List<Map.Entry<String, String>> entries) {
    String get(String key) {
      return entries.stream()
          .filter(e -> e.getKey().equals(key))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    List<String> all(String key) {
      return entries.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).toList();
    }

    @Override
    public String toString() {
      return name + " " + title;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Block b : parse(TestGraphs.resource("conformance.txt"))) {
      if (b.kind().equals("fixture")) {
        FIXTURES.put(b.name(), b);
      } else {
        out.add(Arguments.of(b));
      }
    }
    return out.stream();
  }

  @AfterAll
  static void closeGraphs() {
    GRAPHS.values().forEach(Omnigraph::close);
    GRAPHS.clear();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conforms(Block c) {
    Omnigraph graph = graph(c.get("graph"));
    String query = c.get("query");
    String source = query;
    String name = null;
    if (query.startsWith("@")) {
      int space = query.indexOf(' ');
      source = TestGraphs.resource(query.substring(1, space));
      name = query.substring(space + 1).strip();
    }
    Map<?, ?> params = c.get("params") == null ? null : (Map<?, ?>) Json.parse(c.get("params"));
    @SuppressWarnings("unchecked") // Json.parse gives a map with String keys for an object
    Map<String, ?> typed = (Map<String, ?>) params;
    String error = c.get("error");
    if (error != null) {
      String queryName = name;
      String querySource = source;
      int colon = error.indexOf(": ");
      assertThatThrownBy(() -> graph.query("main", querySource, queryName, typed))
          .isInstanceOf(OmnigraphException.class)
          .hasMessageContaining(error.substring(colon + 2))
          .cause()
          .isInstanceOfSatisfying(
              QueryExecutionException.class,
              e -> assertThat(e.reason().name()).isEqualTo(error.substring(0, colon)));
      return;
    }
    QueryResult result = graph.query("main", source, name, typed);
    if (c.get("columns") != null) {
      assertThat(result.columns()).isEqualTo(Json.parse(c.get("columns")));
    }
    if (c.get("types") != null) {
      assertThat(result.schema().fields().stream().map(ResultField::type).map(t -> t.displayName()))
          .containsExactlyElementsOf(strings(c.get("types")));
    }
    if (c.get("java") != null) {
      List<String> classes = strings(c.get("java"));
      for (List<Object> row : result.rows()) {
        for (int i = 0; i < row.size(); i++) {
          if (row.get(i) != null) {
            assertThat(row.get(i).getClass().getSimpleName())
                .as("Java class of column %s", result.columns().get(i))
                .isEqualTo(classes.get(i));
          }
        }
      }
    }
    List<String> actual = result.rows().stream().map(r -> Json.write(json(r))).toList();
    if (c.get("ordered") != null) {
      assertThat(actual).containsExactlyElementsOf(expected(c.get("ordered")));
    } else {
      assertThat(actual).containsExactlyInAnyOrderElementsOf(expected(c.get("sorted")));
    }
  }

  private static List<String> strings(String json) {
    return ((List<?>) Json.parse(json)).stream().map(String.class::cast).toList();
  }

  private static List<String> expected(String json) {
    return ((List<?>) Json.parse(json)).stream().map(Json::write).toList();
  }

  /** A result value as its row JSON (spec §7.1). */
  private static Object json(Object value) {
    return switch (value) {
      case null -> null;
      case Integer i -> i.longValue();
      case Float f -> f.doubleValue();
      case LocalDate d -> d.toString();
      case Instant t -> DATE_TIME.format(t);
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(json(v)));
        yield out;
      }
      default -> value;
    };
  }

  private static synchronized Omnigraph graph(String fixture) {
    Omnigraph existing = GRAPHS.get(fixture);
    if (existing != null) {
      return existing;
    }
    Omnigraph graph = TestGraphs.build(roots.resolve(fixture), schema(fixture), commits(fixture));
    GRAPHS.put(fixture, graph);
    return graph;
  }

  private static Block fixture(String name) {
    Block b = FIXTURES.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    return b;
  }

  private static String schema(String fixture) {
    Block b = fixture(fixture);
    if (b.get("extends") != null) {
      return schema(b.get("extends"));
    }
    return text(b.get("schema"));
  }

  private static List<String> commits(String fixture) {
    Block b = fixture(fixture);
    List<String> out = new ArrayList<>();
    if (b.get("extends") != null) {
      out.addAll(commits(b.get("extends")));
    }
    b.all("data").forEach(d -> out.add(text(d)));
    return out;
  }

  private static String text(String value) {
    return value.startsWith("@") ? TestGraphs.resource(value.substring(1)) : value;
  }

  /** The blocks of the case file (format in its header). */
  static List<Block> parse(String text) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = text.lines().toList();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        i++;
        continue;
      }
      String[] head = line.split(" ", 3); // limit 3: kind, name, and the rest as the title
      List<Map.Entry<String, String>> entries = new ArrayList<>();
      i++;
      while (i < lines.size()
          && lines.get(i).startsWith("  ")
          && !lines.get(i).startsWith("    ")) {
        String entry = lines.get(i).substring(2);
        int colon = entry.indexOf(':');
        String key = entry.substring(0, colon);
        String value = entry.substring(colon + 1).strip();
        i++;
        if (value.isEmpty()) {
          StringBuilder multi = new StringBuilder();
          while (i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank())) {
            multi.append(lines.get(i).length() >= 4 ? lines.get(i).substring(4) : "").append('\n');
            i++;
          }
          value = multi.toString().strip() + "\n";
        }
        entries.add(Map.entry(key, value));
      }
      blocks.add(new Block(head[0], head[1], head.length > 2 ? head[2] : "", entries));
    }
    return blocks;
  }
}

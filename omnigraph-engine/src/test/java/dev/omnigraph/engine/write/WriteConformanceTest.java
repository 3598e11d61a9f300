package dev.omnigraph.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.OmnigraphException;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.source.CompileError;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The write conformance cases (query-language spec §9.9–§9.11, §9.13) from {@code
 * write/conformance.txt}, run end to end through the facade: {@link Omnigraph#mutate}, {@link
 * Omnigraph#load} and {@link Omnigraph#export}. Each fixture graph is built once; each case writes
 * on its own branch of it.
 */
class WriteConformanceTest {
  private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

  @TempDir static Path roots;

  private static final Map<String, Omnigraph> GRAPHS = new HashMap<>();
  private static final Map<String, WriteCases.Block> FIXTURES = new LinkedHashMap<>();

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (WriteCases.Block b : WriteCases.parse(WriteCases.resource("conformance.txt"))) {
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

  private static Omnigraph graph(String fixture) {
    return GRAPHS.computeIfAbsent(
        fixture,
        name -> {
          WriteCases.Block f = FIXTURES.get(name);
          assertThat(f).as("fixture %s", name).isNotNull();
          Omnigraph g = Omnigraph.init(roots.resolve(name), WriteCases.text(f.get("schema")));
          if (f.get("load") != null) {
            g.load(
                "main", input(WriteCases.text(f.get("load"))), LoadOptions.of(LoadMode.OVERWRITE));
          }
          return g;
        });
  }

  private static ByteArrayInputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conforms(WriteCases.Block c) {
    String fixture = c.get("graph");
    Omnigraph g = graph(fixture);
    String branch = "case-" + c.name().toLowerCase(java.util.Locale.ROOT);
    long start = g.createBranch(branch, "main").seq();
    String queries =
        c.get("queries") != null
            ? c.get("queries")
            : FIXTURES.get(fixture).get("queries") == null
                ? ""
                : WriteCases.text(FIXTURES.get(fixture).get("queries"));
    Object last = null;
    long headBefore = start;
    for (Map.Entry<String, String> e : c.entries()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key.equals("graph") || key.equals("queries")) {
        continue;
      }
      if (key.equals("mutate") || key.startsWith("load ")) {
        headBefore = g.snapshot(branch).seq();
        try {
          if (key.equals("mutate")) {
            int space = value.indexOf(' ');
            String name = value.substring(0, space);
            Map<String, Object> params = jsonObject(Json.parse(value.substring(space + 1)));
            last = g.mutate(branch, queries, name, params, WriteOptions.defaults());
          } else {
            LoadMode mode = LoadMode.named(key.substring(5));
            last = g.load(branch, input(WriteCases.text(value)), LoadOptions.of(mode));
          }
        } catch (OmnigraphException | CompileError failure) {
          last = failure;
        }
        continue;
      }
      switch (key) {
        case "affected" -> {
          String[] n = value.split(" ", -1);
          MutationResult r = result(last, MutationResult.class);
          assertThat(new long[] {r.affectedNodes(), r.affectedEdges()})
              .as("affected nodes and edges")
              .containsExactly(Long.parseLong(n[0]), Long.parseLong(n[1]));
        }
        case "records" -> {
          LoadResult r = result(last, LoadResult.class);
          Map<String, Long> all = new java.util.TreeMap<>(r.nodesLoaded());
          all.putAll(r.edgesLoaded());
          Map<String, Long> expected = new java.util.TreeMap<>();
          ((Map<?, ?>) Json.parse(value))
              .forEach((k, v) -> expected.put((String) k, ((Number) v).longValue()));
          assertThat(all).isEqualTo(expected);
        }
        case "error" -> {
          int bar = value.indexOf(" | ");
          String code = value.substring(0, bar);
          String text = value.substring(bar + 3);
          if (!(last instanceof RuntimeException failure)) {
            throw new AssertionError("expected error " + value + " but the step gave " + last);
          }
          String actual = failure instanceof OmnigraphException o ? o.code() : "compile";
          assertThat(actual).as("error code of %s", failure.getMessage()).isEqualTo(code);
          assertThat(failure.getMessage()).contains(text);
          assertThat(g.snapshot(branch).seq())
              .as("a failed step commits nothing")
              .isEqualTo(headBefore);
        }
        case "commits" ->
            assertThat(g.snapshot(branch).seq() - start)
                .as("commits of the case")
                .isEqualTo(Long.parseLong(value));
        case "count" -> {
          String[] parts = value.split(" ", -1);
          long n =
              export(g, branch).stream()
                  .filter(m -> parts[0].equals(m.get("type")) || parts[0].equals(m.get("edge")))
                  .count();
          assertThat(n).as("export lines of %s", parts[0]).isEqualTo(Long.parseLong(parts[1]));
        }
        case "has" ->
            assertThat(export(g, branch)).contains((Map<?, ?>) normalize(Json.parse(value)));
        case "lacks-text" ->
            assertThat(exportText(g, branch).lines()).noneMatch(l -> l.contains(value));
        case "state" -> {
          List<Map<?, ?>> expected = new ArrayList<>();
          WriteCases.text(value)
              .lines()
              .filter(l -> !l.isBlank())
              .forEach(l -> expected.add((Map<?, ?>) normalize(Json.parse(l))));
          assertThat(export(g, branch)).containsExactlyInAnyOrderElementsOf(expected);
        }
        default -> fail("unknown case key '" + key + "' in " + c);
      }
    }
  }

  @SuppressWarnings("unchecked") // JSON objects from Json.parse are String-keyed maps
  static Map<String, Object> jsonObject(Object json) {
    return (Map<String, Object>) json;
  }

  private static <T> T result(Object last, Class<T> type) {
    if (last instanceof RuntimeException failure) {
      throw new AssertionError("the step failed: " + failure.getMessage(), failure);
    }
    return type.cast(last);
  }

  private static String exportText(Omnigraph g, String branch) {
    StringWriter out = new StringWriter();
    g.export(branch, out);
    return out.toString();
  }

  private static List<Map<?, ?>> export(Omnigraph g, String branch) {
    List<Map<?, ?>> lines = new ArrayList<>();
    exportText(g, branch).lines().forEach(l -> lines.add((Map<?, ?>) normalize(Json.parse(l))));
    return lines;
  }

  // Generated ids are unpredictable: an edge's ULID id compares as "*".
  @SuppressWarnings("unchecked") // JSON objects from Json.parse are String-keyed maps
  private static Object normalize(Object line) {
    Map<String, Object> m = (Map<String, Object>) line;
    if (m.containsKey("edge") && m.get("data") instanceof Map<?, ?> data) {
      Map<String, Object> d = new LinkedHashMap<>((Map<String, Object>) data);
      if (d.get("id") instanceof String id && ULID.matcher(id).matches()) {
        d.put("id", "*");
      }
      Map<String, Object> copy = new LinkedHashMap<>(m);
      copy.put("data", d);
      return copy;
    }
    return m;
  }
}

package dev.omnigraph.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.lang.query.CompiledQuery;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.query.QueryIr;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.source.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor against {@link NaiveReads} on random small graphs and random queries: traversal
 * shapes and hop bounds, both directions, edge bindings, negations, filters of every operator on
 * every column type (so both the storage pushdown and the in-memory path run, with quotes,
 * backslashes, wildcards, non-ASCII text, -0.0, NaN and fractions against integers), ordering with
 * limits, and aggregates. Each example is one graph with dangling edges, self-loops, parallel edges
 * and an id shared by a Person and a Company, queried many times.
 */
class ReadEquivalenceTest {
  private static final String SCHEMA =
      """
      node Person { name: String @key  age: I32?  score: F64?  nick: String?  big: I64? }
      node Company { name: String @key }
      edge Knows: Person -> Person { weight: I32? }
      edge WorksAt: Person -> Company
      """;

  private static final Object[] AGES = {null, 0, 7, 18, 30, 30, 41, Integer.MAX_VALUE, -3};
  private static final Object[] SCORES = {
    null, 0.0, -0.0, 0.5, 2.5, 1e-5, -7.25, 1e300, Double.NaN, 3.0, Double.NEGATIVE_INFINITY
  };
  private static final Object[] NICKS = {
    null,
    "",
    "a",
    "ab",
    "b",
    "O'Brien",
    "back\\slash",
    "50%",
    "under_score",
    "Ünï",
    "a\"q",
    "tab\tx",
    "😀x",
    "ｚ",
    "a'b'c",
    "%_"
  };
  private static final Object[] BIGS = {null, 0L, 1L << 53, (1L << 53) + 1, Long.MAX_VALUE, -5L};

  private static final int GRAPHS = 20;
  private static final int QUERIES_PER_GRAPH = 25;

  @TempDir Path roots;

  @Test
  void executorAgreesWithTheNaiveReading() {
    AtomicInteger graphs = new AtomicInteger();
    AtomicInteger nonEmpty = new AtomicInteger();
    qt().withFixedSeed(0x0E6E_C0DEL)
        .withExamples(GRAPHS)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          Catalog catalog = TestGraphs.catalog(SCHEMA);
          NaiveReads.Graph data = randomGraph(r, catalog);
          try (Omnigraph graph =
              Omnigraph.init(roots.resolve("g" + graphs.incrementAndGet()), SCHEMA)) {
            Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>(data.nodes());
            rows.putAll(data.edges());
            graph.append("main", rows);
            for (int i = 0; i < QUERIES_PER_GRAPH; i++) {
              RandomQuery q = randomQuery(r);
              if (compareOne(graph, catalog, data, q)) {
                nonEmpty.incrementAndGet();
              }
            }
          }
        });
    // Many queries match something, so the comparison is rarely between two empty results.
    assertThat(nonEmpty.get()).isGreaterThan(GRAPHS * QUERIES_PER_GRAPH / 3);
  }

  /** Runs one query both ways; whether it returned rows. */
  private static boolean compareOne(
      Omnigraph graph, Catalog catalog, NaiveReads.Graph data, RandomQuery q) {
    CompiledQuery.Read read =
        (CompiledQuery.Read)
            QueryCompiler.compile(SourceText.of("q.gq", q.text()), catalog, Optional.empty());
    QueryIr ir = read.ir();
    Map<String, Object> javaParams = new HashMap<>();
    q.params()
        .forEach((name, json) -> javaParams.put(name, javaParam(ir.params().get(name), json)));
    List<List<Object>> expected = NaiveReads.run(data, ir, javaParams);
    QueryResult actual = graph.query("main", q.text(), null, q.params());
    List<String> got = actual.rows().stream().map(ReadEquivalenceTest::show).toList();
    List<String> want = expected.stream().map(ReadEquivalenceTest::show).toList();
    String context =
        q.text() + "\nparams " + q.params() + "\ngraph " + data.nodes() + " " + data.edges();
    if (q.ordered()) {
      assertThat(got).as(context).containsExactlyElementsOf(want);
    } else {
      assertThat(got).as(context).containsExactlyInAnyOrderElementsOf(want);
    }
    return !got.isEmpty();
  }

  private static Object javaParam(PropType type, Object json) {
    if (json == null) {
      return null;
    }
    return switch (type.scalar().toString()) {
      case "I32" -> ((Long) json).intValue();
      case "I64" -> json;
      case "F64" -> ((Number) json).doubleValue();
      default -> json;
    };
  }

  /** A value with its Java class, so an Integer never passes for a Long. */
  private static String show(List<Object> row) {
    List<String> out = new ArrayList<>();
    for (Object v : row) {
      out.add(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
    }
    return out.toString();
  }

  // ---- random graphs ----

  private static NaiveReads.Graph randomGraph(SplittableRandom r, Catalog catalog) {
    List<Map<String, Object>> people = new ArrayList<>();
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = new HashMap<>();
      p.put("id", "p" + i);
      p.put("name", "p" + i);
      p.put("age", pick(r, AGES));
      p.put("score", pick(r, SCORES));
      p.put("nick", pick(r, NICKS));
      p.put("big", pick(r, BIGS));
      people.add(p);
    }
    List<Map<String, Object>> companies = new ArrayList<>();
    int m = r.nextInt(4);
    for (int i = 0; i < m; i++) {
      // Sometimes a company shares a person's id: traversals must not alias them.
      String name = r.nextInt(4) == 0 ? "p" + r.nextInt(n) : "c" + i;
      if (companies.stream().noneMatch(c -> c.get("id").equals(name))) {
        companies.add(new HashMap<>(Map.of("id", name, "name", name)));
      }
    }
    List<Map<String, Object>> knows = new ArrayList<>();
    int k = r.nextInt(11);
    for (int i = 0; i < k; i++) {
      Map<String, Object> e = new HashMap<>();
      e.put("id", "k" + i);
      e.put("src", "p" + r.nextInt(n));
      e.put("dst", r.nextInt(12) == 0 ? "ghost" : "p" + r.nextInt(n));
      e.put("weight", pick(r, AGES));
      knows.add(e);
    }
    List<Map<String, Object>> worksAt = new ArrayList<>();
    int w = r.nextInt(6);
    for (int i = 0; i < w; i++) {
      Map<String, Object> e = new HashMap<>();
      e.put("id", "w" + i);
      e.put("src", "p" + r.nextInt(n));
      e.put(
          "dst",
          companies.isEmpty() || r.nextInt(8) == 0
              ? "nowhere"
              : companies.get(r.nextInt(companies.size())).get("id"));
      worksAt.add(e);
    }
    Map<String, List<Map<String, Object>>> nodes = new LinkedHashMap<>();
    nodes.put("Person", people);
    nodes.put("Company", companies);
    Map<String, List<Map<String, Object>>> edges = new LinkedHashMap<>();
    edges.put("Knows", knows);
    edges.put("WorksAt", worksAt);
    return new NaiveReads.Graph(catalog, nodes, edges);
  }

  private static Object pick(SplittableRandom r, Object[] pool) {
    return pool[r.nextInt(pool.length)];
  }

  // ---- random queries ----

  /** Query text, its JSON params, and whether its order is total (so row order is compared). */
  record RandomQuery(String text, Map<String, Object> params, boolean ordered) {}

  private static final class Builder {
    final SplittableRandom r;
    final List<String> declared = new ArrayList<>();
    final Map<String, Object> params = new LinkedHashMap<>();
    final List<String> clauses = new ArrayList<>();

    Builder(SplittableRandom r) {
      this.r = r;
    }

    /** A literal, or a parameter holding {@code json} (the only way to pass a negative number). */
    String value(String type, Object json, String literal) {
      if (literal != null && r.nextBoolean()) {
        return literal;
      }
      String name = "v" + declared.size();
      declared.add("$" + name + ": " + type);
      params.put(name, json);
      return "$" + name;
    }

    /** A random filter on Person variable {@code v}. */
    String personFilter(String v) {
      String[] ops = {"=", "!=", "<", "<=", ">", ">="};
      String op = ops[r.nextInt(ops.length)];
      return switch (r.nextInt(6)) {
        case 0 -> {
          Object age = pick(r, new Object[] {0L, 7L, 18L, 30L, 41L, -3L, 2147483647L, 9999999999L});
          long a = (Long) age;
          if (r.nextInt(4) == 0) {
            double d = a + 0.5;
            yield "$" + v + ".age " + op + " " + value("F64", d, floatLiteral(d));
          }
          String type = a > Integer.MAX_VALUE ? "I64" : (r.nextBoolean() ? "I32" : "I64");
          yield "$" + v + ".age " + op + " " + value(type, a, a >= 0 ? Long.toString(a) : null);
        }
        case 1 -> {
          double d = (Double) pick(r, new Object[] {0.0, 0.5, 2.5, 1e-5, -7.25, 3.0, 1e300, -0.0});
          yield "$" + v + ".score " + op + " " + value("F64", d, floatLiteral(d));
        }
        case 2 -> {
          long b = (Long) pick(r, new Object[] {0L, 1L << 53, (1L << 53) + 1, Long.MAX_VALUE, -5L});
          if (r.nextBoolean()) {
            double d = (double) b;
            yield "$" + v + ".big " + op + " " + value("F64", d, null);
          }
          yield "$" + v + ".big " + op + " " + value("I64", b, b >= 0 ? Long.toString(b) : null);
        }
        case 3 -> {
          String s = (String) pick(r, java.util.Arrays.copyOfRange(NICKS, 1, NICKS.length));
          String[] stringOps = {"=", "!=", "<", ">", "starts_with", "contains"};
          String sop = stringOps[r.nextInt(stringOps.length)];
          yield "$" + v + ".nick " + sop + " " + value("String", s, quote(s));
        }
        case 4 ->
            "$"
                + v
                + ".name "
                + (r.nextBoolean() ? "=" : "starts_with")
                + " "
                + value("String", "p" + r.nextInt(3), quote("p" + r.nextInt(3)));
        default -> "$" + v + ".nick " + op + " $" + v + ".name";
      };
    }
  }

  /** {@code d} as a query literal, or null when only a parameter can carry it (no sign, no E). */
  private static String floatLiteral(double d) {
    String text = Double.toString(d);
    return text.startsWith("-") || text.contains("E") ? null : text;
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static RandomQuery randomQuery(SplittableRandom r) {
    Builder b = new Builder(r);
    String root = "$p: Person";
    if (r.nextInt(4) == 0) {
      root += " { name: " + b.value("String", "p" + r.nextInt(4), quote("p" + r.nextInt(4))) + " }";
    }
    b.clauses.add(root);
    if (r.nextInt(3) == 0) {
      b.clauses.add(b.personFilter("p"));
    }
    boolean f = false;
    boolean w = false;
    boolean c = false;
    int lo = 1 + r.nextInt(2);
    int hi = lo + r.nextInt(3);
    switch (r.nextInt(8)) {
      case 0, 1 -> {
        b.clauses.add("$p knows{" + lo + "," + hi + "} $f");
        f = true;
      }
      case 2 -> {
        b.clauses.add("$p <knows>{" + lo + "," + hi + "} $f");
        f = true;
      }
      case 3 -> {
        b.clauses.add("$f knows $p");
        f = true;
      }
      case 4 -> {
        b.clauses.add(r.nextBoolean() ? "$p $w:knows $f" : "$p $w:<knows> $f");
        f = true;
        w = true;
      }
      case 5 -> {
        b.clauses.add("$p worksAt{1," + hi + "} $c");
        c = true;
      }
      case 6 -> {
        b.clauses.add("$c: Company");
        c = true;
      }
      default -> {}
    }
    if (f && r.nextInt(3) == 0) {
      b.clauses.add(b.personFilter("f"));
    }
    if (w && r.nextBoolean()) {
      b.clauses.add("$w.weight >= " + b.value("I32", 18L, "18"));
    }
    if (f && r.nextInt(6) == 0) {
      b.clauses.add("$f knows $p"); // closes a cycle
    }
    switch (r.nextInt(10)) {
      case 0 -> b.clauses.add("not { $p knows $x }");
      case 1 -> b.clauses.add("not { $x knows $p }");
      case 2 -> b.clauses.add("not { $p worksAt $_ }");
      case 3 -> b.clauses.add("not { $p <knows>{1,2} $x  " + b.personFilter("x") + " }");
      case 4 ->
          b.clauses.add("not { $p $e:knows $x  $e.weight > " + b.value("I32", 7L, "7") + " }");
      case 5 -> b.clauses.add("not { $p worksAt $k  $k: Company { name: \"c0\" } }");
      default -> {}
    }

    List<String> returns = new ArrayList<>(List.of("$p.name"));
    boolean aggregate = f && r.nextInt(5) == 0;
    if (aggregate) {
      returns.add("count($f) as n");
      returns.add("sum($f.age) as s");
      returns.add("avg($f.age) as a");
      returns.add("min($f.nick) as lo");
      returns.add("max($f.score) as hi");
    } else {
      if (f) {
        returns.add("$f.name");
        returns.add("$f.score");
      }
      if (w) {
        returns.add("$w.weight");
      }
      if (c) {
        returns.add("$c.name");
      }
      if (r.nextInt(4) == 0) {
        returns.add("$p.big");
        returns.add("$p");
      }
    }
    String order = "";
    boolean ordered = false;
    String limit = "";
    if (aggregate) {
      if (r.nextBoolean()) {
        order = "order { " + (r.nextBoolean() ? "n desc, " : "") + "$p.name asc }";
        ordered = true;
        if (r.nextBoolean()) {
          limit = "limit " + r.nextInt(4);
        }
      }
    } else if (r.nextBoolean()) {
      String[] keys = {"$p.age", "$p.score", "$p.nick", "$p.big", "$p.name"};
      List<String> chosen = new ArrayList<>();
      for (int i = 0; i < 1 + r.nextInt(2); i++) {
        chosen.add(keys[r.nextInt(keys.length)] + (r.nextBoolean() ? " desc" : " asc"));
      }
      if (f && r.nextBoolean()) {
        chosen.add("$f.nick desc");
      }
      order = "order { " + String.join(", ", chosen) + " }";
      ordered = true;
      if (r.nextBoolean()) {
        limit = "limit " + r.nextInt(6);
      }
    }
    String text =
        "query q("
            + String.join(", ", b.declared)
            + ") {\n  match {\n    "
            + String.join("\n    ", b.clauses)
            + "\n  }\n  return { "
            + String.join(", ", returns)
            + " }\n  "
            + order
            + "\n  "
            + limit
            + "\n}\n";
    return new RandomQuery(text, b.params, ordered);
  }
}

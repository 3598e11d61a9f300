package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.Position;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-driven conformance suite for the {@code .gq} parser (spec/query-language.md §1 and the parse
 * errors of §9.12 C138): every case of {@code /query/parse-cases.txt}, whose format is described at
 * the top of that file, plus the upstream fixture queries, whose full dumps are pinned in {@code
 * /query/golden/}.
 */
class QueryParserConformanceTest {
  private static final String CASES = "/query/parse-cases.txt";
  private static final Pattern HEADER = Pattern.compile("^=== (\\S+)(?: (.*))?$");
  private static final Pattern REJECT =
      Pattern.compile("^--- reject (\\w+) \"(.*)\"(?: span (\\d+):(\\d+))?$");
  private static final Pattern SKIP = Pattern.compile("^--- skip (.+)$");

  /** What a case expects. */
  sealed interface Outcome {}

  record Accept(String dump) implements Outcome {}

  record Reject(ErrorKind kind, String gist, Position position) implements Outcome {}

  record Case(
      String id, String title, int line, String source, Outcome outcome, String skipReason) {
    @Override
    public String toString() {
      return title.isEmpty() ? id : id + " " + title;
    }
  }

  static List<Case> cases() {
    return parseCases(resource(CASES));
  }

  static List<Case> parseCases(String text) {
    List<String> lines = text.lines().toList();
    List<Case> cases = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith("=== ")) {
      i++;
    }
    while (i < lines.size()) {
      int headerLine = i + 1;
      Matcher h = HEADER.matcher(lines.get(i));
      if (!h.matches()) {
        throw new IllegalStateException("line " + headerLine + ": bad case header");
      }
      String id = h.group(1);
      String title = h.group(2) == null ? "" : h.group(2).strip();
      i++;
      List<String> source = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).startsWith("---")) {
        if (lines.get(i).startsWith("=== ")) {
          throw new IllegalStateException("line " + (i + 1) + ": case " + id + " has no outcome");
        }
        source.add(lines.get(i));
        i++;
      }
      while (!source.isEmpty() && source.getLast().isBlank()) {
        source.removeLast();
      }
      Outcome outcome = null;
      String skip = null;
      List<String> expected = new ArrayList<>();
      boolean accepting = false;
      for (; i < lines.size() && !lines.get(i).startsWith("=== "); i++) {
        String line = lines.get(i);
        int lineNo = i + 1;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        Matcher reject = REJECT.matcher(line);
        Matcher skipped = SKIP.matcher(line);
        if (line.equals("--- accept")) {
          requireNoOutcome(outcome, id, lineNo);
          outcome = new Accept("");
          accepting = true;
        } else if (reject.matches()) {
          Matcher m = reject;
          requireNoOutcome(outcome, id, lineNo);
          Position at =
              m.group(3) == null
                  ? null
                  : new Position(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
          outcome =
              new Reject(ErrorKind.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2), at);
          accepting = false;
        } else if (skipped.matches()) {
          skip = skipped.group(1);
        } else if (accepting && !line.startsWith("---")) {
          expected.add(line);
        } else {
          throw new IllegalStateException("line " + lineNo + ": unexpected line in case " + id);
        }
      }
      if (outcome == null) {
        throw new IllegalStateException("case " + id + " has no --- accept or --- reject line");
      }
      if (outcome instanceof Accept) {
        outcome = new Accept(String.join("\n", expected));
      }
      cases.add(new Case(id, title, headerLine, String.join("\n", source), outcome, skip));
    }
    return cases;
  }

  private static void requireNoOutcome(Outcome outcome, String id, int lineNo) {
    if (outcome != null) {
      throw new IllegalStateException("line " + lineNo + ": case " + id + " has two outcomes");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conformance(Case c) {
    if (c.skipReason() != null) {
      Assumptions.abort("skipped: " + c.skipReason());
    }
    SourceText source = SourceText.of("case-" + c.id() + ".gq", c.source());
    switch (c.outcome()) {
      case Accept(String dump) -> {
        QueryFile file;
        try {
          file = QueryCompiler.parse(source);
        } catch (CompileError e) {
          throw new AssertionError(
              "case " + c + " (line " + c.line() + ") was rejected:\n" + e.render(), e);
        }
        assertThat(QueryDump.dump(file)).as("AST dump of case %s", c).isEqualTo(dump);
      }
      case Reject(ErrorKind kind, String gist, Position position) -> {
        CompileError e =
            catchThrowableOfType(CompileError.class, () -> QueryCompiler.parse(source));
        assertThat(e).as("case %s must be rejected", c).isNotNull();
        assertThat(e.kind()).as("error kind of case %s: %s", c, e.getMessage()).isEqualTo(kind);
        assertThat(e.getMessage()).startsWith(kind.prefix());
        assertThat(e.detail()).as("detail of case %s", c).contains(gist);
        if (position != null) {
          assertThat(e.span()).as("span of case %s", c).isPresent();
          assertThat(e.position())
              .as("position of case %s: %s", c, e.getMessage())
              .contains(position);
        }
        if (e.span().isPresent()) {
          Position start = e.position().orElseThrow();
          String rendered = e.render();
          assertThat(rendered)
              .as("rendering of case %s", c)
              .startsWith("error: " + e.getMessage())
              .contains(source.line(start.line()).replace("\t", "    "))
              .contains(source.name() + ":" + start.line() + ":" + start.column())
              .contains("^");
        }
      }
    }
  }

  /**
   * The ids that must exist: one case per gotcha of §1.4 (ids {@code g<n>-...}), per parse error of
   * §9.12 C138 ({@code C138a}-{@code C138e}), and per absent feature of §1.5 ({@code n-...}).
   */
  @Test
  void caseFileIsWellFormedAndCoversTheSpec() {
    List<Case> all = cases();
    Set<String> ids = new HashSet<>();
    for (Case c : all) {
      assertThat(ids.add(c.id())).as("duplicate case id %s", c.id()).isTrue();
    }
    for (int n = 1; n <= 9; n++) {
      String prefix = "g" + n + "-";
      assertThat(ids).as("spec §1.4 gotcha %d", n).anyMatch(id -> id.startsWith(prefix));
    }
    assertThat(ids)
        .as("spec §9.12 C138 parse errors, §1.5 absent features")
        .contains(
            "C138a",
            "C138b",
            "C138c",
            "C138d",
            "C138e",
            "n-or",
            "n-and",
            "n-null-match-value",
            "n-negative-literal",
            "n-offset",
            "n-limit-param",
            "n-distinct",
            "n-optional",
            "n-group-by",
            "n-upsert",
            "n-arithmetic");
    List<String> rejectsWithoutSpan =
        all.stream()
            .filter(c -> c.outcome() instanceof Reject r && r.position() == null)
            .map(Case::id)
            .toList();
    assertThat(rejectsWithoutSpan).as("every rejection pins where it is reported").isEmpty();
  }

  @Test
  void formatParserReadsEveryDirective() {
    String text =
        """
        # header
        === a first
        query q() { match { $p: P } return { $p } }

        --- accept
        # comment
        query q
        === b second
        # not a comment: part of the source
        --- reject parse "say \\"x\\"" span 1:1
        --- skip because
        """;
    List<Case> parsed = parseCases(text);
    assertThat(parsed).hasSize(2);
    assertThat(parsed.get(0).source()).isEqualTo("query q() { match { $p: P } return { $p } }");
    assertThat(parsed.get(0).outcome()).isEqualTo(new Accept("query q"));
    assertThat(parsed.get(1).source()).isEqualTo("# not a comment: part of the source");
    assertThat(parsed.get(1).outcome())
        .isEqualTo(new Reject(ErrorKind.PARSE, "say \\\"x\\\"", new Position(1, 1)));
    assertThat(parsed.get(1).skipReason()).isEqualTo("because");
  }

  /** §1.4 gotcha 9: duplicate names parse, and lookup by name returns the first. */
  @Test
  void duplicateQueryNamesParseAndTheFirstWins() {
    QueryFile file =
        QueryCompiler.parse(
            """
            query same() { match { $p: Person } return { $p.name } }
            query same() { insert Person { name: "x" } }
            """);
    assertThat(file.queries()).hasSize(2);
    QueryDecl first = file.query("same").orElseThrow();
    assertThat(first).isSameAs(file.queries().getFirst());
    assertThat(first.isMutation()).isFalse();
    assertThat(file.query("other")).isEmpty();
  }

  // ---- upstream fixtures ----

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"test.gq", "search.gq"})
  void upstreamFixtureDumpsAsPinned(String name) {
    QueryFile file = QueryCompiler.parse(SourceText.of(name, resource("/query/fixtures/" + name)));
    String golden = resource("/query/golden/" + name + ".dump").stripTrailing();
    assertThat(QueryDump.dump(file)).as("dump of fixture %s", name).isEqualTo(golden);
  }

  @Test
  void upstreamFixturesDeclareTheirQueriesInOrder() {
    QueryFile test =
        QueryCompiler.parse(SourceText.of("test.gq", resource("/query/fixtures/test.gq")));
    assertThat(test.queries())
        .extracting(QueryDecl::name)
        .containsExactly(
            "get_person",
            "adults",
            "friends_of",
            "employees_of",
            "friends_of_friends",
            "unemployed",
            "friend_counts",
            "top_by_age",
            "total_people",
            "age_stats",
            "top_connected");
    assertThat(test.queries()).noneMatch(QueryDecl::isMutation);
    QueryFile search =
        QueryCompiler.parse(SourceText.of("search.gq", resource("/query/fixtures/search.gq")));
    assertThat(search.queries())
        .extracting(QueryDecl::name)
        .containsExactly(
            "text_search",
            "fuzzy_search",
            "phrase_search",
            "vector_search",
            "bm25_search",
            "hybrid_search",
            "rrf_two_fts",
            "rrf_two_vectors");
    assertThat(search.query("hybrid_search").orElseThrow().params())
        .extracting(QueryDump::param)
        .containsExactly("$vq: Vector(4)", "$tq: String");
  }

  static String resource(String path) {
    try (InputStream in = QueryParserConformanceTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

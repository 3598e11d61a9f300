package dev.omnigraph.lang.schema;

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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven conformance suite for parsing and validation (stages A to E of the spec): every case
 * of {@code /schema/parse-cases.txt}, whose format is described at the top of that file, plus the
 * upstream fixture schemas.
 */
class SchemaConformanceTest {
  private static final String CASES = "/schema/parse-cases.txt";
  private static final Pattern HEADER = Pattern.compile("^=== (\\S+)(?: (.*))?$");
  private static final Pattern REJECT =
      Pattern.compile("^--- reject (\\w+) \"(.*)\"(?: span (\\d+):(\\d+))?$");
  private static final Pattern MODE = Pattern.compile("^--- mode (admission|persisted)$");
  private static final Pattern SKIP = Pattern.compile("^--- skip (.+)$");

  /** What a case expects. */
  sealed interface Outcome {}

  record Accept(String dump) implements Outcome {}

  record Reject(ErrorKind kind, String gist, Position position) implements Outcome {}

  record Case(
      String id,
      String title,
      int line,
      String source,
      SchemaMode mode,
      Outcome outcome,
      String skipReason) {
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
      SchemaMode mode = SchemaMode.ADMISSION;
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
        Matcher modeLine = MODE.matcher(line);
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
        } else if (modeLine.matches()) {
          mode =
              modeLine.group(1).equals("persisted")
                  ? SchemaMode.PERSISTED_CONTRACT
                  : SchemaMode.ADMISSION;
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
      cases.add(new Case(id, title, headerLine, String.join("\n", source), mode, outcome, skip));
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
    SourceText source = SourceText.of("case-" + c.id() + ".pg", c.source());
    switch (c.outcome()) {
      case Accept(String dump) -> {
        SchemaFile file;
        try {
          file = SchemaCompiler.parse(source, c.mode());
        } catch (CompileError e) {
          throw new AssertionError(
              "case " + c + " (line " + c.line() + ") was rejected:\n" + e.render(), e);
        }
        assertThat(SchemaDump.dump(file)).as("AST dump of case %s", c).isEqualTo(dump);
      }
      case Reject(ErrorKind kind, String gist, Position position) -> {
        CompileError e =
            catchThrowableOfType(CompileError.class, () -> SchemaCompiler.parse(source, c.mode()));
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

  @Test
  void caseFileIsWellFormedAndCoversEverySpecCase() {
    List<Case> all = cases();
    Set<String> ids = new HashSet<>();
    for (Case c : all) {
      assertThat(ids.add(c.id())).as("duplicate case id %s", c.id()).isTrue();
    }
    Set<Integer> numbers = new TreeSet<>();
    for (Case c : all) {
      Matcher m = Pattern.compile("^(\\d+)").matcher(c.id());
      if (m.find()) {
        numbers.add(Integer.parseInt(m.group(1)));
      }
    }
    for (int n = 1; n <= 43; n++) {
      assertThat(numbers).as("spec §8.1 case %d", n).contains(n);
    }
  }

  @Test
  void formatParserReadsEveryDirective() {
    String text =
        """
        # header
        === a first
        node A {}

        --- accept
        # comment
        node A
        === b second
        # not a comment: part of the source
        --- mode persisted
        --- reject parse "say \\"x\\"" span 1:1
        --- skip because
        """;
    List<Case> parsed = parseCases(text);
    assertThat(parsed).hasSize(2);
    assertThat(parsed.get(0).source()).isEqualTo("node A {}");
    assertThat(parsed.get(0).outcome()).isEqualTo(new Accept("node A"));
    assertThat(parsed.get(0).mode()).isEqualTo(SchemaMode.ADMISSION);
    assertThat(parsed.get(1).source()).isEqualTo("# not a comment: part of the source");
    assertThat(parsed.get(1).mode()).isEqualTo(SchemaMode.PERSISTED_CONTRACT);
    assertThat(parsed.get(1).outcome())
        .isEqualTo(new Reject(ErrorKind.PARSE, "say \\\"x\\\"", new Position(1, 1)));
    assertThat(parsed.get(1).skipReason()).isEqualTo("because");
  }

  // ---- upstream fixtures ----

  private static SchemaFile fixture(String name) {
    String path = "/schema/fixtures/" + name;
    return SchemaCompiler.parse(SourceText.of(name, resource(path)));
  }

  @Test
  void testFixture() {
    SchemaFile f = fixture("test.pg");
    assertThat(f.nodes()).extracting(NodeDecl::name).containsExactly("Person", "Company");
    assertThat(f.edges()).extracting(EdgeDecl::name).containsExactly("Knows", "WorksAt");
    NodeDecl person = f.node("Person").orElseThrow();
    assertThat(person.property("age").orElseThrow().type().displayName()).isEqualTo("I32?");
    assertThat(person.constraints()).extracting(SchemaDump::constraint).containsExactly("key name");
    EdgeDecl worksAt = f.edge("WorksAt").orElseThrow();
    assertThat(worksAt.properties()).isEmpty();
    assertThat(worksAt.cardinality().isDefault()).isTrue();
    assertThat(f.edge("Knows").orElseThrow().property("since").orElseThrow().type().displayName())
        .isEqualTo("Date?");
  }

  @Test
  void searchFixture() {
    SchemaFile f = fixture("search.pg");
    assertThat(f.declarations()).hasSize(1);
    NodeDecl doc = f.node("Doc").orElseThrow();
    assertThat(doc.properties())
        .extracting(p -> p.name() + ": " + p.type().displayName())
        .containsExactly("slug: String", "title: String", "body: String", "embedding: Vector(4)");
    assertThat(doc.constraints())
        .extracting(SchemaDump::constraint)
        .containsExactly("key slug", "index title", "index body");
  }

  @Test
  void signalsFixture() {
    SchemaFile f = fixture("signals.pg");
    assertThat(f.nodes()).hasSize(4);
    assertThat(f.edges()).hasSize(6);
    assertThat(f.node("Tech").orElseThrow().property("tier").orElseThrow().type().enumValues())
        .containsExactly("declining", "emerging", "growth", "mature");
    assertThat(f.edge("FundedBy").orElseThrow().properties())
        .extracting(p -> p.name() + ": " + p.type().displayName())
        .containsExactly("amount: String?");
    for (NodeDecl n : f.nodes()) {
      assertThat(n.constraints()).extracting(SchemaDump::constraint).containsExactly("key slug");
    }
  }

  @Test
  void contextFixture() {
    SchemaFile f = fixture("context.pg");
    assertThat(f.nodes()).hasSize(5);
    assertThat(f.edges()).hasSize(10);
    assertThat(f.edge("Correlates").orElseThrow().constraints())
        .extracting(SchemaDump::constraint)
        .containsExactly("unique src, dst");
    assertThat(f.edge("OwnedBy").orElseThrow().cardinality().toString()).isEqualTo("1..1");
    assertThat(f.node("Actor").orElseThrow().constraints())
        .extracting(SchemaDump::constraint)
        .containsExactly("key slug", "unique email");
    assertThat(
            f.node("Decision").orElseThrow().property("status").orElseThrow().type().displayName())
        .isEqualTo("enum(accepted, proposed, rejected, superseded)");
  }

  private static String resource(String path) {
    try (InputStream in = SchemaConformanceTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

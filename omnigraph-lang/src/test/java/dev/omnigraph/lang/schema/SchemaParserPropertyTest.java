package dev.omnigraph.lang.schema;

import static dev.omnigraph.lang.source.ParserFuzzHarness.pick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.ParserFuzzHarness;
import dev.omnigraph.lang.source.ParserFuzzHarness.Outcome;
import dev.omnigraph.lang.source.SourceText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Robustness properties of {@link SchemaCompiler#parse(SourceText)}: on any input it returns a
 * {@link SchemaFile} or throws a {@link CompileError} whose span lies inside the source and whose
 * rendering names {@code file:line:col}; it never throws anything else and never hangs.
 *
 * <p>Every generator is driven by a {@link SplittableRandom} with a fixed seed, so a failure
 * reproduces exactly; the failure message names the seed, the iteration and the input.
 */
class SchemaParserPropertyTest {
  private static final String FIXTURE_DIR = "/schema/fixtures/";
  private static final List<String> FIXTURES =
      List.of("test.pg", "search.pg", "signals.pg", "context.pg");

  private static final String[] PUNCTUATION = {"->", "-", ",", "..", ".", "?", "=", "#"};

  /** Any kind: the schema compiler validates as it parses, so catalog errors count as clean too. */
  private static final ParserFuzzHarness<SchemaFile> FUZZ =
      new ParserFuzzHarness<>(
          "fuzz.pg",
          SchemaCompiler::parse,
          (label, file) -> {},
          EnumSet.allOf(ErrorKind.class),
          PUNCTUATION,
          SchemaParserPropertyTest::vocabularyToken);

  private static String fixture(String name) {
    return ParserFuzzHarness.resource(FIXTURE_DIR + name);
  }

  private static List<String> fixtures() {
    return ParserFuzzHarness.resources(FIXTURE_DIR, FIXTURES);
  }

  // ---------------------------------------------------------------------------------------------
  // Sanity: the fixtures parse
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"test.pg", "search.pg", "signals.pg", "context.pg"})
  void everyFixtureParses(String name) {
    SchemaFile file = SchemaCompiler.parse(SourceText.of(name, fixture(name)));
    assertThat(file.declarations()).isNotEmpty();
    assertThat(file.nodes()).isNotEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Generator 1: random text
  // ---------------------------------------------------------------------------------------------

  @Test
  void randomTextNeverCrashes() {
    FUZZ.checkGenerated(
        "randomText", new long[] {1L, 2L, 0x5eed_cafeL}, 3_000, r -> FUZZ.randomText(r, false));
  }

  /** Schema-shaped text with stray characters: exercises the error path inside declarations. */
  @Test
  void validPrefixFollowedByRandomTextNeverCrashes() {
    FUZZ.checkPrefixedRandomText(
        77L,
        3_000,
        "",
        "node A {",
        "node A { a: ",
        "edge E: A -> B ",
        "interface I { x: String ",
        "node A { a: String @",
        "node A { @range(a, ",
        "node A { a: enum(",
        "edge E: A -> B @card(",
        "node A @description(",
        "node A { a: String @embed(\"",
        "node A { @check(a, \"");
  }

  // ---------------------------------------------------------------------------------------------
  // Generator 2: grammar-aware token soup
  // ---------------------------------------------------------------------------------------------

  private static final String[] KEYWORDS_AND_SYMBOLS = {
    "interface",
    "node",
    "edge",
    "implements",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    "->",
    ",",
    "..",
    "?",
    "@",
    "@card",
    "@key",
    "@unique",
    "@index",
    "@range",
    "@check",
    "@embed",
    "@description",
    "@rename_from",
    "@instruction",
    "@custom",
    "enum",
    "Vector",
    "String",
    "Blob",
    "Bool",
    "I32",
    "I64",
    "U32",
    "U64",
    "F32",
    "F64",
    "Date",
    "DateTime",
    "true",
    "false",
    "=",
    "model",
    "-",
    "#",
    ".",
    "key",
    "unique",
    "index",
    "range",
    "check",
    "embed",
  };

  private static final String[] TYPE_NAMES = {
    "Person", "Company", "A", "B", "X1", "Foo_bar", "Node", "String", "Vector", "I", "Doc", "E",
  };

  private static final String[] IDENTS = {
    "name",
    "slug",
    "age",
    "a",
    "b",
    "_x",
    "id",
    "src",
    "dst",
    "_rowid",
    "_rowaddr",
    "node",
    "enum",
    "true",
    "title",
    "embedding",
    "key",
    "model",
    "x_1",
  };

  private static final String[] NUMBERS = {
    "0",
    "1",
    "2",
    "42",
    "007",
    "4294967295",
    "4294967296",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "-99999999999999999999",
    "1.5",
    "0.0",
    "3.14159",
    "1.",
    ".5",
    "-1",
    "-0",
    "-0.5",
    "-",
    "--1",
    "1e10",
    "1..2",
    "0..",
    "..5",
    "-3..-1",
    "1.5..2.5",
    "99999999999999999999.5",
    "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000.0",
  };

  private static final String[] STRINGS =
      ParserFuzzHarness.stringLiterals("\"title\"", "\"OldName\"");

  private static final String[] LONE_SURROGATE_TOKENS =
      ParserFuzzHarness.loneSurrogateTokens("A\ud800", "a\udfff: String");

  private static String vocabularyToken(SplittableRandom r, boolean loneSurrogates) {
    if (loneSurrogates && r.nextInt(12) == 0) {
      return pick(r, LONE_SURROGATE_TOKENS);
    }
    return switch (r.nextInt(10)) {
      case 0, 1, 2 -> pick(r, KEYWORDS_AND_SYMBOLS);
      case 3 -> pick(r, TYPE_NAMES);
      case 4 -> pick(r, IDENTS);
      case 5 -> pick(r, NUMBERS);
      case 6 -> pick(r, STRINGS);
      case 7 -> ParserFuzzHarness.comment(r);
      case 8 -> randomWord(r);
      default -> FUZZ.randomChar(r, loneSurrogates);
    };
  }

  private static String randomWord(SplittableRandom r) {
    return ParserFuzzHarness.randomWord(r, "ABCXYZabcxyz_0123456789-", "ABCabcxyz_0123456789-");
  }

  @Test
  void tokenSoupNeverCrashes() {
    FUZZ.checkGenerated("tokenSoup", new long[] {11L, 12L}, 4_000, r -> tokenSoup(r, false));
  }

  private static String tokenSoup(SplittableRandom r, boolean loneSurrogates) {
    return FUZZ.tokenSoup(r, rr -> "", false, loneSurrogates);
  }

  /**
   * Declarations built from the grammar's productions, with an occasional production replaced by a
   * random token: most inputs get past the parser and exercise validation.
   */
  @Test
  void grammarShapedSchemasNeverCrash() {
    ParserFuzzHarness.batch(() -> {
      SplittableRandom r = new SplittableRandom(2024L);
      int parsed = 0;
      int rejected = 0;
      for (int i = 0; i < 4_000; i++) {
        Grammar g = new Grammar(r, i % 3 == 0 ? 0.0 : 0.04, false);
        String text = g.schema();
        if (FUZZ.check("grammar i=" + i, text) == Outcome.PARSED) {
          parsed++;
        } else {
          rejected++;
        }
      }
      // Both paths are reached, so the generator exercises the validator as well as the parser.
      assertThat(parsed).as("schemas accepted").isPositive();
      assertThat(rejected).as("schemas rejected").isPositive();
    });
  }

  /** A random walk over the schema grammar that sometimes emits a wrong token instead. */
  private static final class Grammar extends ParserFuzzHarness.Walk {
    private final List<String> typeNames = new ArrayList<>();

    Grammar(SplittableRandom r, double noise, boolean loneSurrogates) {
      super(SchemaParserPropertyTest::vocabularyToken, r, noise, loneSurrogates);
    }

    String schema() {
      int declarations = r.nextInt(0, 6);
      for (int i = 0; i < declarations; i++) {
        typeNames.add(pick(TYPE_NAMES));
      }
      for (int i = 0; i < declarations; i++) {
        switch (r.nextInt(3)) {
          case 0 -> iface(typeNames.get(i));
          case 1 -> node(typeNames.get(i));
          default -> edge(typeNames.get(i));
        }
        emit("\n");
      }
      return text();
    }

    private String typeRefName() {
      return typeNames.isEmpty() || chance(6)
          ? pick(TYPE_NAMES)
          : typeNames.get(r.nextInt(typeNames.size()));
    }

    private void iface(String name) {
      emit("interface");
      emit(name);
      emit("{");
      int n = r.nextInt(0, 4);
      for (int i = 0; i < n; i++) {
        property();
      }
      emit("}");
    }

    private void node(String name) {
      emit("node");
      emit(name);
      annotations();
      if (chance(3)) {
        emit("implements");
        emit(typeRefName());
        while (chance(3)) {
          emit(",");
          emit(typeRefName());
        }
      }
      body();
    }

    private void edge(String name) {
      emit("edge");
      emit(name);
      emit(":");
      emit(typeRefName());
      emit("->");
      emit(typeRefName());
      if (chance(3)) {
        emit("@card");
        emit("(");
        emit(NUMBERS[r.nextInt(0, 12)]);
        emit("..");
        if (chance(2)) {
          emit(NUMBERS[r.nextInt(0, 12)]);
        }
        emit(")");
      }
      annotations();
      if (chance(2)) {
        body();
      }
    }

    private void body() {
      emit("{");
      int n = r.nextInt(0, 5);
      for (int i = 0; i < n; i++) {
        if (chance(4)) {
          bodyConstraint();
        } else {
          property();
        }
      }
      emit("}");
    }

    private void property() {
      emit(pick(IDENTS));
      emit(":");
      switch (r.nextInt(6)) {
        case 0 -> {
          emit("[");
          emit(baseType());
          emit("]");
        }
        case 1 -> {
          emit("enum");
          emit("(");
          emit(randomWord(r));
          while (chance(2)) {
            emit(",");
            emit(chance(4) ? "dup" : randomWord(r));
          }
          emit(")");
        }
        case 2 -> {
          emit("Vector");
          emit("(");
          emit(NUMBERS[r.nextInt(0, 12)]);
          emit(")");
        }
        default -> emit(baseType());
      }
      if (chance(3)) {
        emit("?");
      }
      annotations();
    }

    private String baseType() {
      String[] base = {
        "String", "Blob", "Bool", "I32", "I64", "U32", "U64", "F32", "F64", "Date", "DateTime"
      };
      return pick(base);
    }

    private void annotations() {
      while (chance(2)) {
        emit("@");
        String[] names = {
          "key",
          "unique",
          "index",
          "embed",
          "description",
          "rename_from",
          "instruction",
          "card",
          "range",
          "check",
          "custom"
        };
        emit(pick(names));
        if (chance(2)) {
          emit("(");
          emit(literalOrIdent());
          while (chance(3)) {
            emit(",");
            emit(chance(2) ? "model" : pick(IDENTS));
            emit("=");
            emit(literal());
          }
          emit(")");
        }
      }
    }

    private void bodyConstraint() {
      emit("@");
      String[] names = {"key", "unique", "index", "range", "check"};
      emit(pick(names));
      emit("(");
      emit(constraintArg());
      while (chance(2)) {
        emit(",");
        emit(constraintArg());
      }
      emit(")");
    }

    private String constraintArg() {
      return switch (r.nextInt(4)) {
        case 0 -> pick(NUMBERS) + ".." + pick(NUMBERS);
        case 1 -> ".." + pick(NUMBERS);
        case 2 -> literal();
        default -> pick(IDENTS);
      };
    }

    private String literalOrIdent() {
      return chance(3) ? pick(IDENTS) : literal();
    }

    private String literal() {
      return switch (r.nextInt(4)) {
        case 0 -> pick(NUMBERS);
        case 1 -> chance(2) ? "true" : "false";
        default -> pick(STRINGS);
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generator 3: mutated fixtures
  // ---------------------------------------------------------------------------------------------

  @Test
  void mutatedFixturesNeverCrash() {
    FUZZ.checkMutatedFixtures(0xf1c5L, 6_000, FIXTURES, fixtures());
  }

  /**
   * Text with unpaired surrogates, which a Java caller can pass although no decoder produces it:
   * random text, token soup, grammar-shaped schemas and fixtures with split surrogate pairs.
   */
  @Test
  void loneSurrogatesNeverCrash() {
    List<String> fixtures = fixtures();
    ParserFuzzHarness.batch(() -> {
      SplittableRandom r = new SplittableRandom(0x0dd5_5a11L);
      for (int i = 0; i < 1_500; i++) {
        FUZZ.check("loneSurrogates randomText i=" + i, FUZZ.randomText(r, true));
        FUZZ.check("loneSurrogates tokenSoup i=" + i, tokenSoup(r, true));
        FUZZ.check("loneSurrogates grammar i=" + i, new Grammar(r, 0.04, true).schema());
        String fixture = fixtures.get(r.nextInt(fixtures.size()));
        String emoji = fixture.replace("\u2500", "\ud83d\ude00");
        FUZZ.check(
            "loneSurrogates mutated i=" + i,
            FUZZ.mutateCodePoints(r, emoji, r.nextInt(1, 5), true));
      }
      FUZZ.check("lone high surrogate", "\ud800");
      FUZZ.check("lone low surrogate in a comment", "// \udc00\nnode A { }");
      FUZZ.check("lone surrogate in a string", "node A @description(\"\ud800\") { a: String }");
      FUZZ.check("escaped lone surrogate", "node A @description(\"\\\ud800\") { a: String }");
    });
  }

  /** Every prefix of every fixture: each is either a valid schema or a clean error. */
  @Test
  void everyFixturePrefixNeverCrashes() {
    List<String> fixtures = fixtures();
    ParserFuzzHarness.batch(() -> {
      for (int f = 0; f < fixtures.size(); f++) {
        FUZZ.checkPrefixes(FIXTURES.get(f), fixtures.get(f));
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Huge and deeply nested inputs
  // ---------------------------------------------------------------------------------------------

  @Test
  void hundredThousandPropertiesInOneNode() {
    StringBuilder sb = new StringBuilder("node Big {\n");
    for (int i = 0; i < 100_000; i++) {
      sb.append("  p").append(i).append(": ").append(i % 2 == 0 ? "String" : "I64?").append('\n');
    }
    String open = sb.toString();
    assertThat(FUZZ.checkHuge("100k properties", open + "}\n")).isEqualTo(Outcome.PARSED);
    assertThat(SchemaCompiler.parse(open + "}\n").nodes().getFirst().properties()).hasSize(100_000);
    assertThat(FUZZ.checkHuge("100k properties, unclosed", open)).isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("100k properties, bad tail", open + "p: Nope\n}"))
        .isEqualTo(Outcome.REJECTED);
  }

  @Test
  void hundredThousandAnnotationsAndConstraints() {
    String annotations = "@custom ".repeat(100_000);
    assertThat(FUZZ.checkHuge("100k annotations", "node A { a: String " + annotations + "}"))
        .isEqualTo(Outcome.PARSED);
    String constraints = "@index(a) ".repeat(20_000);
    FUZZ.checkHuge("20k body constraints", "node A { a: String " + constraints + "}");
    FUZZ.checkHuge("100k '@'", "node A { a: String " + "@".repeat(100_000) + "}");
  }

  @Test
  void manyDeclarations() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      sb.append("node N").append(i).append(" { k: String @key }\n");
      sb.append("edge E").append(i).append(": N").append(i).append(" -> N0 @card(0..1)\n");
    }
    assertThat(FUZZ.checkHuge("10k nodes and edges", sb.toString())).isEqualTo(Outcome.PARSED);
    assertThat(FUZZ.checkHuge("10k nodes and edges, duplicated", sb.toString() + sb))
        .isNotNull(); // duplicate names are a catalog concern; either outcome is fine here
  }

  private static String interfaceImplemented(int properties) {
    StringBuilder sb = new StringBuilder("interface I {\n");
    for (int i = 0; i < properties; i++) {
      sb.append("  p").append(i).append(": String\n");
    }
    return sb.append("}\nnode A implements I { }\n").toString();
  }

  @Test
  void interfaceWithManyPropertiesImplemented() {
    assertThat(FUZZ.checkHuge("5k interface properties", interfaceImplemented(5_000)))
        .isEqualTo(Outcome.PARSED);
  }

  @Test
  void hundredThousandInterfacePropertiesImplemented() {
    assertThat(FUZZ.checkHuge("100k interface properties", interfaceImplemented(100_000)))
        .isEqualTo(Outcome.PARSED);
  }

  @Test
  void oneMegabyteStringLiteral() {
    String body = "x".repeat(1 << 20);
    assertThat(FUZZ.checkHuge("1 MB string", "node A @description(\"" + body + "\") { a: String }"))
        .isEqualTo(Outcome.PARSED);
    String escapes = "\\\\\\n\\t\\\"".repeat(1 << 17);
    assertThat(
            FUZZ.checkHuge(
                "1 MB escapes", "node A @description(\"" + escapes + "\") { a: String }"))
        .isEqualTo(Outcome.PARSED);
    assertThat(
            FUZZ.checkHuge(
                "1 MB string, bad escape", "node A @description(\"" + body + "\\q\") { }"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("1 MB string, unterminated", "node A @description(\"" + body))
        .isEqualTo(Outcome.REJECTED);
    String unicode = "\u00e9\ud83d\ude00\u4e2d".repeat(1 << 18);
    assertThat(
            FUZZ.checkHuge("1 MB unicode string", "node A @description(\"" + unicode + "\") { }"))
        .isEqualTo(Outcome.PARSED);
    assertThat(
            FUZZ.checkHuge(
                "unicode string then error", "node A @description(\"" + unicode + "\") {"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("1 MB single-line error", "node A { a: " + body))
        .isEqualTo(Outcome.REJECTED);
  }

  @Test
  void deeplyNestedLookingInput() {
    int n = 10_000;
    String[] shapes = {
      "(".repeat(n),
      ")".repeat(n),
      "{".repeat(n),
      "[".repeat(n),
      "node A { a: enum(" + "(".repeat(n),
      "node A { a: [" + "[".repeat(n) + "String" + "]".repeat(n + 1) + " }",
      "node A @x(" + "(".repeat(n) + ") { }",
      "edge E: A -> B @card(" + "(".repeat(n),
      "node A { @range(a, " + "(".repeat(n),
      "node A { a: Vector(" + "(".repeat(n) + "4" + ")".repeat(n) + " }",
      "node A { a: String " + "@x(".repeat(n) + " }",
      "node A " + "{ ".repeat(n) + "}".repeat(n),
      "node A { a: String" + "?".repeat(n) + " }",
      "interface I { " + "node A { ".repeat(n),
      "/*".repeat(n),
      "/* */".repeat(n) + "node",
      "\"".repeat(n),
      "node A { a: enum(" + "a,".repeat(n) + "b) }",
      "node A implements " + "I, ".repeat(n) + "J { }",
    };
    FUZZ.checkEachHuge("nested shape ", shapes);
  }

  @Test
  void hugeNumbers() {
    String digits = "9".repeat(100_000);
    FUZZ.checkEachHuge(
        "huge number ",
        integerPositions(
            digits,
            "node A { a: I64 @range(a, -" + digits + ".." + digits + ") }",
            "node A { a: F64 @range(a, -" + digits + "." + digits + "..) }",
            "node A { a: I64 @range(a, .." + digits + ") }",
            "node A @x(" + digits + ") { }",
            "node A @x(" + digits + "." + digits + ") { }",
            "node A { a: enum(" + digits + ") }",
            "node A { a: Vector(" + "0".repeat(1_000_000) + "4) }"));
  }

  @Test
  void millionDigitIntegers() {
    FUZZ.checkEachHuge("million-digit integer ", integerPositions("9".repeat(1_000_000)));
  }

  /** {@code digits} as a vector dimension and as each cardinality bound, then {@code more}. */
  private static String[] integerPositions(String digits, String... more) {
    return Stream.concat(
            Stream.of(
                "node A { a: Vector(" + digits + ") }",
                "edge E: A -> A @card(" + digits + "..) node A { }",
                "edge E: A -> A @card(0.." + digits + ") node A { }"),
            Arrays.stream(more))
        .toArray(String[]::new);
  }

  @Test
  void hugeTriviaAndUnterminatedComments() {
    String lines = "// comment line\n".repeat(65_536);
    assertThat(FUZZ.checkHuge("1 MB of line comments", lines + "node A { }"))
        .isEqualTo(Outcome.PARSED);
    assertThat(FUZZ.checkHuge("1 MB whitespace", " \t\r\n".repeat(1 << 18) + "node A { }"))
        .isEqualTo(Outcome.PARSED);
    assertThat(FUZZ.checkHuge("unterminated comment, 1 MB", "/*" + "x".repeat(1 << 20)))
        .isEqualTo(Outcome.REJECTED);
    assertThat(
            FUZZ.checkHuge(
                "unterminated comment mid-declaration", "node A { a: String /*" + lines + " }"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("\\r-only line ends", "node A {\r a: String\r}\r".repeat(10_000)))
        .isNotNull();
  }
}

package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.Position;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
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
  private static final String NAME = "fuzz.pg";
  private static final Pattern LOCATION = Pattern.compile(Pattern.quote(NAME) + ":\\d+:\\d+");
  private static final String FIXTURE_DIR = "/schema/fixtures/";
  private static final List<String> FIXTURES =
      List.of("test.pg", "search.pg", "signals.pg", "context.pg");

  /** One parse taking this long means a hang (or pathological blow-up), not slowness. */
  private static final Duration PER_CALL_LIMIT = Duration.ofSeconds(2);

  /** Preemptive guard for a whole batch, so a parse that never returns still fails the test. */
  private static final Duration BATCH_LIMIT = Duration.ofSeconds(15);

  private enum Outcome {
    PARSED,
    REJECTED
  }

  // ---------------------------------------------------------------------------------------------
  // The property
  // ---------------------------------------------------------------------------------------------

  /**
   * Parses {@code text} and checks the property; {@code label} says which generator, seed and
   * iteration produced the input.
   */
  private static Outcome check(String label, String text) {
    long start = System.nanoTime();
    Outcome outcome;
    SourceText source = null;
    try {
      source = SourceText.of(NAME, text);
      SchemaFile file = SchemaCompiler.parse(source);
      assertThat(file).as("result for %s", label).isNotNull();
      outcome = Outcome.PARSED;
    } catch (CompileError e) {
      checkError(label, text, source, e);
      outcome = Outcome.REJECTED;
    } catch (Throwable t) {
      throw new AssertionError(
          "parse threw "
              + t.getClass().getName()
              + " (only CompileError is allowed) for "
              + label
              + ": "
              + describe(text),
          t);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(PER_CALL_LIMIT) > 0) {
      fail("parse took " + took.toMillis() + " ms for " + label + ": " + describe(text));
    }
    return outcome;
  }

  private static void checkError(String label, String text, SourceText source, CompileError e) {
    String where = label + ": " + describe(text);
    assertThat(e.kind()).as("kind for %s", where).isNotNull();
    assertThat(e.getMessage()).as("message for %s", where).startsWith(e.kind().prefix());
    String rendered;
    try {
      rendered = e.render();
    } catch (RuntimeException | StackOverflowError renderFailure) {
      throw new AssertionError(
          "render() threw " + renderFailure + " for error '" + e.getMessage() + "' at " + where,
          renderFailure);
    }
    assertThat(rendered).as("render for %s", where).startsWith("error: " + e.getMessage());
    if (e.span().isEmpty()) {
      assertThat(e.position()).as("position without span for %s", where).isEmpty();
      return;
    }
    Span span = e.span().get();
    int length = utf8Length(text);
    assertThat(span.start())
        .as("span start of '%s' for %s", e.getMessage(), where)
        .isBetween(0, length);
    assertThat(span.end())
        .as("span end of '%s' for %s", e.getMessage(), where)
        .isBetween(span.start(), length);
    assertThat(e.source()).as("source of a spanned error for %s", where).isPresent();
    assertThat(e.source().get().text()).as("source text for %s", where).isEqualTo(text);
    assertThat(e.source().get().name()).isEqualTo(NAME);
    Position position = e.position().orElseThrow();
    assertThat(position.line()).as("line for %s", where).isBetween(1, source.lineCount());
    assertThat(position.column()).as("column for %s", where).isPositive();
    assertThat(rendered)
        .as("render for %s", where)
        .contains(NAME + ":" + position.line() + ":" + position.column());
    assertThat(LOCATION.matcher(rendered).find())
        .as("file:line:col in render for %s", where)
        .isTrue();
  }

  /**
   * The UTF-8 length of {@code text}; a lone surrogate counts three bytes, as it does in {@link
   * SourceText} (its generalized UTF-8 encoding).
   */
  private static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The input as a Java-escaped literal, shortened when long. */
  private static String describe(String text) {
    int limit = 400;
    String shown = text.length() <= limit ? text : text.substring(0, limit);
    StringBuilder sb = new StringBuilder("(").append(text.length()).append(" chars) \"");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    if (text.length() > limit) {
      sb.append("...");
    }
    return sb.toString();
  }

  private static String fixture(String name) {
    try (InputStream in = SchemaParserPropertyTest.class.getResourceAsStream(FIXTURE_DIR + name)) {
      assertThat(in).as("resource %s%s", FIXTURE_DIR, name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static final String[] ODD_CHARS = {
    "\0",
    "\t",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\u000b",
    "\f",
    "\u0085",
    "\u00a0",
    "\u2028",
    "\ufeff",
    "\uffff",
    "\ufffd",
    "\u00e9",
    "\u2500",
    "\u4e2d",
    "\ud83d\ude00",
    "\ud800\udc00",
    "\udbff\udfff",
    "\"",
    "\\",
    "@",
    "/",
    "*",
    "/*",
    "*/",
    "//",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ":",
    "->",
    "-",
    ",",
    "..",
    ".",
    "?",
    "=",
    "#",
    "_",
    "0",
    "9",
    "A",
    "Z",
    "a",
    "z"
  };

  private static String randomChar(SplittableRandom r, boolean loneSurrogates) {
    while (true) {
      String s =
          switch (r.nextInt(6)) {
            case 0 -> String.valueOf((char) r.nextInt(0x20, 0x7f));
            case 1 -> String.valueOf((char) r.nextInt(0x00, 0x20));
            case 2 -> String.valueOf((char) r.nextInt(0x80, 0xd800));
            case 3 -> new String(Character.toChars(r.nextInt(0x10000, 0x110000)));
            case 4 -> String.valueOf((char) r.nextInt(0xd800, 0xe000));
            default -> ODD_CHARS[r.nextInt(ODD_CHARS.length)];
          };
      if (loneSurrogates || !hasLoneSurrogate(s)) {
        return s;
      }
    }
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String randomText(SplittableRandom r, boolean loneSurrogates) {
    int length = r.nextInt(4) == 0 ? r.nextInt(0, 8) : r.nextInt(0, 200);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(randomChar(r, loneSurrogates));
    }
    return sb.toString();
  }

  @Test
  void randomTextNeverCrashes() {
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          for (long seed : new long[] {1L, 2L, 0x5eed_cafeL}) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 3_000; i++) {
              check("randomText seed=" + seed + " i=" + i, randomText(r, false));
            }
          }
        });
  }

  /** Schema-shaped text with stray characters: exercises the error path inside declarations. */
  @Test
  void validPrefixFollowedByRandomTextNeverCrashes() {
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(77L);
          String[] prefixes = {
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
            "node A { @check(a, \"",
          };
          for (int i = 0; i < 3_000; i++) {
            String text = prefixes[r.nextInt(prefixes.length)] + randomText(r, false);
            check("prefixedRandom i=" + i, text);
          }
        });
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

  private static final String[] STRINGS = {
    "\"abc\"",
    "\"\"",
    "\" \"",
    "\"a\\\"b\"",
    "\"\\\\d+\"",
    "\"\\n\\r\\t\"",
    "\"\\q\"",
    "\"\\u00e9\"",
    "\"\\",
    "\"",
    "\"unterminated",
    "\"multi\nline\"",
    "\"\\\"",
    "\"\\\ud83d\ude00\"",
    "\"\u00e9\u4e2d\ud83d\ude00\"",
    "\"title\"",
    "\"OldName\"",
    "\"\\0\"",
    "\"a\\\\\"",
  };

  /** Tokens with unpaired surrogates: only Java callers can build such text (decoding cannot). */
  private static final String[] LONE_SURROGATE_TOKENS = {
    "\ud800",
    "\udfff",
    "\udc00\ud800",
    "\"\\\ud800\"",
    "\"a\udbff\"",
    "/* \udc00 */",
    "// \ud800\n",
    "\ud83d",
    "\ude00",
    "A\ud800",
    "a\udfff: String",
  };

  private static final String[] COMMENTS = {
    "// line comment\n",
    "//",
    "// no newline",
    "/* block */",
    "/**/",
    "/*",
    "/* unterminated",
    "/* nested /* */ */",
    "*/",
    "/* multi\nline */",
    "/* \u00e9 \ud83d\ude00 */",
    "#",
  };

  private static final String[] SEPARATORS = {
    "", " ", " ", " ", "\n", "\t", "\r\n", "  ", "\r", " /* c */ ", "// c\n", "\n\n",
  };

  private static String vocabularyToken(SplittableRandom r, boolean loneSurrogates) {
    if (loneSurrogates && r.nextInt(12) == 0) {
      return LONE_SURROGATE_TOKENS[r.nextInt(LONE_SURROGATE_TOKENS.length)];
    }
    return switch (r.nextInt(10)) {
      case 0, 1, 2 -> KEYWORDS_AND_SYMBOLS[r.nextInt(KEYWORDS_AND_SYMBOLS.length)];
      case 3 -> TYPE_NAMES[r.nextInt(TYPE_NAMES.length)];
      case 4 -> IDENTS[r.nextInt(IDENTS.length)];
      case 5 -> NUMBERS[r.nextInt(NUMBERS.length)];
      case 6 -> STRINGS[r.nextInt(STRINGS.length)];
      case 7 -> COMMENTS[r.nextInt(COMMENTS.length)];
      case 8 -> randomWord(r);
      default -> randomChar(r, loneSurrogates);
    };
  }

  private static String randomWord(SplittableRandom r) {
    String first = "ABCXYZabcxyz_0123456789-";
    String rest = "ABCabcxyz_0123456789-";
    StringBuilder sb = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
    int n = r.nextInt(0, 10);
    for (int i = 0; i < n; i++) {
      sb.append(rest.charAt(r.nextInt(rest.length())));
    }
    return sb.toString();
  }

  @Test
  void tokenSoupNeverCrashes() {
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          for (long seed : new long[] {11L, 12L}) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 4_000; i++) {
              check("tokenSoup seed=" + seed + " i=" + i, tokenSoup(r, false));
            }
          }
        });
  }

  /** Up to 60 vocabulary tokens joined by random whitespace and comments, or by nothing. */
  private static String tokenSoup(SplittableRandom r, boolean loneSurrogates) {
    int n = r.nextInt(0, 60);
    StringBuilder sb = new StringBuilder();
    boolean glue = r.nextInt(5) == 0; // sometimes no whitespace at all
    for (int t = 0; t < n; t++) {
      if (t > 0 && !glue) {
        sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
      }
      sb.append(vocabularyToken(r, loneSurrogates));
    }
    return sb.toString();
  }

  /**
   * Declarations built from the grammar's productions, with an occasional production replaced by a
   * random token: most inputs get past the parser and exercise validation.
   */
  @Test
  void grammarShapedSchemasNeverCrash() {
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(2024L);
          int parsed = 0;
          int rejected = 0;
          for (int i = 0; i < 4_000; i++) {
            Grammar g = new Grammar(r, i % 3 == 0 ? 0.0 : 0.04, false);
            String text = g.schema();
            if (check("grammar i=" + i, text) == Outcome.PARSED) {
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
  private static final class Grammar {
    private final SplittableRandom r;
    private final double noise;
    private final boolean loneSurrogates;
    private final StringBuilder out = new StringBuilder();
    private final List<String> typeNames = new ArrayList<>();

    Grammar(SplittableRandom r, double noise, boolean loneSurrogates) {
      this.r = r;
      this.noise = noise;
      this.loneSurrogates = loneSurrogates;
    }

    String schema() {
      int declarations = r.nextInt(0, 6);
      for (int i = 0; i < declarations; i++) {
        typeNames.add(TYPE_NAMES[r.nextInt(TYPE_NAMES.length)]);
      }
      for (int i = 0; i < declarations; i++) {
        switch (r.nextInt(3)) {
          case 0 -> iface(typeNames.get(i));
          case 1 -> node(typeNames.get(i));
          default -> edge(typeNames.get(i));
        }
        emit("\n");
      }
      return out.toString();
    }

    private boolean chance(int oneIn) {
      return r.nextInt(oneIn) == 0;
    }

    private void emit(String token) {
      if (noise > 0 && r.nextDouble() < noise) {
        switch (r.nextInt(3)) {
          case 0 -> {} // drop the token
          case 1 -> out.append(vocabularyToken(r, loneSurrogates));
          default -> out.append(token).append(vocabularyToken(r, loneSurrogates));
        }
      } else {
        out.append(token);
      }
      out.append(SEPARATORS[r.nextInt(1, 6)]);
    }

    private String typeRefName() {
      return typeNames.isEmpty() || chance(6)
          ? TYPE_NAMES[r.nextInt(TYPE_NAMES.length)]
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
      emit(IDENTS[r.nextInt(IDENTS.length)]);
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
      return base[r.nextInt(base.length)];
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
        emit(names[r.nextInt(names.length)]);
        if (chance(2)) {
          emit("(");
          emit(literalOrIdent());
          while (chance(3)) {
            emit(",");
            emit(chance(2) ? "model" : IDENTS[r.nextInt(IDENTS.length)]);
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
      emit(names[r.nextInt(names.length)]);
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
        case 0 -> NUMBERS[r.nextInt(NUMBERS.length)] + ".." + NUMBERS[r.nextInt(NUMBERS.length)];
        case 1 -> ".." + NUMBERS[r.nextInt(NUMBERS.length)];
        case 2 -> literal();
        default -> IDENTS[r.nextInt(IDENTS.length)];
      };
    }

    private String literalOrIdent() {
      return chance(3) ? IDENTS[r.nextInt(IDENTS.length)] : literal();
    }

    private String literal() {
      return switch (r.nextInt(4)) {
        case 0 -> NUMBERS[r.nextInt(NUMBERS.length)];
        case 1 -> chance(2) ? "true" : "false";
        default -> STRINGS[r.nextInt(STRINGS.length)];
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generator 3: mutated fixtures
  // ---------------------------------------------------------------------------------------------

  @Test
  void mutatedFixturesNeverCrash() {
    List<String> fixtures = FIXTURES.stream().map(SchemaParserPropertyTest::fixture).toList();
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(0xf1c5L);
          for (int i = 0; i < 6_000; i++) {
            int which = r.nextInt(fixtures.size());
            String original = fixtures.get(which);
            int mutations = r.nextInt(1, 5);
            String text =
                r.nextBoolean()
                    ? mutateBytes(r, original, mutations)
                    : mutateCodePoints(r, original, mutations, false);
            check("mutated " + FIXTURES.get(which) + " i=" + i, text);
          }
        });
  }

  /** Mutates the UTF-8 bytes (splitting multi-byte characters) and decodes them leniently. */
  private static String mutateBytes(SplittableRandom r, String text, int mutations) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int m = 0; m < mutations; m++) {
      int n = bytes.length;
      switch (r.nextInt(5)) {
        case 0 -> { // delete a range
          if (n > 0) {
            int from = r.nextInt(n);
            int to = Math.min(n, from + 1 + r.nextInt(1 + Math.min(40, n - from)));
            bytes = concat(Arrays.copyOfRange(bytes, 0, from), Arrays.copyOfRange(bytes, to, n));
          }
        }
        case 1 -> { // duplicate a range
          if (n > 0) {
            int from = r.nextInt(n);
            int to = Math.min(n, from + 1 + r.nextInt(1 + Math.min(80, n - from)));
            bytes =
                concat(
                    Arrays.copyOfRange(bytes, 0, to),
                    Arrays.copyOfRange(bytes, from, to),
                    Arrays.copyOfRange(bytes, to, n));
          }
        }
        case 2 -> { // insert a vocabulary token
          int at = r.nextInt(n + 1);
          bytes =
              concat(
                  Arrays.copyOfRange(bytes, 0, at),
                  vocabularyToken(r, false).getBytes(StandardCharsets.UTF_8),
                  Arrays.copyOfRange(bytes, at, n));
        }
        case 3 -> { // swap two bytes
          if (n > 1) {
            int a = r.nextInt(n);
            int b = r.nextInt(n);
            byte t = bytes[a];
            bytes[a] = bytes[b];
            bytes[b] = t;
          }
        }
        default -> // truncate
            bytes = Arrays.copyOf(bytes, r.nextInt(n + 1));
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Mutates the text's code points, or with {@code loneSurrogates} its UTF-16 chars (which splits
   * surrogate pairs).
   */
  private static String mutateCodePoints(
      SplittableRandom r, String text, int mutations, boolean loneSurrogates) {
    int[] units = loneSurrogates ? text.chars().toArray() : text.codePoints().toArray();
    for (int m = 0; m < mutations; m++) {
      int n = units.length;
      switch (r.nextInt(5)) {
        case 0 -> { // delete a range
          if (n > 0) {
            int from = r.nextInt(n);
            int to = Math.min(n, from + 1 + r.nextInt(40));
            units = concat(Arrays.copyOfRange(units, 0, from), Arrays.copyOfRange(units, to, n));
          }
        }
        case 1 -> { // duplicate a range
          if (n > 0) {
            int from = r.nextInt(n);
            int to = Math.min(n, from + 1 + r.nextInt(80));
            units =
                concat(
                    Arrays.copyOfRange(units, 0, to),
                    Arrays.copyOfRange(units, from, to),
                    Arrays.copyOfRange(units, to, n));
          }
        }
        case 2 -> { // insert a vocabulary token
          int at = r.nextInt(n + 1);
          String token = vocabularyToken(r, loneSurrogates);
          units =
              concat(
                  Arrays.copyOfRange(units, 0, at),
                  loneSurrogates ? token.chars().toArray() : token.codePoints().toArray(),
                  Arrays.copyOfRange(units, at, n));
        }
        case 3 -> { // swap two units
          if (n > 1) {
            int a = r.nextInt(n);
            int b = r.nextInt(n);
            int t = units[a];
            units[a] = units[b];
            units[b] = t;
          }
        }
        default -> // truncate
            units = Arrays.copyOf(units, r.nextInt(n + 1));
      }
    }
    StringBuilder sb = new StringBuilder(units.length);
    for (int u : units) {
      if (loneSurrogates) {
        sb.append((char) u);
      } else {
        sb.appendCodePoint(u);
      }
    }
    return sb.toString();
  }

  private static int[] concat(int[]... parts) {
    int length = 0;
    for (int[] p : parts) {
      length += p.length;
    }
    int[] out = new int[length];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * Text with unpaired surrogates, which a Java caller can pass although no decoder produces it:
   * random text, token soup, grammar-shaped schemas and fixtures with split surrogate pairs.
   */
  @Test
  void loneSurrogatesNeverCrash() {
    List<String> fixtures = FIXTURES.stream().map(SchemaParserPropertyTest::fixture).toList();
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(0x0dd5_5a11L);
          for (int i = 0; i < 1_500; i++) {
            check("loneSurrogates randomText i=" + i, randomText(r, true));
            check("loneSurrogates tokenSoup i=" + i, tokenSoup(r, true));
            check("loneSurrogates grammar i=" + i, new Grammar(r, 0.04, true).schema());
            String fixture = fixtures.get(r.nextInt(fixtures.size()));
            String emoji = fixture.replace("\u2500", "\ud83d\ude00");
            check(
                "loneSurrogates mutated i=" + i, mutateCodePoints(r, emoji, r.nextInt(1, 5), true));
          }
          check("lone high surrogate", "\ud800");
          check("lone low surrogate in a comment", "// \udc00\nnode A { }");
          check("lone surrogate in a string", "node A @description(\"\ud800\") { a: String }");
          check("escaped lone surrogate", "node A @description(\"\\\ud800\") { a: String }");
        });
  }

  /** Every prefix of every fixture: each is either a valid schema or a clean error. */
  @Test
  void everyFixturePrefixNeverCrashes() {
    List<String> fixtures = FIXTURES.stream().map(SchemaParserPropertyTest::fixture).toList();
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          for (int f = 0; f < fixtures.size(); f++) {
            String text = fixtures.get(f);
            for (int end = 0; end <= text.length(); end++) {
              check("prefix of " + FIXTURES.get(f) + " end=" + end, text.substring(0, end));
            }
          }
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Huge and deeply nested inputs
  // ---------------------------------------------------------------------------------------------

  private static Outcome checkHuge(String label, String text) {
    return assertTimeoutPreemptively(BATCH_LIMIT, () -> check(label, text));
  }

  @Test
  void hundredThousandPropertiesInOneNode() {
    StringBuilder sb = new StringBuilder("node Big {\n");
    for (int i = 0; i < 100_000; i++) {
      sb.append("  p").append(i).append(": ").append(i % 2 == 0 ? "String" : "I64?").append('\n');
    }
    String open = sb.toString();
    assertThat(checkHuge("100k properties", open + "}\n")).isEqualTo(Outcome.PARSED);
    assertThat(SchemaCompiler.parse(open + "}\n").nodes().getFirst().properties()).hasSize(100_000);
    assertThat(checkHuge("100k properties, unclosed", open)).isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("100k properties, bad tail", open + "p: Nope\n}"))
        .isEqualTo(Outcome.REJECTED);
  }

  @Test
  void hundredThousandAnnotationsAndConstraints() {
    String annotations = "@custom ".repeat(100_000);
    assertThat(checkHuge("100k annotations", "node A { a: String " + annotations + "}"))
        .isEqualTo(Outcome.PARSED);
    String constraints = "@index(a) ".repeat(20_000);
    checkHuge("20k body constraints", "node A { a: String " + constraints + "}");
    checkHuge("100k '@'", "node A { a: String " + "@".repeat(100_000) + "}");
  }

  @Test
  void manyDeclarations() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      sb.append("node N").append(i).append(" { k: String @key }\n");
      sb.append("edge E").append(i).append(": N").append(i).append(" -> N0 @card(0..1)\n");
    }
    assertThat(checkHuge("10k nodes and edges", sb.toString())).isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("10k nodes and edges, duplicated", sb.toString() + sb))
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
    assertThat(checkHuge("5k interface properties", interfaceImplemented(5_000)))
        .isEqualTo(Outcome.PARSED);
  }

  @Test
  void hundredThousandInterfacePropertiesImplemented() {
    assertThat(checkHuge("100k interface properties", interfaceImplemented(100_000)))
        .isEqualTo(Outcome.PARSED);
  }

  @Test
  void oneMegabyteStringLiteral() {
    String body = "x".repeat(1 << 20);
    assertThat(checkHuge("1 MB string", "node A @description(\"" + body + "\") { a: String }"))
        .isEqualTo(Outcome.PARSED);
    String escapes = "\\\\\\n\\t\\\"".repeat(1 << 17);
    assertThat(checkHuge("1 MB escapes", "node A @description(\"" + escapes + "\") { a: String }"))
        .isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("1 MB string, bad escape", "node A @description(\"" + body + "\\q\") { }"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("1 MB string, unterminated", "node A @description(\"" + body))
        .isEqualTo(Outcome.REJECTED);
    String unicode = "\u00e9\ud83d\ude00\u4e2d".repeat(1 << 18);
    assertThat(checkHuge("1 MB unicode string", "node A @description(\"" + unicode + "\") { }"))
        .isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("unicode string then error", "node A @description(\"" + unicode + "\") {"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("1 MB single-line error", "node A { a: " + body))
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
    for (int i = 0; i < shapes.length; i++) {
      checkHuge("nested shape " + i, shapes[i]);
    }
  }

  @Test
  void hugeNumbers() {
    String digits = "9".repeat(100_000);
    String[] inputs = {
      "node A { a: Vector(" + digits + ") }",
      "edge E: A -> A @card(" + digits + "..) node A { }",
      "edge E: A -> A @card(0.." + digits + ") node A { }",
      "node A { a: I64 @range(a, -" + digits + ".." + digits + ") }",
      "node A { a: F64 @range(a, -" + digits + "." + digits + "..) }",
      "node A { a: I64 @range(a, .." + digits + ") }",
      "node A @x(" + digits + ") { }",
      "node A @x(" + digits + "." + digits + ") { }",
      "node A { a: enum(" + digits + ") }",
      "node A { a: Vector(" + "0".repeat(1_000_000) + "4) }",
    };
    for (int i = 0; i < inputs.length; i++) {
      checkHuge("huge number " + i, inputs[i]);
    }
  }

  @Test
  void millionDigitIntegers() {
    String digits = "9".repeat(1_000_000);
    String[] inputs = {
      "node A { a: Vector(" + digits + ") }",
      "edge E: A -> A @card(" + digits + "..) node A { }",
      "edge E: A -> A @card(0.." + digits + ") node A { }",
    };
    for (int i = 0; i < inputs.length; i++) {
      checkHuge("million-digit integer " + i, inputs[i]);
    }
  }

  @Test
  void hugeTriviaAndUnterminatedComments() {
    String lines = "// comment line\n".repeat(65_536);
    assertThat(checkHuge("1 MB of line comments", lines + "node A { }")).isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("1 MB whitespace", " \t\r\n".repeat(1 << 18) + "node A { }"))
        .isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("unterminated comment, 1 MB", "/*" + "x".repeat(1 << 20)))
        .isEqualTo(Outcome.REJECTED);
    assertThat(
            checkHuge(
                "unterminated comment mid-declaration", "node A { a: String /*" + lines + " }"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("\\r-only line ends", "node A {\r a: String\r}\r".repeat(10_000)))
        .isNotNull();
  }
}

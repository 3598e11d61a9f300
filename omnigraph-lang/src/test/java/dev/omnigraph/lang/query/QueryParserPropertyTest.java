package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.Position;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Robustness properties of {@link QueryCompiler#parse(SourceText)}: on any input it returns a
 * {@link QueryFile} or throws a {@link CompileError} of kind {@link ErrorKind#PARSE} whose span
 * lies inside the source and whose rendering names {@code file:line:col}; it never throws anything
 * else and never hangs.
 *
 * <p>Every generator is driven by a {@link SplittableRandom} with a fixed seed, so a failure
 * reproduces exactly; the failure message names the seed, the iteration and the input.
 */
class QueryParserPropertyTest {
  private static final String NAME = "fuzz.gq";
  private static final Pattern LOCATION = Pattern.compile(Pattern.quote(NAME) + ":\\d+:\\d+");
  private static final String FIXTURE_DIR = "/query/fixtures/";
  private static final List<String> FIXTURES = List.of("test.gq", "search.gq");

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
    return checkDetailed(label, text).outcome();
  }

  /** The outcome of one checked parse, with the error when it was rejected. */
  private record Result(Outcome outcome, QueryFile file, CompileError error) {}

  private static Result checkDetailed(String label, String text) {
    long start = System.nanoTime();
    Result result;
    SourceText source = null;
    try {
      source = SourceText.of(NAME, text);
      QueryFile file = QueryCompiler.parse(source);
      assertThat(file).as("result for %s", label).isNotNull();
      assertThat(file.queries()).as("queries of %s", label).doesNotContainNull();
      result = new Result(Outcome.PARSED, file, null);
    } catch (CompileError e) {
      checkError(label, text, source, e);
      result = new Result(Outcome.REJECTED, null, e);
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
    return result;
  }

  private static void checkError(String label, String text, SourceText source, CompileError e) {
    String where = label + ": " + describe(text);
    assertThat(e.kind())
        .as("kind of '%s' for %s", e.getMessage(), where)
        .isEqualTo(ErrorKind.PARSE);
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
    try (InputStream in = QueryParserPropertyTest.class.getResourceAsStream(FIXTURE_DIR + name)) {
      assertThat(in).as("resource %s%s", FIXTURE_DIR, name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fixtures() {
    return FIXTURES.stream().map(QueryParserPropertyTest::fixture).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Sanity: the fixtures parse
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"test.gq", "search.gq"})
  void everyFixtureParses(String name) {
    String text = fixture(name);
    QueryFile file = QueryCompiler.parse(SourceText.of(name, text));
    long declared = text.lines().filter(line -> line.startsWith("query ")).count();
    assertThat(file.queries()).hasSize((int) declared).isNotEmpty();
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
    ",",
    ".",
    "$",
    "<",
    ">",
    "<=",
    ">=",
    "!=",
    "=",
    "?",
    "-",
    "_",
    "0",
    "9",
    "A",
    "Z",
    "a",
    "z",
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

  /** Query-shaped text with stray characters: exercises the error path inside every production. */
  @Test
  void validPrefixFollowedByRandomTextNeverCrashes() {
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(77L);
          String[] prefixes = {
            "",
            "query q(",
            "query q($a: ",
            "query q($a: Vector(",
            "query q($a: [",
            "query q() @description(\"",
            "query q() @instruction(",
            "query q() {",
            "query q() { match {",
            "query q() { match { $p: ",
            "query q() { match { $p: Person { name: ",
            "query q() { match { $p knows",
            "query q() { match { $p $e: knows{1,",
            "query q() { match { $p <",
            "query q() { match { $p.age > ",
            "query q() { match { not { ",
            "query q() { match { search(",
            "query q() { match { fuzzy($p.a, $q, ",
            "query q() { match { $p.a = [",
            "query q() { match { $p.a = datetime(",
            "query q() { match { $p: P } return { ",
            "query q() { match { $p: P } return { count(",
            "query q() { match { $p: P } return { $p.a as ",
            "query q() { match { $p: P } return { $p } order { ",
            "query q() { match { $p: P } return { $p } order { nearest(",
            "query q() { match { $p: P } return { $p } order { rrf(",
            "query q() { match { $p: P } return { $p } limit ",
            "query q() { insert P { ",
            "query q() { update P set { a: 1 } where ",
            "query q() { delete P where a ",
          };
          for (int i = 0; i < 3_000; i++) {
            String text = prefixes[r.nextInt(prefixes.length)] + randomText(r, false);
            check("prefixedRandom i=" + i, text);
          }
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Generator 2: token soup over the query vocabulary
  // ---------------------------------------------------------------------------------------------

  private static final String[] KEYWORDS_AND_SYMBOLS = {
    "query",
    "match",
    "return",
    "order",
    "limit",
    "not",
    "insert",
    "update",
    "set",
    "where",
    "delete",
    "as",
    "asc",
    "desc",
    "now",
    "now()",
    "nearest",
    "search",
    "fuzzy",
    "match_text",
    "bm25",
    "rrf",
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "datetime",
    "date",
    "true",
    "false",
    "contains",
    "starts_with",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    ".",
    "$",
    "<",
    ">",
    "<=",
    ">=",
    "!=",
    "=",
    "?",
    "@description",
    "@instruction",
    "@",
    "-",
    "..",
    "{1,3}",
    "{1,}",
    "{2}",
    "String",
    "Vector",
    "Vector(4)",
    "[String]",
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
  };

  private static final String[] VARIABLES = {
    "$p", "$f", "$_", "$q", "$d", "$name", "$_x", "$mid", "$x_1", "$P", "$", "$1", "$pknows",
  };

  private static final String[] TYPE_NAMES = {
    "Person", "Company", "Doc", "P", "X1", "Foo_bar", "String", "Vector", "Date",
  };

  private static final String[] IDENTS = {
    "name",
    "age",
    "knows",
    "worksAt",
    "title",
    "slug",
    "embedding",
    "friends",
    "total",
    "get_person",
    "_x",
    "x_1",
    "not",
    "notes",
    "nowhere",
    "trueish",
    "ascending",
    "score",
    "count_x",
    "contains_it",
  };

  private static final String[] NUMBERS = {
    "0",
    "1",
    "2",
    "42",
    "007",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "1" + "0".repeat(100),
    "1.5",
    "0.0",
    "3.14159",
    "1.",
    ".5",
    "-1",
    "-0.5",
    "1e10",
    "1..2",
    "0." + "0".repeat(400) + "1",
    "99999999999999999999.5",
    "1797693134862315700000000000000000000000000000000000000000000000000000000000000000000000000"
        + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "00000000000000000000000000000000000000000000000000000000000.0",
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
    "\"2024-01-15\"",
    "\"2024-01-15T10:00:00Z\"",
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
    "$p\ud800",
    "$\udfff",
    "Person\ud800",
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
    return switch (r.nextInt(12)) {
      case 0, 1, 2, 3 -> KEYWORDS_AND_SYMBOLS[r.nextInt(KEYWORDS_AND_SYMBOLS.length)];
      case 4 -> VARIABLES[r.nextInt(VARIABLES.length)];
      case 5 -> TYPE_NAMES[r.nextInt(TYPE_NAMES.length)];
      case 6 -> IDENTS[r.nextInt(IDENTS.length)];
      case 7 -> NUMBERS[r.nextInt(NUMBERS.length)];
      case 8 -> STRINGS[r.nextInt(STRINGS.length)];
      case 9 -> COMMENTS[r.nextInt(COMMENTS.length)];
      case 10 -> randomWord(r);
      default -> randomChar(r, loneSurrogates);
    };
  }

  private static String randomWord(SplittableRandom r) {
    String first = "$ABCXYZabcxyz_0123456789";
    String rest = "ABCabcxyz_0123456789";
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

  /**
   * Up to 60 vocabulary tokens joined by random whitespace and comments, or by nothing; often
   * behind a query header so the soup lands inside a match, return or mutation body.
   */
  private static String tokenSoup(SplittableRandom r, boolean loneSurrogates) {
    String[] heads = {
      "", "", "query q() {", "query q() { match {", "query q() { match { $p: P } return {",
    };
    int n = r.nextInt(0, 60);
    StringBuilder sb = new StringBuilder(heads[r.nextInt(heads.length)]);
    boolean glue = r.nextInt(5) == 0; // sometimes no whitespace at all
    for (int t = 0; t < n; t++) {
      if (!glue) {
        sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
      }
      sb.append(vocabularyToken(r, loneSurrogates));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Generator 3: a walk over the grammar
  // ---------------------------------------------------------------------------------------------

  /**
   * Queries built from the grammar's productions: a third of them strictly valid (which must all
   * parse), the rest with invalid choices (overflowing numbers, bad escapes, {@code nearest(..)
   * desc}, repeated annotations, ...) and an occasional token dropped or replaced.
   */
  @Test
  void grammarShapedQueriesNeverCrash() {
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(2024L);
          int parsed = 0;
          int rejected = 0;
          for (int i = 0; i < 4_000; i++) {
            boolean valid = i % 3 == 0;
            Grammar g = new Grammar(r, valid ? 0.0 : 0.03, valid, false);
            String text = g.file();
            Outcome outcome = check("grammar i=" + i + (valid ? " (valid)" : ""), text);
            if (valid) {
              assertThat(outcome)
                  .as("a strictly valid query must parse: grammar i=%d: %s", i, describe(text))
                  .isEqualTo(Outcome.PARSED);
            }
            if (outcome == Outcome.PARSED) {
              parsed++;
            } else {
              rejected++;
            }
          }
          // Both paths are reached, so the generator exercises acceptance as well as rejection.
          assertThat(parsed).as("queries accepted").isGreaterThan(1_400);
          assertThat(rejected).as("queries rejected").isGreaterThan(400);
        });
  }

  /**
   * A random walk over the query grammar of spec §1.2. With {@code valid} it makes only valid
   * choices (so the text must parse); otherwise it also makes invalid ones, and with {@code noise}
   * it sometimes drops a token or emits a random one instead.
   */
  private static final class Grammar {
    private static final String[] BASE_TYPES = {
      "String", "Blob", "Bool", "I32", "I64", "U32", "U64", "F32", "F64", "DateTime", "Date"
    };
    private static final String[] VARS = {"$p", "$f", "$q", "$d", "$mid", "$_x", "$x1", "$_"};
    private static final String[] TYPES = {"Person", "Company", "Doc", "P", "X1", "Foo_bar"};
    private static final String[] PROPS = {
      "name", "age", "title", "slug", "body", "embedding", "_rowid", "x_1", "notes", "nowhere"
    };
    private static final String[] EDGES = {
      "knows", "worksAt", "cites", "contains", "starts_with", "likes_1", "notes", "x"
    };
    private static final String[] ALIASES = {"friends", "total", "score", "n", "avg_age", "hc"};
    private static final String[] QUERY_NAMES = {"get_person", "q", "adults", "_x", "search"};
    private static final String[] FILTER_OPS = {
      "=", "!=", "<", ">", "<=", ">=", "contains", "starts_with"
    };
    private static final String[] COMP_OPS = {"=", "!=", "<", ">", "<=", ">="};
    private static final String[] GOOD_STRINGS = {
      "\"abc\"",
      "\"\"",
      "\"a\\\"b\"",
      "\"\\\\d+\"",
      "\"\\n\\r\\t\"",
      "\"\u00e9\u4e2d\ud83d\ude00\"",
    };
    private static final String[] GOOD_INTS = {"0", "1", "2", "42", "007", "9223372036854775807"};
    private static final String[] GOOD_FLOATS = {"1.5", "0.0", "3.14159", "99999999999999999999.5"};
    private static final String[] BAD_LITERALS = {
      "9223372036854775808",
      "99999999999999999999",
      "\"\\q\"",
      "\"\\u00e9\"",
      "1.",
      ".5",
      "-1",
      "1e10",
      "null",
      "\"unterminated",
      "1" + "0".repeat(400) + ".0",
    };

    private final SplittableRandom r;
    private final double noise;
    private final boolean valid;
    private final boolean loneSurrogates;
    private final StringBuilder out = new StringBuilder();

    Grammar(SplittableRandom r, double noise, boolean valid, boolean loneSurrogates) {
      this.r = r;
      this.noise = noise;
      this.valid = valid;
      this.loneSurrogates = loneSurrogates;
    }

    String file() {
      int queries = r.nextInt(0, 4);
      for (int i = 0; i < queries; i++) {
        query();
        emit("\n");
      }
      return out.toString();
    }

    private boolean chance(int oneIn) {
      return r.nextInt(oneIn) == 0;
    }

    /** True now and then when invalid choices are allowed. */
    private boolean wrong() {
      return !valid && chance(25);
    }

    private String pick(String[] options) {
      return options[r.nextInt(options.length)];
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
      // Never glue tokens in a valid walk: "$p" "knows" would scan as the variable "$pknows".
      out.append(SEPARATORS[r.nextInt(1, 6)]);
    }

    private void query() {
      emit("query");
      emit(wrong() ? "Upper" : pick(QUERY_NAMES));
      emit("(");
      int params = r.nextInt(0, 4);
      for (int i = 0; i < params; i++) {
        if (i > 0) {
          emit(",");
        }
        param();
      }
      if (params > 0 && wrong()) {
        emit(","); // no trailing comma in a parameter list
      }
      emit(")");
      boolean description = false;
      boolean instruction = false;
      while (chance(3)) {
        boolean isDescription = r.nextBoolean();
        if (isDescription ? description : instruction) {
          if (!wrong()) {
            continue; // each annotation at most once
          }
        }
        emit(isDescription ? "@description" : "@instruction");
        emit("(");
        emit(stringLiteral());
        emit(")");
        description |= isDescription;
        instruction |= !isDescription;
      }
      emit("{");
      if (chance(4)) {
        mutationBody();
      } else {
        readBody();
      }
      emit("}");
    }

    private void param() {
      emit(wrong() ? "$P" : pick(VARS));
      emit(":");
      switch (r.nextInt(4)) {
        case 0 -> {
          emit("[");
          emit(pick(BASE_TYPES));
          emit("]");
        }
        case 1 -> {
          emit("Vector");
          emit("(");
          emit(wrong() ? "-4" : pick(GOOD_INTS));
          emit(")");
        }
        default -> emit(wrong() ? "Text" : pick(BASE_TYPES));
      }
      if (chance(3)) {
        emit("?");
      }
    }

    // ---- read bodies ----

    private void readBody() {
      emit("match");
      emit("{");
      int clauses = r.nextInt(1, 6);
      for (int i = 0; i < clauses; i++) {
        clause(0);
      }
      emit("}");
      emit("return");
      emit("{");
      int projections = r.nextInt(1, 5);
      for (int i = 0; i < projections; i++) {
        expr(0);
        if (chance(3)) {
          emit("as");
          emit(pick(ALIASES));
        }
        if (chance(2)) {
          emit(",");
        }
      }
      emit("}");
      if (chance(2)) {
        emit("order");
        emit("{");
        int orderings = r.nextInt(1, 4);
        for (int i = 0; i < orderings; i++) {
          if (i > 0) {
            emit(",");
          }
          if (chance(4)) {
            nearest(0);
            if (wrong()) {
              emit("desc"); // nearest(...) takes no direction
            }
          } else {
            // nearest(...) is the first ordering alternative, so it never takes a direction
            exprOtherThanNearest(0);
            if (chance(2)) {
              emit(r.nextBoolean() ? "asc" : "desc");
            }
          }
        }
        emit("}");
      }
      if (chance(2)) {
        emit("limit");
        emit(wrong() ? pick(BAD_LITERALS) : pick(GOOD_INTS));
      }
    }

    private void clause(int depth) {
      switch (r.nextInt(depth < 2 ? 6 : 5)) {
        case 0 -> binding();
        case 1 -> traversal();
        case 2, 3 -> {
          String op = pick(FILTER_OPS);
          if (Character.isLetter(op.charAt(0)) && !wrong()) {
            // "$a contains $b" is a traversal over an edge named contains (spec §1.4 gotcha 1)
            if (r.nextBoolean()) {
              propAccess();
            } else {
              literal(depth + 1);
            }
          } else {
            expr(depth + 1);
          }
          emit(op);
          expr(depth + 1);
        }
        case 4 -> searchCall(depth + 1);
        default -> {
          emit("not");
          emit("{");
          int inner = wrong() ? 0 : r.nextInt(1, 4);
          for (int i = 0; i < inner; i++) {
            clause(depth + 1);
          }
          emit("}");
        }
      }
    }

    private void binding() {
      emit(pick(VARS));
      emit(":");
      emit(wrong() ? "person" : pick(TYPES));
      if (chance(3)) {
        emit("{");
        int matches = wrong() ? 0 : r.nextInt(1, 4); // empty braces do not parse
        for (int i = 0; i < matches; i++) {
          if (i > 0) {
            emit(",");
          }
          emit(pick(PROPS));
          emit(":");
          matchValue();
        }
        if (matches > 0 && chance(3)) {
          emit(",");
        }
        emit("}");
      }
    }

    private void traversal() {
      emit(pick(VARS));
      if (chance(4)) {
        emit(pick(VARS));
        emit(":");
      }
      if (chance(4)) {
        emit("<");
        emit(wrong() ? "not" : pick(EDGES));
        emit(">");
      } else {
        emit(wrong() ? "not" : pick(EDGES));
      }
      if (chance(3)) {
        emit("{");
        emit(pick(GOOD_INTS));
        if (wrong()) {
          emit("}"); // "{2}" is illegal
        } else {
          emit(",");
          if (chance(2)) {
            emit(wrong() ? pick(BAD_LITERALS) : pick(GOOD_INTS));
          }
          emit("}");
        }
      }
      emit(pick(VARS));
    }

    // ---- expressions ----

    private void exprOtherThanNearest(int depth) {
      int choice;
      do {
        choice = depth >= 3 ? 8 + r.nextInt(4) : r.nextInt(12);
      } while (choice == 1 && !wrong());
      expr(depth, choice);
    }

    private void expr(int depth) {
      expr(depth, depth >= 3 ? 8 + r.nextInt(4) : r.nextInt(12));
    }

    private void expr(int depth, int choice) {
      switch (choice) {
        case 0 -> {
          emit("now");
          emit("(");
          emit(")");
        }
        case 1 -> nearest(depth + 1);
        case 2 -> searchCall(depth + 1);
        case 3 -> {
          emit("bm25");
          emit("(");
          expr(depth + 1);
          emit(",");
          expr(depth + 1);
          emit(")");
        }
        case 4 -> {
          emit("rrf");
          emit("(");
          rankExpr(depth + 1);
          emit(",");
          rankExpr(depth + 1);
          if (chance(2)) {
            emit(",");
            expr(depth + 1);
          }
          emit(")");
        }
        case 5 -> {
          emit(pick(new String[] {"count", "sum", "avg", "min", "max"}));
          emit("(");
          expr(depth + 1);
          emit(")");
        }
        case 6, 8 -> propAccess();
        case 7, 9 -> emit(pick(VARS));
        case 10 -> literal(depth + 1);
        default -> emit(pick(ALIASES));
      }
    }

    private void propAccess() {
      emit(pick(VARS));
      emit(".");
      emit(wrong() ? "Name" : pick(PROPS));
    }

    private void nearest(int depth) {
      emit("nearest");
      emit("(");
      if (wrong()) {
        emit(pick(VARS)); // the target must be a property access
      } else {
        propAccess();
      }
      emit(",");
      expr(depth + 1);
      emit(")");
    }

    private void rankExpr(int depth) {
      if (wrong()) {
        expr(depth); // only nearest(...) and bm25(...) rank
      } else if (chance(2)) {
        nearest(depth);
      } else {
        emit("bm25");
        emit("(");
        expr(depth + 1);
        emit(",");
        expr(depth + 1);
        emit(")");
      }
    }

    private void searchCall(int depth) {
      switch (r.nextInt(3)) {
        case 0 -> {
          emit("search");
          emit("(");
          expr(depth + 1);
          emit(",");
          expr(depth + 1);
          emit(")");
        }
        case 1 -> {
          emit("fuzzy");
          emit("(");
          expr(depth + 1);
          emit(",");
          expr(depth + 1);
          if (chance(2)) {
            emit(",");
            expr(depth + 1);
          }
          emit(")");
        }
        default -> {
          emit("match_text");
          emit("(");
          expr(depth + 1);
          emit(",");
          expr(depth + 1);
          emit(")");
        }
      }
    }

    // ---- literals and values ----

    private String stringLiteral() {
      return wrong() ? pick(BAD_LITERALS) : pick(GOOD_STRINGS);
    }

    private void literal(int depth) {
      if (wrong()) {
        emit(pick(BAD_LITERALS));
        return;
      }
      switch (r.nextInt(depth < 4 ? 7 : 6)) {
        case 0 -> emit(pick(GOOD_STRINGS));
        case 1 -> emit(pick(GOOD_INTS));
        case 2 -> emit(pick(GOOD_FLOATS));
        case 3 -> emit(r.nextBoolean() ? "true" : "false");
        case 4 -> {
          emit("date");
          emit("(");
          emit("\"2024-01-15\"");
          emit(")");
        }
        case 5 -> {
          emit("datetime");
          emit("(");
          emit("\"2024-01-15T10:00:00Z\"");
          emit(")");
        }
        default -> {
          emit("[");
          int items = r.nextInt(0, 4);
          for (int i = 0; i < items; i++) {
            if (i > 0) {
              emit(",");
            }
            literal(depth + 1);
          }
          emit("]");
        }
      }
    }

    private void matchValue() {
      switch (r.nextInt(4)) {
        case 0 -> emit(pick(VARS));
        case 1 -> {
          emit("now");
          emit("(");
          emit(")");
        }
        default -> literal(0);
      }
    }

    // ---- mutations ----

    private void mutationBody() {
      int statements = r.nextInt(1, 4);
      for (int i = 0; i < statements; i++) {
        switch (r.nextInt(3)) {
          case 0 -> {
            emit("insert");
            emit(pick(TYPES));
            emit("{");
            assignments();
            emit("}");
          }
          case 1 -> {
            emit("update");
            emit(pick(TYPES));
            emit("set");
            emit("{");
            assignments();
            emit("}");
            emit("where");
            predicate();
          }
          default -> {
            emit("delete");
            emit(pick(TYPES));
            emit("where");
            predicate();
          }
        }
      }
    }

    private void assignments() {
      int n = wrong() ? 0 : r.nextInt(1, 4);
      for (int i = 0; i < n; i++) {
        emit(pick(PROPS));
        emit(":");
        matchValue();
        if (chance(2)) {
          emit(",");
        }
      }
    }

    private void predicate() {
      emit(pick(PROPS));
      emit(wrong() ? "contains" : pick(COMP_OPS)); // no contains / starts_with in a predicate
      matchValue();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generator 4: mutated fixtures
  // ---------------------------------------------------------------------------------------------

  @Test
  void mutatedFixturesNeverCrash() {
    List<String> fixtures = fixtures();
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(0xf1c5L);
          for (int i = 0; i < 5_000; i++) {
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
   * random text, token soup, grammar-shaped queries and fixtures with split surrogate pairs.
   */
  @Test
  void loneSurrogatesNeverCrash() {
    List<String> fixtures = fixtures();
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          SplittableRandom r = new SplittableRandom(0x0dd5_5a11L);
          for (int i = 0; i < 1_500; i++) {
            check("loneSurrogates randomText i=" + i, randomText(r, true));
            check("loneSurrogates tokenSoup i=" + i, tokenSoup(r, true));
            check("loneSurrogates grammar i=" + i, new Grammar(r, 0.04, false, true).file());
            String fixture = fixtures.get(r.nextInt(fixtures.size()));
            String emoji = fixture.replace("friends", "\ud83d\ude00friends");
            check(
                "loneSurrogates mutated i=" + i, mutateCodePoints(r, emoji, r.nextInt(1, 5), true));
          }
          check("lone high surrogate", "\ud800");
          check("lone low surrogate in a comment", "// \udc00\nquery q() { insert P { a: 1 } }");
          check(
              "lone surrogate in a string",
              "query q() @description(\"\ud800\") { insert P { a: 1 } }");
          check(
              "escaped lone surrogate",
              "query q() { match { $p.a = \"\\\ud800\" } return { $p } }");
          check("lone surrogate after a variable", "query q() { match { $p\udc00: P } }");
        });
  }

  /** Every prefix of every fixture: each is either a valid query file or a clean error. */
  @Test
  void everyFixturePrefixNeverCrashes() {
    List<String> fixtures = fixtures();
    assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          for (int f = 0; f < fixtures.size(); f++) {
            String text = fixtures.get(f);
            int parsed = 0;
            for (int end = 0; end <= text.length(); end++) {
              String label = "prefix of " + FIXTURES.get(f) + " end=" + end;
              if (check(label, text.substring(0, end)) == Outcome.PARSED) {
                parsed++;
              }
            }
            // The empty prefix, each prefix ending after a whole query, and the whole file.
            assertThat(parsed).as("parsing prefixes of %s", FIXTURES.get(f)).isGreaterThan(2);
          }
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Huge inputs
  // ---------------------------------------------------------------------------------------------

  private static Outcome checkHuge(String label, String text) {
    return assertTimeoutPreemptively(BATCH_LIMIT, () -> check(label, text));
  }

  private static Result checkHugeDetailed(String label, String text) {
    return assertTimeoutPreemptively(BATCH_LIMIT, () -> checkDetailed(label, text));
  }

  /** A read query whose match block holds {@code clauses} after a binding of {@code $p}. */
  private static String readQuery(String clauses) {
    return "query q($q: String) {\n  match {\n    $p: Person\n"
        + clauses
        + "\n  }\n  return { $p.name }\n}\n";
  }

  @Test
  void hundredThousandClausesInOneMatch() {
    String[] kinds = {
      "    $p.age > 30\n",
      "    $p knows $f\n",
      "    $f: Person { name: $q }\n",
      "    $p $e: worksAt{1,3} $c\n",
      "    search($p.name, $q)\n",
      "    not { $p <knows> $_ }\n",
      "    $p.name contains \"x\"\n",
    };
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      sb.append(kinds[i % kinds.length]);
    }
    String clauses = sb.toString();
    Result result = checkHugeDetailed("100k clauses", readQuery(clauses));
    assertThat(result.outcome()).isEqualTo(Outcome.PARSED);
    assertThat(result.file().queries().getFirst().match()).hasSize(100_001);
    String unclosed = "query q() { match { $p: Person\n" + clauses;
    assertThat(checkHuge("100k clauses, unclosed", unclosed)).isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("100k clauses, bad tail", readQuery(clauses + "$p.age >")))
        .isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("100k clauses, bad head", readQuery("$P" + clauses)))
        .isEqualTo(Outcome.REJECTED);
  }

  @Test
  void hundredThousandClausesOnOneAsciiLine() {
    String clauses = "$p.age > 30 $p knows $f ".repeat(50_000);
    assertThat(checkHuge("100k clauses on one line", readQuery(clauses).replace('\n', ' ')))
        .isEqualTo(Outcome.PARSED);
  }

  /**
   * Scanner.take computes every token's line and column (SourceText.position), and the column is
   * {@code String.codePointCount} from the start of the line: constant time while the whole text is
   * Latin-1, linear in the column once any character above U+00FF appears anywhere in it. A long
   * single line then parses in quadratic time.
   */
  @Test
  void hundredThousandClausesOnOneLineWithNonLatin1Text() {
    String clauses = "$p.age > 30 $p knows $f ".repeat(50_000);
    String text = "// \u4e2d\n" + readQuery(clauses).replace('\n', ' ');
    assertThat(checkHuge("100k clauses on one non-Latin-1 line", text)).isEqualTo(Outcome.PARSED);
    StringBuilder queries = new StringBuilder("// \u00e9\u4e2d\n");
    for (int i = 0; i < 20_000; i++) {
      queries.append("query q").append(i).append("() { match { $p: P } return { $p } } ");
    }
    assertThat(checkHuge("20k queries on one non-Latin-1 line", queries.toString()))
        .isEqualTo(Outcome.PARSED);
  }

  @Test
  void hundredThousandClausesOnManyLinesWithNonLatin1Text() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      sb.append("    $p.name = \"\u00e9\u4e2d\ud83d\ude00\" $p knows $f\n");
    }
    assertThat(checkHuge("100k non-Latin-1 clauses", readQuery(sb.toString())))
        .isEqualTo(Outcome.PARSED);
  }

  @Test
  void hundredThousandQueriesInOneFile() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      switch (i % 10) {
        case 0 -> sb.append("query r").append(i).append("($n:String){match{$p:P}return{$p}}\n");
        case 1 -> sb.append("query i(){insert P{a:1}} ");
        case 2 -> sb.append("query u()@description(\"d\"){update P set{a:2}where a=1} ");
        default -> sb.append("query d(){delete P where a=1} ");
      }
    }
    String queries = sb.toString();
    Result result = checkHugeDetailed("100k queries", queries);
    assertThat(result.outcome()).isEqualTo(Outcome.PARSED);
    assertThat(result.file().queries()).hasSize(100_000);
    assertThat(checkHuge("100k queries, bad tail", queries + "query x("))
        .isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("100k queries, bad head", "query" + queries)).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void thirtyThousandItemsInEveryList() {
    int n = 30_000;
    String[] inputs = {
      "query q(" + "$a: String, ".repeat(n) + "$z: I64) { match { $p: P } return { $p } }",
      "query q() { match { $p: P { " + "a: 1, ".repeat(n) + "b: 2 } } return { $p } }",
      "query q() { match { $p: P } return { " + "$p.a as x, ".repeat(n) + " } }",
      "query q() { match { $p: P } return { " + "$p.a ".repeat(n) + " } }",
      "query q() { match { $p: P } return { $p } order { " + "$p.a desc, ".repeat(n) + "x } }",
      "query q() { insert P { " + "a: 1 ".repeat(n) + "} }",
      "query q() { update P set { " + "a: $x, ".repeat(n) + "} where a = 1 }",
      "query q() { " + "delete P where a = 1 ".repeat(n) + "}",
      "query q() { match { $p.a = [" + "1, ".repeat(n) + "1] } return { $p } }",
      "query q() { match { $p: P } return { $p } order { "
          + "rrf(nearest($p.e, $q), bm25($p.t, $q)), ".repeat(n / 10)
          + "x } }",
    };
    for (int i = 0; i < inputs.length; i++) {
      assertThat(checkHuge("30k items " + i, inputs[i])).as("list %d", i).isEqualTo(Outcome.PARSED);
    }
    String annotations = "@description(\"d\") ".repeat(n);
    assertThat(checkHuge("30k annotations", "query q() " + annotations + "{ insert P { a: 1 } }"))
        .isEqualTo(Outcome.REJECTED); // each annotation at most once
  }

  @Test
  void oneMegabyteStrings() {
    String body = "x".repeat(1 << 20);
    String escapes = "\\\\\\n\\t\\\"".repeat(1 << 17);
    String unicode = "\u00e9\ud83d\ude00\u4e2d".repeat(1 << 18);
    for (String s : new String[] {body, escapes, unicode}) {
      String lit = "\"" + s + "\"";
      String[] parsed = {
        "query q() @description(" + lit + ") @instruction(" + lit + ")\n{ insert P { a: 1 } }",
        "query q() {\n match { $p: P { name: " + lit + "\n} }\n return { $p }\n}",
        "query q() {\n match { $p.a = " + lit + "\n}\n return { $p }\n}",
        "query q() {\n match { search($p.a, " + lit + "\n) }\n return { $p }\n}",
        "query q() {\n match { $p.a = [" + lit + ",\n" + lit + "\n] }\n return { $p }\n}",
        "query q() {\n match { $p.a = date(" + lit + "\n) }\n return { $p }\n}",
        "query q() {\n match { $p.a = datetime(" + lit + "\n) }\n return { $p }\n}",
        "query q() {\n insert P { a: " + lit + "\n}\n}",
        "query q() {\n delete P where a = " + lit + "\n}",
      };
      for (int i = 0; i < parsed.length; i++) {
        assertThat(checkHuge("1 MB string " + i, parsed[i]))
            .as("input %d", i)
            .isEqualTo(Outcome.PARSED);
      }
    }
    String[] rejected = {
      "query q() @description(\"" + body + "\\q\") { insert P { a: 1 } }",
      "query q() { match { $p.a = \"" + body + "\\u0041\" } return { $p } }",
      "query q() { match { $p.a = \"" + body,
      "query q() { match { $p.a = \"" + body + "\\",
      "query q() { insert P { a: \"" + unicode,
      "query q() { match { $p.a = \"" + unicode + "\" } return {",
      "query q() { match { $p.a = X" + body + " } return { $p } }",
      "query q() @description(\""
          + body
          + "\") @description(\""
          + body
          + "\") { insert P { a: 1 } }",
    };
    for (int i = 0; i < rejected.length; i++) {
      assertThat(checkHuge("1 MB string, bad " + i, rejected[i]))
          .as("input %d", i)
          .isEqualTo(Outcome.REJECTED);
    }
  }

  /** How a huge number in one position must come out: parsed, or rejected with this message. */
  private record NumberCase(String label, String text, String rejection) {}

  private static void checkNumbers(List<NumberCase> cases) {
    for (NumberCase c : cases) {
      Result result = checkHugeDetailed(c.label(), c.text());
      if (c.rejection() == null) {
        assertThat(result.outcome()).as(c.label()).isEqualTo(Outcome.PARSED);
      } else {
        assertThat(result.outcome()).as(c.label()).isEqualTo(Outcome.REJECTED);
        assertThat(result.error().getMessage()).as(c.label()).contains(c.rejection());
      }
    }
  }

  /** A number of {@code digits} nines in every position the grammar takes a number. */
  private static List<NumberCase> numberPositions(int count) {
    String d = "9".repeat(count);
    String badInt = "invalid integer";
    String badFloat = "invalid float";
    String read = "query q($q: String) { match { $p: Person } return { $p } ";
    return List.of(
        new NumberCase("limit", read + "limit " + d + " }", badInt),
        new NumberCase("hop min", readQuery("$p knows{" + d + ",3} $f"), badInt),
        new NumberCase("hop max", readQuery("$p knows{1," + d + "} $f"), badInt),
        new NumberCase("undirected hop", readQuery("$p <knows>{" + d + ",} $f"), badInt),
        new NumberCase("filter right", readQuery("$p.age > " + d), badInt),
        new NumberCase("filter left", readQuery(d + " < $p.age"), badInt),
        new NumberCase("prop match", readQuery("$p: P { age: " + d + " }"), badInt),
        new NumberCase("list element", readQuery("$p.age = [1, [" + d + "]]"), badInt),
        new NumberCase("float integer part", readQuery("$p.x > " + d + ".5"), badFloat),
        new NumberCase("float both parts", readQuery("$p.x > " + d + "." + d), badFloat),
        new NumberCase("float fraction", readQuery("$p.x > 0." + d), null),
        new NumberCase("leading zeros", readQuery("$p.x > " + "0".repeat(count) + "1"), null),
        new NumberCase("fuzzy max edits", readQuery("fuzzy($p.name, $q, " + d + ")"), badInt),
        new NumberCase("search argument", readQuery("search($p.name, " + d + ")"), badInt),
        new NumberCase(
            "aggregate", "query q() { match { $p: P } return { sum(" + d + ") } }", badInt),
        new NumberCase("projection", "query q() { match { $p: P } return { " + d + " } }", badInt),
        new NumberCase("ordering", read + "order { " + d + " desc } }", badInt),
        new NumberCase("nearest query", read + "order { nearest($p.e, " + d + ") } }", badInt),
        new NumberCase(
            "rrf k",
            read + "order { rrf(nearest($p.e, $q), bm25($p.t, $q), " + d + ") } }",
            badInt),
        new NumberCase("insert", "query q() { insert P { a: " + d + " } }", badInt),
        new NumberCase(
            "update set", "query q() { update P set { a: " + d + " } where a = 1 }", badInt),
        new NumberCase(
            "update where", "query q() { update P set { a: 1 } where a = " + d + " }", badInt),
        new NumberCase("delete where", "query q() { delete P where a >= " + d + " }", badInt));
  }

  @Test
  void hundredThousandDigitNumbersInEveryNumericPosition() {
    checkNumbers(numberPositions(100_000));
    // The vector dimension is kept as text by the parser; either outcome is a clean one.
    String d = "9".repeat(100_000);
    checkHuge("vector dimension", "query q($v: Vector(" + d + ")) { insert P { a: $v } }");
    checkHuge(
        "vector dimension, leading zeros",
        "query q($v: Vector(" + "0".repeat(100_000) + "4)) { insert P { a: $v } }");
    checkHuge("bare digits", d);
    checkHuge("digits as a query name", "query " + d + "() { insert P { a: 1 } }");
  }

  @Test
  void millionDigitNumbers() {
    String d = "9".repeat(1_000_000);
    checkNumbers(
        List.of(
            new NumberCase(
                "limit",
                "query q() { match { $p: P } return { $p } limit " + d + " }",
                "invalid integer"),
            new NumberCase("hop", readQuery("$p knows{1," + d + "} $f"), "invalid integer"),
            new NumberCase("float", readQuery("$p.x > " + d + "." + d), "invalid float")));
  }

  @Test
  void hugeTriviaAndUnterminatedComments() {
    String lines = "// comment line\n".repeat(65_536);
    String query = "query q() { insert P { a: 1 } }";
    assertThat(checkHuge("1 MB of line comments", lines + query)).isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("1 MB whitespace", " \t\r\n".repeat(1 << 18) + query))
        .isEqualTo(Outcome.PARSED);
    String spaced = query.replace(" ", " \t\r\n".repeat(1 << 12) + "/* c */");
    assertThat(checkHuge("4 KB of trivia between tokens", spaced)).isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("unterminated comment, 1 MB", "/*" + "x".repeat(1 << 20)))
        .isEqualTo(Outcome.REJECTED);
    assertThat(
            checkHuge(
                "unterminated comment mid-query",
                "query q() { match { $p: P /*" + lines + " } return { $p } }"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(checkHuge("\\r-only line ends", (query + "\r").repeat(10_000)))
        .isEqualTo(Outcome.PARSED);
    assertThat(checkHuge("many closed comments", ("/* c */" + query).repeat(10_000)))
        .isEqualTo(Outcome.PARSED);
  }

  /** Inputs that look deep but never make the parser recurse deeply. */
  @Test
  void deeplyNestedLookingInput() {
    int n = 10_000;
    String[] shapes = {
      "(".repeat(n),
      ")".repeat(n),
      "{".repeat(n),
      "}".repeat(n),
      "[".repeat(n),
      "not { ".repeat(n),
      "count(".repeat(n),
      "query q() { match { " + "{".repeat(n),
      "query q() { match { $p: Person " + "{ ".repeat(n),
      "query q() { match { $p knows " + "{".repeat(n),
      "query q() { match { $p " + "<".repeat(n),
      "query q() { match { " + "$p ".repeat(n) + "} return { $p } }",
      "query q() { match { " + "$p knows ".repeat(n) + "$f } return { $p } }",
      "query q() { match { " + "$p.".repeat(n) + "a = 1 } return { $p } }",
      "query q() { match { $p: P } return { " + "as ".repeat(n) + "} }",
      "query q() { match { $p: P } return { $p } order { " + "desc ".repeat(n) + "} }",
      "query q() { match { $p: P } return { $p } " + "limit 1 ".repeat(n) + "}",
      "query q() " + "{ ".repeat(n) + "}".repeat(n),
      "query q(" + "(".repeat(n),
      "query q() { insert P " + "{ ".repeat(n),
      "query q() { update P set " + "{ a: 1 } ".repeat(n) + "where a = 1 }",
      "query ".repeat(n),
      "query q() ".repeat(n),
      "/*".repeat(n),
      "/* */".repeat(n) + "query",
      "\"".repeat(n),
      "$".repeat(n),
      "@".repeat(n),
    };
    for (int i = 0; i < shapes.length; i++) {
      checkHuge("nested-looking shape " + i, shapes[i]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Deep nesting: the parser recurses once per level, and bounds how deep it goes
  // ---------------------------------------------------------------------------------------------

  /** Each shape nests {@code depth} levels: closed (valid) and cut off inside the innermost. */
  private static final List<IntFunction<String>> NEGATIONS =
      List.of(
          n -> readQuery("not { ".repeat(n) + "$p knows $f " + "} ".repeat(n)),
          n -> readQuery("not { ".repeat(n) + "$p knows $f "),
          n -> readQuery("not { $p: P ".repeat(n) + "} ".repeat(n)),
          n ->
              readQuery("not { $p knows $f not { ".repeat(n) + "$p.a = [1] " + "} ".repeat(2 * n)));

  private static final List<IntFunction<String>> LISTS =
      List.of(
          n -> readQuery("$p.a = " + "[".repeat(n) + "1" + "]".repeat(n)),
          n -> readQuery("$p.a = " + "[".repeat(n)),
          n -> readQuery("$p: P { a: " + "[".repeat(n) + "]".repeat(n) + " }"),
          n -> readQuery("$p.a = " + "[1, ".repeat(n) + "2" + "]".repeat(n)),
          n -> "query q() { insert P { a: " + "[".repeat(n) + "]".repeat(n) + " } }",
          n -> "query q() { delete P where a = " + "[".repeat(n) + "]".repeat(n) + " }",
          n -> "query q() { match { $p: P } return { " + "[".repeat(n) + "]".repeat(n) + " } }");

  private static final List<IntFunction<String>> CALLS =
      List.of(
          n ->
              "query q() { match { $p: P } return { "
                  + "count(".repeat(n)
                  + "$p"
                  + ")".repeat(n)
                  + " } }",
          n -> "query q() { match { $p: P } return { " + "count(".repeat(n) + "$p",
          n -> readQuery("sum(avg(min(max(".repeat(n / 4) + "$p.a" + "))))".repeat(n / 4) + " > 1"),
          n -> readQuery("search(".repeat(n) + "$p.a" + ", $q)".repeat(n)),
          n -> readQuery("search(".repeat(n) + "$p.a"),
          n -> readQuery("fuzzy(".repeat(n) + "$p.a" + ", $q)".repeat(n)),
          n -> readQuery("fuzzy($p.a, $q, ".repeat(n) + "1" + ")".repeat(n)),
          n -> readQuery("match_text($p.a, ".repeat(n) + "$q" + ")".repeat(n)),
          n -> readQuery("$p.a = " + "bm25(".repeat(n) + "$p.a" + ", $q)".repeat(n)),
          n ->
              "query q() { match { $p: P } return { $p } order { "
                  + "nearest($p.e, ".repeat(n)
                  + "$q"
                  + ")".repeat(n)
                  + " } }",
          n -> "query q() { match { $p: P } return { $p } order { " + "nearest($p.e, ".repeat(n),
          n ->
              "query q() { match { $p: P } return { $p } order { "
                  + "rrf(bm25($p.a, $q), bm25($p.a, $q), ".repeat(n)
                  + "1"
                  + ")".repeat(n)
                  + " } }",
          n -> readQuery("search(fuzzy(match_text(bm25(count(".repeat(n / 5) + "$p"));

  /** Checks every shape at {@code depth}, reporting each one that fails. */
  private static void checkNested(String kind, List<IntFunction<String>> shapes, int depth) {
    assertAll(
        IntStream.range(0, shapes.size())
            .mapToObj(i ->
                () ->
                    checkHuge(
                        kind + " shape " + i + " depth " + depth, shapes.get(i).apply(depth))));
  }

  /**
   * Nesting around the parser's depth bound (QueryParser.MAX_NESTING): parsed below it, a clean
   * CompileError above it; the property holds either way.
   */
  @Test
  void moderatelyNestedInput() {
    for (int depth : new int[] {1, 2, 10, 64, 127, 128, 129, 200}) {
      checkNested("negation", NEGATIONS, depth);
      checkNested("list", LISTS, depth);
      checkNested("call", CALLS, depth);
    }
  }

  /**
   * 10,000 levels of nested {@code not {...}} blocks: before the parser bounded its nesting this
   * overflowed the stack (StackOverflowError instead of a CompileError).
   */
  @Test
  void tenThousandNestedNegations() {
    checkNested("negation", NEGATIONS, 10_000);
  }

  /**
   * 10,000 levels of nested list literals: before the parser bounded its nesting this overflowed
   * the stack (StackOverflowError instead of a CompileError).
   */
  @Test
  void tenThousandNestedListLiterals() {
    checkNested("list", LISTS, 10_000);
  }

  /**
   * 10,000 levels of nested calls: before the parser bounded its nesting this overflowed the stack
   * (StackOverflowError instead of a CompileError).
   */
  @Test
  void tenThousandNestedCalls() {
    checkNested("call", CALLS, 10_000);
  }
}

package dev.omnigraph.lang.query;

import static dev.omnigraph.lang.source.ParserFuzzHarness.pick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.ParserFuzzHarness;
import dev.omnigraph.lang.source.ParserFuzzHarness.Outcome;
import dev.omnigraph.lang.source.ParserFuzzHarness.Result;
import dev.omnigraph.lang.source.SourceText;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
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
  private static final String FIXTURE_DIR = "/query/fixtures/";
  private static final List<String> FIXTURES = List.of("test.gq", "search.gq");

  private static final String[] PUNCTUATION = {
    ",", ".", "$", "<", ">", "<=", ">=", "!=", "=", "?", "-"
  };

  private static final ParserFuzzHarness<QueryFile> FUZZ =
      new ParserFuzzHarness<>(
          "fuzz.gq",
          QueryCompiler::parse,
          (label, file) ->
              assertThat(file.queries()).as("queries of %s", label).doesNotContainNull(),
          EnumSet.of(ErrorKind.PARSE),
          PUNCTUATION,
          QueryParserPropertyTest::vocabularyToken);

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

  @Test
  void randomTextNeverCrashes() {
    FUZZ.checkGenerated(
        "randomText", new long[] {1L, 2L, 0x5eed_cafeL}, 3_000, r -> FUZZ.randomText(r, false));
  }

  /** Query-shaped text with stray characters: exercises the error path inside every production. */
  @Test
  void validPrefixFollowedByRandomTextNeverCrashes() {
    FUZZ.checkPrefixedRandomText(
        77L,
        3_000,
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
        "query q() { delete P where a ");
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

  private static final String[] STRINGS =
      ParserFuzzHarness.stringLiterals("\"2024-01-15\"", "\"2024-01-15T10:00:00Z\"");

  private static final String[] LONE_SURROGATE_TOKENS =
      ParserFuzzHarness.loneSurrogateTokens("$p\ud800", "$\udfff", "Person\ud800");

  private static String vocabularyToken(SplittableRandom r, boolean loneSurrogates) {
    if (loneSurrogates && r.nextInt(12) == 0) {
      return pick(r, LONE_SURROGATE_TOKENS);
    }
    return switch (r.nextInt(12)) {
      case 0, 1, 2, 3 -> pick(r, KEYWORDS_AND_SYMBOLS);
      case 4 -> pick(r, VARIABLES);
      case 5 -> pick(r, TYPE_NAMES);
      case 6 -> pick(r, IDENTS);
      case 7 -> pick(r, NUMBERS);
      case 8 -> pick(r, STRINGS);
      case 9 -> ParserFuzzHarness.comment(r);
      case 10 ->
          ParserFuzzHarness.randomWord(r, "$ABCXYZabcxyz_0123456789", "ABCabcxyz_0123456789");
      default -> FUZZ.randomChar(r, loneSurrogates);
    };
  }

  @Test
  void tokenSoupNeverCrashes() {
    FUZZ.checkGenerated("tokenSoup", new long[] {11L, 12L}, 4_000, r -> tokenSoup(r, false));
  }

  /**
   * Up to 60 vocabulary tokens joined by random whitespace and comments, or by nothing; often
   * behind a query header so the soup lands inside a match, return or mutation body.
   */
  private static String tokenSoup(SplittableRandom r, boolean loneSurrogates) {
    String[] heads = {
      "", "", "query q() {", "query q() { match {", "query q() { match { $p: P } return {",
    };
    return FUZZ.tokenSoup(r, rr -> pick(rr, heads), true, loneSurrogates);
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
    ParserFuzzHarness.batch(() -> {
      SplittableRandom r = new SplittableRandom(2024L);
      int parsed = 0;
      int rejected = 0;
      for (int i = 0; i < 4_000; i++) {
        boolean valid = i % 3 == 0;
        Grammar g = new Grammar(r, valid ? 0.0 : 0.03, valid, false);
        String text = g.file();
        Outcome outcome = FUZZ.check("grammar i=" + i + (valid ? " (valid)" : ""), text);
        if (valid) {
          assertThat(outcome)
              .as(
                  "a strictly valid query must parse: grammar i=%d: %s",
                  i, ParserFuzzHarness.describe(text))
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
  private static final class Grammar extends ParserFuzzHarness.Walk {
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

    private final boolean valid;

    Grammar(SplittableRandom r, double noise, boolean valid, boolean loneSurrogates) {
      super(QueryParserPropertyTest::vocabularyToken, r, noise, loneSurrogates);
      this.valid = valid;
    }

    String file() {
      int queries = r.nextInt(0, 4);
      for (int i = 0; i < queries; i++) {
        query();
        emit("\n");
      }
      return text();
    }

    /** True now and then when invalid choices are allowed. */
    private boolean wrong() {
      return !valid && chance(25);
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
        case 0 -> emitAll("now", "(", ")");
        case 1 -> nearest(depth + 1);
        case 2 -> searchCall(depth + 1);
        case 3 -> call("bm25", depth);
        case 4 -> {
          emitAll("rrf", "(");
          rankExpr(depth + 1);
          emit(",");
          rankExpr(depth + 1);
          optionalArgument(depth);
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
        call("bm25", depth);
      }
    }

    private void searchCall(int depth) {
      switch (r.nextInt(3)) {
        case 0 -> call("search", depth);
        case 1 -> {
          openCall("fuzzy", depth);
          optionalArgument(depth);
          emit(")");
        }
        default -> call("match_text", depth);
      }
    }

    /** {@code name(expr, expr)}, its arguments one level deeper than {@code depth}. */
    private void call(String name, int depth) {
      openCall(name, depth);
      emit(")");
    }

    /** {@link #call} without the closing parenthesis, so an optional argument may follow. */
    private void openCall(String name, int depth) {
      emitAll(name, "(");
      expr(depth + 1);
      emit(",");
      expr(depth + 1);
    }

    private void optionalArgument(int depth) {
      if (chance(2)) {
        emit(",");
        expr(depth + 1);
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
        case 4 -> emitAll("date", "(", "\"2024-01-15\"", ")");
        case 5 -> emitAll("datetime", "(", "\"2024-01-15T10:00:00Z\"", ")");
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
        case 1 -> emitAll("now", "(", ")");
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
    FUZZ.checkMutatedFixtures(0xf1c5L, 5_000, FIXTURES, fixtures());
  }

  /**
   * Text with unpaired surrogates, which a Java caller can pass although no decoder produces it:
   * random text, token soup, grammar-shaped queries and fixtures with split surrogate pairs.
   */
  @Test
  void loneSurrogatesNeverCrash() {
    List<String> fixtures = fixtures();
    ParserFuzzHarness.batch(() -> {
      SplittableRandom r = new SplittableRandom(0x0dd5_5a11L);
      for (int i = 0; i < 1_500; i++) {
        FUZZ.check("loneSurrogates randomText i=" + i, FUZZ.randomText(r, true));
        FUZZ.check("loneSurrogates tokenSoup i=" + i, tokenSoup(r, true));
        FUZZ.check("loneSurrogates grammar i=" + i, new Grammar(r, 0.04, false, true).file());
        String fixture = fixtures.get(r.nextInt(fixtures.size()));
        String emoji = fixture.replace("friends", "\ud83d\ude00friends");
        FUZZ.check(
            "loneSurrogates mutated i=" + i,
            FUZZ.mutateCodePoints(r, emoji, r.nextInt(1, 5), true));
      }
      FUZZ.check("lone high surrogate", "\ud800");
      FUZZ.check("lone low surrogate in a comment", "// \udc00\nquery q() { insert P { a: 1 } }");
      FUZZ.check(
          "lone surrogate in a string", "query q() @description(\"\ud800\") { insert P { a: 1 } }");
      FUZZ.check(
          "escaped lone surrogate", "query q() { match { $p.a = \"\\\ud800\" } return { $p } }");
      FUZZ.check("lone surrogate after a variable", "query q() { match { $p\udc00: P } }");
    });
  }

  /** Every prefix of every fixture: each is either a valid query file or a clean error. */
  @Test
  void everyFixturePrefixNeverCrashes() {
    List<String> fixtures = fixtures();
    ParserFuzzHarness.batch(() -> {
      for (int f = 0; f < fixtures.size(); f++) {
        int parsed = FUZZ.checkPrefixes(FIXTURES.get(f), fixtures.get(f));
        // The empty prefix, each prefix ending after a whole query, and the whole file.
        assertThat(parsed).as("parsing prefixes of %s", FIXTURES.get(f)).isGreaterThan(2);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Huge inputs
  // ---------------------------------------------------------------------------------------------

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
    Result<QueryFile> result = FUZZ.checkHugeDetailed("100k clauses", readQuery(clauses));
    assertThat(result.outcome()).isEqualTo(Outcome.PARSED);
    assertThat(result.parsed().queries().getFirst().match()).hasSize(100_001);
    String unclosed = "query q() { match { $p: Person\n" + clauses;
    assertThat(FUZZ.checkHuge("100k clauses, unclosed", unclosed)).isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("100k clauses, bad tail", readQuery(clauses + "$p.age >")))
        .isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("100k clauses, bad head", readQuery("$P" + clauses)))
        .isEqualTo(Outcome.REJECTED);
  }

  @Test
  void hundredThousandClausesOnOneAsciiLine() {
    String clauses = "$p.age > 30 $p knows $f ".repeat(50_000);
    assertThat(FUZZ.checkHuge("100k clauses on one line", readQuery(clauses).replace('\n', ' ')))
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
    assertThat(FUZZ.checkHuge("100k clauses on one non-Latin-1 line", text))
        .isEqualTo(Outcome.PARSED);
    StringBuilder queries = new StringBuilder("// \u00e9\u4e2d\n");
    for (int i = 0; i < 20_000; i++) {
      queries.append("query q").append(i).append("() { match { $p: P } return { $p } } ");
    }
    assertThat(FUZZ.checkHuge("20k queries on one non-Latin-1 line", queries.toString()))
        .isEqualTo(Outcome.PARSED);
  }

  @Test
  void hundredThousandClausesOnManyLinesWithNonLatin1Text() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      sb.append("    $p.name = \"\u00e9\u4e2d\ud83d\ude00\" $p knows $f\n");
    }
    assertThat(FUZZ.checkHuge("100k non-Latin-1 clauses", readQuery(sb.toString())))
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
    Result<QueryFile> result = FUZZ.checkHugeDetailed("100k queries", queries);
    assertThat(result.outcome()).isEqualTo(Outcome.PARSED);
    assertThat(result.parsed().queries()).hasSize(100_000);
    assertThat(FUZZ.checkHuge("100k queries, bad tail", queries + "query x("))
        .isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("100k queries, bad head", "query" + queries))
        .isEqualTo(Outcome.REJECTED);
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
    FUZZ.expectEachHuge("30k items ", Outcome.PARSED, inputs);
    String annotations = "@description(\"d\") ".repeat(n);
    assertThat(
            FUZZ.checkHuge("30k annotations", "query q() " + annotations + "{ insert P { a: 1 } }"))
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
      FUZZ.expectEachHuge("1 MB string ", Outcome.PARSED, parsed);
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
    FUZZ.expectEachHuge("1 MB string, bad ", Outcome.REJECTED, rejected);
  }

  /** How a huge number in one position must come out: parsed, or rejected with this message. */
  private record NumberCase(String label, String text, String rejection) {}

  private static void checkNumbers(List<NumberCase> cases) {
    for (NumberCase c : cases) {
      Result<QueryFile> result = FUZZ.checkHugeDetailed(c.label(), c.text());
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
    FUZZ.checkHuge("vector dimension", "query q($v: Vector(" + d + ")) { insert P { a: $v } }");
    FUZZ.checkHuge(
        "vector dimension, leading zeros",
        "query q($v: Vector(" + "0".repeat(100_000) + "4)) { insert P { a: $v } }");
    FUZZ.checkHuge("bare digits", d);
    FUZZ.checkHuge("digits as a query name", "query " + d + "() { insert P { a: 1 } }");
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
    assertThat(FUZZ.checkHuge("1 MB of line comments", lines + query)).isEqualTo(Outcome.PARSED);
    assertThat(FUZZ.checkHuge("1 MB whitespace", " \t\r\n".repeat(1 << 18) + query))
        .isEqualTo(Outcome.PARSED);
    String spaced = query.replace(" ", " \t\r\n".repeat(1 << 12) + "/* c */");
    assertThat(FUZZ.checkHuge("4 KB of trivia between tokens", spaced)).isEqualTo(Outcome.PARSED);
    assertThat(FUZZ.checkHuge("unterminated comment, 1 MB", "/*" + "x".repeat(1 << 20)))
        .isEqualTo(Outcome.REJECTED);
    assertThat(
            FUZZ.checkHuge(
                "unterminated comment mid-query",
                "query q() { match { $p: P /*" + lines + " } return { $p } }"))
        .isEqualTo(Outcome.REJECTED);
    assertThat(FUZZ.checkHuge("\\r-only line ends", (query + "\r").repeat(10_000)))
        .isEqualTo(Outcome.PARSED);
    assertThat(FUZZ.checkHuge("many closed comments", ("/* c */" + query).repeat(10_000)))
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
    FUZZ.checkEachHuge("nested-looking shape ", shapes);
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
                    FUZZ.checkHuge(
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

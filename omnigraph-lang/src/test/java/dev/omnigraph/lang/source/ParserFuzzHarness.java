package dev.omnigraph.lang.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/**
 * Checks that a parse function, on any input, returns a non-null result that passes the caller's
 * check or throws a {@link CompileError} of an expected kind whose span lies within the input's
 * UTF-8 bytes, whose position lies within its lines and whose rendering names {@code
 * name:line:col}, never throws anything else and never overruns its time limits; and generates the
 * random, token-soup and mutated inputs that exercise this.
 */
public final class ParserFuzzHarness<T> {
  public enum Outcome {
    PARSED,
    REJECTED
  }

  public record Result<R>(Outcome outcome, R parsed, CompileError error) {}

  @FunctionalInterface
  public interface Vocabulary {
    String token(SplittableRandom r, boolean loneSurrogates);
  }

  /**
   * One parse using this much CPU means a pathological blow-up (quadratic work), not slowness.
   * Measured as the parsing thread's CPU time, which other processes' load does not inflate, so a
   * busy machine cannot make the check flake.
   */
  private static final Duration PER_CALL_CPU_LIMIT = Duration.ofSeconds(2);

  /**
   * Preemptive wall-clock guard for a whole batch, so a parse that never returns still fails the
   * test; generous, because wall time does stretch under load.
   */
  private static final Duration BATCH_LIMIT = Duration.ofMinutes(2);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Random text favours these, with each parser's own punctuation between the two lists; the order
   * is part of every seeded input.
   */
  private static final List<String> ODD_CHARS_BEFORE =
      List.of(
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
          ":");

  private static final List<String> ODD_CHARS_AFTER = List.of("_", "0", "9", "A", "Z", "a", "z");

  /**
   * String literals that both languages' scanner must survive; each parser's own sit between the
   * two lists, for the same reason.
   */
  private static final List<String> STRING_LITERALS_BEFORE =
      List.of(
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
          "\"\u00e9\u4e2d\ud83d\ude00\"");

  private static final List<String> STRING_LITERALS_AFTER = List.of("\"\\0\"", "\"a\\\\\"");

  /** Tokens with unpaired surrogates: only Java callers can build such text (decoding cannot). */
  private static final List<String> LONE_SURROGATE_TOKENS =
      List.of(
          "\ud800",
          "\udfff",
          "\udc00\ud800",
          "\"\\\ud800\"",
          "\"a\udbff\"",
          "/* \udc00 */",
          "// \ud800\n",
          "\ud83d",
          "\ude00");

  private static final List<String> COMMENTS =
      List.of(
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
          "#");

  private static final List<String> SEPARATORS =
      List.of("", " ", " ", " ", "\n", "\t", "\r\n", "  ", "\r", " /* c */ ", "// c\n", "\n\n");

  private final String name;
  private final Pattern location;
  private final Function<SourceText, T> parse;
  private final BiConsumer<String, T> checkParsed;
  private final Set<ErrorKind> kinds;
  private final List<String> oddChars;
  private final Vocabulary vocabulary;

  public ParserFuzzHarness(
      String name,
      Function<SourceText, T> parse,
      BiConsumer<String, T> checkParsed,
      Set<ErrorKind> kinds,
      String[] punctuation,
      Vocabulary vocabulary) {
    this.name = name;
    this.location = Pattern.compile(Pattern.quote(name) + ":\\d+:\\d+");
    this.parse = parse;
    this.checkParsed = checkParsed;
    this.kinds = Set.copyOf(kinds);
    this.oddChars = List.of(around(ODD_CHARS_BEFORE, punctuation, ODD_CHARS_AFTER));
    this.vocabulary = vocabulary;
  }

  // ---------------------------------------------------------------------------------------------
  // The property
  // ---------------------------------------------------------------------------------------------

  /**
   * Parses {@code text} and checks the property; {@code label} says which generator, seed and
   * iteration produced the input.
   */
  public Outcome check(String label, String text) {
    return checkDetailed(label, text).outcome();
  }

  public Result<T> checkDetailed(String label, String text) {
    long start = THREADS.getCurrentThreadCpuTime();
    Result<T> result;
    SourceText source = null;
    try {
      source = SourceText.of(name, text);
      T parsed = parse.apply(source);
      assertThat(parsed).as("result for %s", label).isNotNull();
      checkParsed.accept(label, parsed);
      result = new Result<>(Outcome.PARSED, parsed, null);
    } catch (CompileError e) {
      checkError(label, text, source, e);
      result = new Result<>(Outcome.REJECTED, null, e);
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
    Duration took = Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start);
    if (took.compareTo(PER_CALL_CPU_LIMIT) > 0) {
      fail("parse used " + took.toMillis() + " ms of CPU for " + label + ": " + describe(text));
    }
    return result;
  }

  private void checkError(String label, String text, SourceText source, CompileError e) {
    String where = label + ": " + describe(text);
    assertThat(e.kind()).as("kind of '%s' for %s", e.getMessage(), where).isIn(kinds);
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
    assertThat(e.source().get().name()).isEqualTo(name);
    Position position = e.position().orElseThrow();
    assertThat(position.line()).as("line for %s", where).isBetween(1, source.lineCount());
    assertThat(position.column()).as("column for %s", where).isPositive();
    assertThat(rendered)
        .as("render for %s", where)
        .contains(name + ":" + position.line() + ":" + position.column());
    assertThat(location.matcher(rendered).find())
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
  public static String describe(String text) {
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

  public static String resource(String path) {
    try (InputStream in = ParserFuzzHarness.class.getResourceAsStream(path)) {
      assertThat(in).as("resource %s", path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> resources(String dir, List<String> names) {
    return names.stream().map(n -> resource(dir + n)).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Batches and huge inputs: a parse that never returns must still fail the test
  // ---------------------------------------------------------------------------------------------

  public static void batch(Executable body) {
    assertTimeoutPreemptively(BATCH_LIMIT, body);
  }

  public Outcome checkHuge(String label, String text) {
    return checkHugeDetailed(label, text).outcome();
  }

  /**
   * Parses a huge input once unmeasured, then checks it. The CPU limit judges the parser's
   * complexity, but a first parse of a megabyte input in a fresh JVM runs largely interpreted, and
   * how long that lasts depends on how soon the JIT threads get a core, which other processes' load
   * does change. The warmed parse is linear-time work well under the limit, while a quadratic
   * blow-up still exceeds it (or the batch limit, on the unmeasured pass) by orders of magnitude.
   */
  public Result<T> checkHugeDetailed(String label, String text) {
    return assertTimeoutPreemptively(
        BATCH_LIMIT,
        () -> {
          warmUp(text);
          return checkDetailed(label, text);
        });
  }

  private void warmUp(String text) {
    try {
      var _ = parse.apply(SourceText.of(name, text));
    } catch (RuntimeException | StackOverflowError e) {
      // The measured pass that follows reports whatever this input does wrong.
    }
  }

  /** Each input gets a batch budget of its own. */
  public void checkEachHuge(String label, String... inputs) {
    for (int i = 0; i < inputs.length; i++) {
      checkHuge(label + i, inputs[i]);
    }
  }

  public void expectEachHuge(String label, Outcome expected, String... inputs) {
    for (int i = 0; i < inputs.length; i++) {
      assertThat(checkHuge(label + i, inputs[i])).as("input %d", i).isEqualTo(expected);
    }
  }

  /**
   * One batch of {@code iterations} inputs per seed, labelled {@code "<generator> seed=S i=I"} so a
   * failure names what reproduces it.
   */
  public void checkGenerated(
      String generator, long[] seeds, int iterations, Function<SplittableRandom, String> generate) {
    batch(() -> {
      for (long seed : seeds) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < iterations; i++) {
          check(generator + " seed=" + seed + " i=" + i, generate.apply(r));
        }
      }
    });
  }

  public void checkPrefixedRandomText(long seed, int iterations, String... prefixes) {
    batch(() -> {
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < iterations; i++) {
        String text = prefixes[r.nextInt(prefixes.length)] + randomText(r, false);
        check("prefixedRandom i=" + i, text);
      }
    });
  }

  public void checkMutatedFixtures(
      long seed, int iterations, List<String> names, List<String> fixtures) {
    batch(() -> {
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < iterations; i++) {
        int which = r.nextInt(fixtures.size());
        String original = fixtures.get(which);
        int mutations = r.nextInt(1, 5);
        String text =
            r.nextBoolean()
                ? mutateBytes(r, original, mutations)
                : mutateCodePoints(r, original, mutations, false);
        check("mutated " + names.get(which) + " i=" + i, text);
      }
    });
  }

  public int checkPrefixes(String fixture, String text) {
    int parsed = 0;
    for (int end = 0; end <= text.length(); end++) {
      if (check("prefix of " + fixture + " end=" + end, text.substring(0, end)) == Outcome.PARSED) {
        parsed++;
      }
    }
    return parsed;
  }

  // ---------------------------------------------------------------------------------------------
  // Generators
  // ---------------------------------------------------------------------------------------------

  public static String[] stringLiterals(String... own) {
    return around(STRING_LITERALS_BEFORE, own, STRING_LITERALS_AFTER);
  }

  public static String[] loneSurrogateTokens(String... own) {
    return around(LONE_SURROGATE_TOKENS, own, List.of());
  }

  private static String[] around(List<String> before, String[] own, List<String> after) {
    return Stream.of(before, List.of(own), after).flatMap(List::stream).toArray(String[]::new);
  }

  public static String pick(SplittableRandom r, String[] options) {
    return options[r.nextInt(options.length)];
  }

  public static String comment(SplittableRandom r) {
    return COMMENTS.get(r.nextInt(COMMENTS.size()));
  }

  public static String randomWord(SplittableRandom r, String first, String rest) {
    StringBuilder sb = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
    int n = r.nextInt(0, 10);
    for (int i = 0; i < n; i++) {
      sb.append(rest.charAt(r.nextInt(rest.length())));
    }
    return sb.toString();
  }

  public String randomChar(SplittableRandom r, boolean loneSurrogates) {
    while (true) {
      String s =
          switch (r.nextInt(6)) {
            case 0 -> String.valueOf((char) r.nextInt(0x20, 0x7f));
            case 1 -> String.valueOf((char) r.nextInt(0x00, 0x20));
            case 2 -> String.valueOf((char) r.nextInt(0x80, 0xd800));
            case 3 -> new String(Character.toChars(r.nextInt(0x10000, 0x110000)));
            case 4 -> String.valueOf((char) r.nextInt(0xd800, 0xe000));
            default -> oddChars.get(r.nextInt(oddChars.size()));
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

  public String randomText(SplittableRandom r, boolean loneSurrogates) {
    int length = r.nextInt(4) == 0 ? r.nextInt(0, 8) : r.nextInt(0, 200);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(randomChar(r, loneSurrogates));
    }
    return sb.toString();
  }

  /**
   * Up to 60 vocabulary tokens after {@code head}, joined by random whitespace and comments or, one
   * time in five, by nothing; {@code head} draws from {@code r} after the token count, and {@code
   * separateHead} puts a separator before the first token too.
   */
  public String tokenSoup(
      SplittableRandom r,
      Function<SplittableRandom, String> head,
      boolean separateHead,
      boolean loneSurrogates) {
    int n = r.nextInt(0, 60);
    StringBuilder sb = new StringBuilder(head.apply(r));
    boolean glue = r.nextInt(5) == 0;
    for (int t = 0; t < n; t++) {
      if ((t > 0 || separateHead) && !glue) {
        sb.append(SEPARATORS.get(r.nextInt(SEPARATORS.size())));
      }
      sb.append(vocabulary.token(r, loneSurrogates));
    }
    return sb.toString();
  }

  /** Mutates the UTF-8 bytes (splitting multi-byte characters) and decodes them leniently. */
  public String mutateBytes(SplittableRandom r, String text, int mutations) {
    int[] units =
        mutate(
            r,
            bytesToUnits(text.getBytes(StandardCharsets.UTF_8)),
            mutations,
            true,
            rr -> bytesToUnits(vocabulary.token(rr, false).getBytes(StandardCharsets.UTF_8)));
    byte[] bytes = new byte[units.length];
    for (int i = 0; i < units.length; i++) {
      bytes[i] = (byte) units[i];
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Mutates the text's code points, or with {@code loneSurrogates} its UTF-16 chars (which splits
   * surrogate pairs).
   */
  public String mutateCodePoints(
      SplittableRandom r, String text, int mutations, boolean loneSurrogates) {
    int[] units =
        mutate(
            r,
            loneSurrogates ? text.chars().toArray() : text.codePoints().toArray(),
            mutations,
            false,
            rr -> {
              String token = vocabulary.token(rr, loneSurrogates);
              return loneSurrogates ? token.chars().toArray() : token.codePoints().toArray();
            });
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

  /**
   * Deletes, duplicates, inserts, swaps or truncates; with {@code clampSpans} a range's length is
   * drawn from what remains after its start, which the byte mutator has always done, and the seeded
   * inputs depend on that draw.
   */
  private static int[] mutate(
      SplittableRandom r,
      int[] units,
      int mutations,
      boolean clampSpans,
      Function<SplittableRandom, int[]> token) {
    for (int m = 0; m < mutations; m++) {
      int n = units.length;
      switch (r.nextInt(5)) {
        case 0 -> { // delete a range
          if (n > 0) {
            int from = r.nextInt(n);
            int to = Math.min(n, from + 1 + r.nextInt(spanBound(clampSpans, 40, n - from)));
            units = concat(Arrays.copyOfRange(units, 0, from), Arrays.copyOfRange(units, to, n));
          }
        }
        case 1 -> { // duplicate a range
          if (n > 0) {
            int from = r.nextInt(n);
            int to = Math.min(n, from + 1 + r.nextInt(spanBound(clampSpans, 80, n - from)));
            units =
                concat(
                    Arrays.copyOfRange(units, 0, to),
                    Arrays.copyOfRange(units, from, to),
                    Arrays.copyOfRange(units, to, n));
          }
        }
        case 2 -> { // insert a vocabulary token
          int at = r.nextInt(n + 1);
          units =
              concat(
                  Arrays.copyOfRange(units, 0, at),
                  token.apply(r),
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
    return units;
  }

  private static int spanBound(boolean clamp, int limit, int remaining) {
    return clamp ? 1 + Math.min(limit, remaining) : limit;
  }

  private static int[] bytesToUnits(byte[] bytes) {
    int[] units = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      units[i] = bytes[i];
    }
    return units;
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

  /**
   * A random walk over a grammar; with {@code noise} it sometimes drops a token or emits a
   * vocabulary token instead or after it.
   */
  public abstract static class Walk {
    protected final SplittableRandom r;
    private final Vocabulary vocabulary;
    private final double noise;
    private final boolean loneSurrogates;
    private final StringBuilder out = new StringBuilder();

    protected Walk(
        Vocabulary vocabulary, SplittableRandom r, double noise, boolean loneSurrogates) {
      this.vocabulary = vocabulary;
      this.r = r;
      this.noise = noise;
      this.loneSurrogates = loneSurrogates;
    }

    protected final String text() {
      return out.toString();
    }

    protected final boolean chance(int oneIn) {
      return r.nextInt(oneIn) == 0;
    }

    protected final String pick(String[] options) {
      return ParserFuzzHarness.pick(r, options);
    }

    protected final void emit(String token) {
      if (noise > 0 && r.nextDouble() < noise) {
        switch (r.nextInt(3)) {
          case 0 -> {} // drop the token
          case 1 -> out.append(vocabulary.token(r, loneSurrogates));
          default -> out.append(token).append(vocabulary.token(r, loneSurrogates));
        }
      } else {
        out.append(token);
      }
      // Never glue tokens in a valid walk: "$p" "knows" would scan as the variable "$pknows".
      out.append(SEPARATORS.get(r.nextInt(1, 6)));
    }

    /**
     * Only for fixed tokens: a token that draws from {@code r} must be drawn after the ones before
     * it.
     */
    protected final void emitAll(String... tokens) {
      for (String token : tokens) {
        emit(token);
      }
    }
  }
}

package dev.omnigraph.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators type them for cleanup: a whole number with an optional unit, {@code s},
 * {@code m}, {@code h}, {@code d} or {@code w} ({@code 90m}, {@code 24h}, {@code 7d}, {@code 2w});
 * a bare number is seconds.
 */
final class Durations {
  private static final Pattern FORM = Pattern.compile("([0-9]+)([smhdw]?)");

  private Durations() {}

  /**
   * The duration {@code text} names.
   *
   * @param flag the flag it was given with, for messages
   * @throws CliException if it is not of the form above, or too large
   */
  static Duration parse(String text, String flag) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new CliException(
          flag
              + " '"
              + text
              + "' is not a duration; use a whole number with an optional unit s, m, h, d or w"
              + " (90m, 24h, 7d; a bare number is seconds)");
    }
    try {
      long amount = Long.parseLong(m.group(1));
      long seconds =
          switch (m.group(2)) {
            case "", "s" -> amount;
            case "m" -> Math.multiplyExact(amount, 60L);
            case "h" -> Math.multiplyExact(amount, 3_600L);
            case "d" -> Math.multiplyExact(amount, 86_400L);
            case "w" -> Math.multiplyExact(amount, 604_800L);
            default -> throw new IllegalStateException("the pattern admits no unit " + m.group(2));
          };
      return Duration.ofSeconds(seconds);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new CliException(flag + " '" + text + "' is too large", e);
    }
  }

  /** {@code d} in its largest whole unit ({@code 7d}, {@code 90m}, {@code 0s}), as typed. */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s != 0 && s % 604_800 == 0) {
      return s / 604_800 + "w";
    }
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}

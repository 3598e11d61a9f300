package dev.omnigraph.engine.exec;

import java.math.BigDecimal;

/**
 * The exact order of numbers and strings that reads and mutation predicates share (query language
 * §4.2): integers and floats compare by exact value, not after rounding to double, with NaN above
 * every number and {@code -0.0 < 0} as in Arrow's total order (what storage filters use); strings
 * compare by code point, which is the byte order of their UTF-8 encodings.
 */
public final class ValueOrder {
  // Every integer of magnitude up to 2^53 is exactly a double.
  private static final long EXACT_DOUBLE_INTEGER = 1L << 53;

  private ValueOrder() {}

  /** Exact numeric order of two integer or floating values ({@code Integer}, {@code Long}, ...). */
  public static int compareNumbers(Number a, Number b) {
    boolean af = isFloating(a);
    boolean bf = isFloating(b);
    if (!af && !bf) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (af && bf) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return af
        ? compareDoubleLong(a.doubleValue(), b.longValue())
        : -compareDoubleLong(b.doubleValue(), a.longValue());
  }

  /** Code point order, which is the byte order of the UTF-8 encodings. */
  public static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Only a surrogate against a char at or above U+E000 orders differently by code unit.
        if (Character.isSurrogate(x) != Character.isSurrogate(y)) {
          return Character.isSurrogate(x) ? 1 : -1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static boolean isFloating(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  /**
   * An integer that a double holds exactly compares as that double; a larger one compares by exact
   * decimal value.
   */
  private static int compareDoubleLong(double d, long n) {
    if (n >= -EXACT_DOUBLE_INTEGER && n <= EXACT_DOUBLE_INTEGER) {
      return Double.compare(d, (double) n);
    }
    if (Double.isNaN(d) || d == Double.POSITIVE_INFINITY) {
      return 1;
    }
    if (d == Double.NEGATIVE_INFINITY) {
      return -1;
    }
    return new BigDecimal(d).compareTo(BigDecimal.valueOf(n));
  }
}

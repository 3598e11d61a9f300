package dev.omnigraph.lang.schema;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A minimal JSON codec whose {@link #write} output defines the canonical bytes that schema hashes
 * are computed over, so that output format must stay byte-for-byte stable forever.
 */
public final class Json {
  /**
   * Bounds recursion in both directions: the parser cannot be driven into a StackOverflowError by
   * hostile input, and the writer rejects cyclic structures instead of looping, while never
   * emitting a document its own parser would refuse.
   */
  static final int MAX_DEPTH = 512;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /** Compact JSON with no insignificant whitespace. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    writeValue(out, value, -1, 0);
    return out.toString();
  }

  /** JSON indented by two spaces per level, without a trailing newline. */
  public static String writePretty(Object value) {
    StringBuilder out = new StringBuilder();
    writeValue(out, value, 0, 0);
    return out.toString();
  }

  /**
   * Parses one RFC 8259 JSON text.
   *
   * @throws IllegalArgumentException for every malformed input, naming the UTF-16 offset
   */
  public static Object parse(String text) {
    Objects.requireNonNull(text, "text");
    Parser parser = new Parser(text);
    parser.skipWhitespace();
    Object value = parser.parseValue(0);
    parser.skipWhitespace();
    if (parser.pos < text.length()) {
      throw parser.error(parser.pos, "expected end of input after the JSON value");
    }
    return value;
  }

  // --- writing ---------------------------------------------------------------------------------

  /** {@code indent} is the current pretty-print level, or -1 for compact output. */
  private static void writeValue(StringBuilder out, Object value, int indent, int depth) {
    switch (value) {
      case null -> out.append("null");
      case Boolean b -> out.append(b.booleanValue());
      case String s -> writeString(out, s);
      case Integer i -> out.append(i.intValue());
      case Long l -> out.append(l.longValue());
      case BigInteger bi -> out.append(bi.toString());
      case Double d -> {
        if (!Double.isFinite(d)) {
          throw new IllegalArgumentException("JSON cannot represent the double " + d);
        }
        out.append(Double.toString(d));
      }
      case Float f -> {
        if (!Float.isFinite(f)) {
          throw new IllegalArgumentException("JSON cannot represent the float " + f);
        }
        out.append(Float.toString(f));
      }
      case Optional<?> o -> writeValue(out, o.orElse(null), indent, depth);
      case Map<?, ?> map -> writeObject(out, map, indent, checkDepth(depth));
      case List<?> list -> writeArray(out, list, indent, checkDepth(depth));
      default ->
          throw new IllegalArgumentException(
              "JSON cannot represent a value of " + value.getClass().getName());
    }
  }

  private static int checkDepth(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException(
          "JSON nesting deeper than " + MAX_DEPTH + " levels (is the structure cyclic?)");
    }
    return depth + 1;
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map, int indent, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    int inner = indent < 0 ? -1 : indent + 1;
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "JSON object keys must be strings, got "
                + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      newline(out, inner);
      writeString(out, key);
      out.append(indent < 0 ? ":" : ": ");
      writeValue(out, entry.getValue(), inner, depth);
    }
    newline(out, indent);
    out.append('}');
  }

  private static void writeArray(StringBuilder out, List<?> list, int indent, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    int inner = indent < 0 ? -1 : indent + 1;
    boolean first = true;
    for (Object element : list) {
      if (!first) {
        out.append(',');
      }
      first = false;
      newline(out, inner);
      writeValue(out, element, inner, depth);
    }
    newline(out, indent);
    out.append(']');
  }

  private static void newline(StringBuilder out, int indent) {
    if (indent < 0) {
      return;
    }
    out.append('\n');
    out.repeat(' ', 2 * indent);
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            appendUnicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            // A raw lone surrogate cannot be encoded as UTF-8; the escape keeps the text
            // encodable and still round-trips to the same Java string.
            appendUnicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  // --- parsing ---------------------------------------------------------------------------------

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    IllegalArgumentException error(int offset, String expected) {
      return new IllegalArgumentException("invalid JSON at offset " + offset + ": " + expected);
    }

    void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    Object parseValue(int depth) {
      if (pos >= text.length()) {
        throw error(pos, "expected a JSON value before end of input");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> parseObject(depth + 1);
        case '[' -> parseArray(depth + 1);
        case '"' -> parseString();
        case 't' -> parseLiteral("true", true);
        case 'f' -> parseLiteral("false", false);
        case 'n' -> parseLiteral("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield parseNumber();
          }
          throw error(pos, "expected a JSON value");
        }
      };
    }

    private void enter(int depth) {
      if (depth > MAX_DEPTH) {
        throw error(pos, "expected nesting depth of at most " + MAX_DEPTH);
      }
    }

    private Object parseLiteral(String literal, Object value) {
      if (!text.startsWith(literal, pos)) {
        throw error(pos, "expected a JSON value");
      }
      pos += literal.length();
      return value;
    }

    private Map<String, Object> parseObject(int depth) {
      enter(depth);
      pos++;
      Map<String, Object> map = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        if (peek() != '"') {
          throw error(pos, "expected '\"' to start an object key");
        }
        int keyOffset = pos;
        String key = parseString();
        if (map.containsKey(key)) {
          throw error(keyOffset, "expected a unique object key, but " + write(key) + " repeats");
        }
        skipWhitespace();
        if (peek() != ':') {
          throw error(pos, "expected ':' after object key");
        }
        pos++;
        skipWhitespace();
        map.put(key, parseValue(depth));
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == '}') {
          return map;
        }
        if (c != ',') {
          throw error(pos - 1, "expected ',' or '}' after object member");
        }
        skipWhitespace();
      }
    }

    private List<Object> parseArray(int depth) {
      enter(depth);
      pos++;
      List<Object> list = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        list.add(parseValue(depth));
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == ']') {
          return list;
        }
        if (c != ',') {
          throw error(pos - 1, "expected ',' or ']' after array element");
        }
        skipWhitespace();
      }
    }

    /** The current char, or NUL at end of input (NUL never starts a valid token here). */
    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String parseString() {
      int start = pos;
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error(start, "expected a closing '\"' before end of input");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return sb.toString();
        }
        if (c == '\\') {
          sb.append(parseEscape());
        } else if (c < 0x20) {
          throw error(
              pos,
              String.format(
                  Locale.ROOT, "expected control character U+%04X to be escaped", (int) c));
        } else if (Character.isHighSurrogate(c)
            && pos + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(pos + 1))) {
          sb.append(c).append(text.charAt(pos + 1));
          pos += 2;
        } else if (Character.isSurrogate(c)) {
          // Raw lone surrogates are not Unicode text (the writer never emits them); only the
          // escaped form may carry one.
          throw error(pos, "expected a complete surrogate pair");
        } else {
          sb.append(c);
          pos++;
        }
      }
    }

    private char parseEscape() {
      int start = pos;
      pos++;
      char c = peek();
      pos++;
      return switch (c) {
        case '"' -> '"';
        case '\\' -> '\\';
        case '/' -> '/';
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'u' -> {
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = hexValue(peek());
            if (digit < 0) {
              throw error(pos, "expected 4 hex digits after \\u");
            }
            code = code * 16 + digit;
            pos++;
          }
          yield (char) code;
        }
        default ->
            throw error(
                start, "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX as an escape");
      };
    }

    private Object parseNumber() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
        if (isDigit(peek())) {
          throw error(pos - 1, "expected no leading zeros in a number");
        }
      } else if (isDigit(peek())) {
        while (isDigit(peek())) {
          pos++;
        }
      } else {
        throw error(pos, "expected a digit in number");
      }
      boolean integral = true;
      if (peek() == '.') {
        integral = false;
        pos++;
        if (!isDigit(peek())) {
          throw error(pos, "expected a digit after the decimal point");
        }
        while (isDigit(peek())) {
          pos++;
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        integral = false;
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw error(pos, "expected a digit in the exponent");
        }
        while (isDigit(peek())) {
          pos++;
        }
      }
      String literal = text.substring(start, pos);
      if (integral) {
        // 18 digits always fit a long, so the common case avoids BigInteger.
        if (literal.length() <= 18) {
          return Long.parseLong(literal);
        }
        BigInteger big = new BigInteger(literal);
        if (big.bitLength() < 64) {
          return big.longValue();
        }
        return big;
      }
      double d = Double.parseDouble(literal);
      if (!Double.isFinite(d)) {
        // Rejected so that every parsed document can be written back.
        throw error(start, "expected a number within double range");
      }
      return d;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    /** Unlike Character.digit, accepts ASCII only, as RFC 8259 requires. */
    private static int hexValue(char c) {
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
      }
      if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
      }
      return -1;
    }
  }
}

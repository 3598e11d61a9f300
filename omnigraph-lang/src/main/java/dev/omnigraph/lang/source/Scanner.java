package dev.omnigraph.lang.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The lexer both front ends share, scanning on demand: the parser asks for the token class it can
 * accept next, as a PEG does, so keywords need no word boundary ({@code nodePerson} scans as {@code
 * node} then {@code Person}) exactly as upstream's grammars behave. It records the furthest
 * position at which a token was expected and missing, which is where a syntax error is reported,
 * and the semantic errors found while building the tree, which are dropped when the parser
 * backtracks past them. Internal to the language module; public only so both packages reach it.
 */
public final class Scanner {
  /**
   * A backtracking point: the input position, how many deferred errors existed then, and where the
   * last token taken ended.
   */
  public record Mark(int pos, int deferred, int lastEnd) {}

  private final SourceText source;
  private final String text;
  private int pos;
  private int lastEnd;
  private int silent;
  private int failPos = -1;
  private final Set<String> expected = new LinkedHashSet<>();
  private int unterminatedCommentAt = -1;
  private final List<CompileError> deferred = new ArrayList<>();

  public Scanner(SourceText source) {
    this.source = source;
    this.text = source.text();
  }

  public SourceText source() {
    return source;
  }

  public Mark mark() {
    return new Mark(pos, deferred.size(), lastEnd);
  }

  public void reset(Mark mark) {
    pos = mark.pos();
    lastEnd = mark.lastEnd();
    while (deferred.size() > mark.deferred()) {
      deferred.removeLast();
    }
  }

  /** Runs lookahead scans without recording what they expected. */
  public void beginSilent() {
    silent++;
  }

  public void endSilent() {
    silent--;
  }

  /** Records a semantic error in a construct that may still be discarded by backtracking. */
  public void defer(CompileError error) {
    deferred.add(error);
  }

  /** The first semantic error that survived parsing, or null. */
  public CompileError firstDeferred() {
    return deferred.isEmpty() ? null : deferred.getFirst();
  }

  public Span span(int startChar, int endChar) {
    return source.span(startChar, endChar);
  }

  /** Skips whitespace, line comments and closed block comments before the next token. */
  public void skipTrivia() {
    pos = triviaEnd(pos);
  }

  // Where the trivia starting at `from` ends; an unterminated block comment is left unconsumed so
  // the next token fails there, and the error says why.
  private int triviaEnd(int from) {
    int at = from;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        at++;
      } else if (text.startsWith("//", at)) {
        int nl = text.indexOf('\n', at);
        at = nl < 0 ? text.length() : nl;
      } else if (text.startsWith("/*", at)) {
        int close = text.indexOf("*/", at + 2);
        if (close < 0) {
          unterminatedCommentAt = at;
          return at;
        }
        at = close + 2;
      } else {
        return at;
      }
    }
    return at;
  }

  /** The span from the first token after {@code start} to the end of the last token taken. */
  public Span spanSince(Mark start) {
    int from = triviaEnd(start.pos());
    return span(from, Math.max(from, lastEnd));
  }

  public boolean atEnd() {
    skipTrivia();
    if (pos == text.length()) {
      return true;
    }
    fail(pos, "end of input");
    return false;
  }

  /** The exact text {@code symbol}, or null. */
  public Token symbol(String symbol) {
    skipTrivia();
    if (text.startsWith(symbol, pos)) {
      return take(Token.Kind.SYMBOL, pos + symbol.length());
    }
    fail(pos, "'" + symbol + "'");
    return null;
  }

  /** {@code [A-Z][A-Za-z0-9_]*}, or null. */
  public Token typeName() {
    skipTrivia();
    if (pos < text.length() && isUpper(text.charAt(pos))) {
      return take(Token.Kind.TYPE_NAME, wordEnd(pos + 1));
    }
    fail(pos, "a type name (starting with an uppercase letter)");
    return null;
  }

  /** {@code [a-z_][A-Za-z0-9_]*}, or null. */
  public Token ident() {
    skipTrivia();
    if (pos < text.length() && (isLower(text.charAt(pos)) || text.charAt(pos) == '_')) {
      return take(Token.Kind.IDENT, wordEnd(pos + 1));
    }
    fail(pos, "a name (starting with a lowercase letter or '_')");
    return null;
  }

  /** {@code "$" [a-z_][A-Za-z0-9_]*}, a query variable, or null. */
  public Token variable() {
    skipTrivia();
    if (pos + 1 < text.length()
        && text.charAt(pos) == '$'
        && (isLower(text.charAt(pos + 1)) || text.charAt(pos + 1) == '_')) {
      return take(Token.Kind.VARIABLE, wordEnd(pos + 2));
    }
    fail(pos, "a variable ($name)");
    return null;
  }

  /** {@code [A-Za-z0-9_-]+}, or null. */
  public Token enumValue() {
    skipTrivia();
    int end = pos;
    while (end < text.length() && (isWordChar(text.charAt(end)) || text.charAt(end) == '-')) {
      end++;
    }
    if (end > pos) {
      return take(Token.Kind.ENUM_VALUE, end);
    }
    fail(pos, "an enum value");
    return null;
  }

  /** {@code [0-9]+}, or null. */
  public Token integer() {
    skipTrivia();
    int end = digitsEnd(pos);
    if (end > pos) {
      return take(Token.Kind.INTEGER, end);
    }
    fail(pos, "an integer");
    return null;
  }

  /** {@code [0-9]+ "." [0-9]+}, or null. */
  public Token floatLiteral() {
    skipTrivia();
    int end = floatEnd(pos);
    if (end > pos) {
      return take(Token.Kind.FLOAT, end);
    }
    fail(pos, "a number");
    return null;
  }

  /** {@code "-"? [0-9]+}, or null. */
  public Token signedInteger() {
    skipTrivia();
    int start = pos < text.length() && text.charAt(pos) == '-' ? pos + 1 : pos;
    int end = digitsEnd(start);
    if (end > start) {
      return take(Token.Kind.SIGNED_INTEGER, end);
    }
    fail(pos, "a number");
    return null;
  }

  /** {@code "-"? [0-9]+ "." [0-9]+}, or null. */
  public Token signedFloat() {
    skipTrivia();
    int start = pos < text.length() && text.charAt(pos) == '-' ? pos + 1 : pos;
    int end = floatEnd(start);
    if (end > start) {
      return take(Token.Kind.SIGNED_FLOAT, end);
    }
    fail(pos, "a number");
    return null;
  }

  /** A double-quoted string whose backslash escapes are undecoded, or null. */
  public Token string() {
    skipTrivia();
    if (pos >= text.length() || text.charAt(pos) != '"') {
      fail(pos, "a string");
      return null;
    }
    int i = pos + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        return take(Token.Kind.STRING, i + 1);
      }
      i += c == '\\' ? 2 : 1;
    }
    fail(pos, "a closing '\"' for this string");
    return null;
  }

  /** {@code true} or {@code false} (no word boundary, as upstream), or null. */
  public Token bool() {
    skipTrivia();
    for (String b : new String[] {"true", "false"}) {
      if (text.startsWith(b, pos)) {
        return take(Token.Kind.BOOL, pos + b.length());
      }
    }
    fail(pos, "'true' or 'false'");
    return null;
  }

  /** The syntax error at the furthest position any token was expected. */
  public CompileError syntaxError() {
    int at = Math.max(failPos, 0);
    if (at == unterminatedCommentAt) {
      return new CompileError(
          ErrorKind.PARSE,
          "unterminated block comment: '/*' has no closing '*/'",
          span(at, Math.min(text.length(), at + 2)),
          source);
    }
    String found;
    int end;
    if (at >= text.length()) {
      found = "end of input";
      end = at;
    } else {
      end =
          isWordChar(text.charAt(at))
              ? wordEnd(at)
              : at + Character.charCount(text.codePointAt(at));
      found = "'" + text.substring(at, end) + "'";
    }
    return new CompileError(
        ErrorKind.PARSE, "expected " + joinExpected() + ", found " + found, span(at, end), source);
  }

  private String joinExpected() {
    List<String> items = new ArrayList<>(expected);
    if (items.isEmpty()) {
      return "a declaration";
    }
    if (items.size() == 1) {
      return items.getFirst();
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.getLast();
  }

  private void fail(int at, String what) {
    if (silent > 0) {
      return;
    }
    if (at > failPos) {
      failPos = at;
      expected.clear();
    }
    if (at == failPos) {
      expected.add(what);
    }
  }

  /** The span from the start of {@code first} to the end of the last token taken since. */
  public Span spanFrom(Token first) {
    return new Span(first.span().start(), Math.max(first.span().end(), source.byteOffset(lastEnd)));
  }

  private Token take(Token.Kind kind, int end) {
    int start = pos;
    pos = end;
    lastEnd = end;
    Span span = span(start, end);
    return new Token(kind, text.substring(start, end), span, source.position(span.start()));
  }

  private int wordEnd(int from) {
    int end = from;
    while (end < text.length() && isWordChar(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private int digitsEnd(int from) {
    int end = from;
    while (end < text.length() && isDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private int floatEnd(int from) {
    int intEnd = digitsEnd(from);
    if (intEnd == from || intEnd >= text.length() || text.charAt(intEnd) != '.') {
      return from;
    }
    int fracEnd = digitsEnd(intEnd + 1);
    return fracEnd == intEnd + 1 ? from : fracEnd;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return isUpper(c) || isLower(c) || isDigit(c) || c == '_';
  }
}

package dev.omnigraph.lang.source;

/** The string literal rules both languages share: quotes and five escapes, nothing else. */
public final class StringLiterals {
  private StringLiterals() {}

  /** Decodes a string literal's escapes; other literal text is returned as written. */
  public static String decode(String raw) {
    if (raw.length() < 2 || raw.charAt(0) != '"') {
      return raw;
    }
    String body = raw.substring(1, raw.length() - 1);
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      int next = body.codePointAt(i + 1);
      switch (next) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        default ->
            throw new CompileError(
                ErrorKind.PARSE,
                "unsupported escape sequence: \\"
                    + Character.toString(next)
                    + " (supported: \\\" \\\\ \\n \\r \\t; write a backslash as \\\\)");
      }
      i += Character.charCount(next);
    }
    return out.toString();
  }
}

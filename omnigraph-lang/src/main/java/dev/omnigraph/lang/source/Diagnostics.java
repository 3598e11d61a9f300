package dev.omnigraph.lang.source;

/** Renders {@link CompileError}s as text with the offending source line underlined. */
final class Diagnostics {
  private Diagnostics() {}

  static String render(CompileError error) {
    StringBuilder out = new StringBuilder("error: ").append(error.getMessage());
    if (error.span().isEmpty() || error.source().isEmpty()) {
      return out.toString();
    }
    SourceText source = error.source().get();
    Span span = error.span().get();
    Position start = source.position(span.start());
    String lineText = source.line(start.line());
    String gutter = String.valueOf(start.line());
    String pad = " ".repeat(gutter.length());
    out.append('\n')
        .append(pad)
        .append("--> ")
        .append(source.name())
        .append(':')
        .append(start.line())
        .append(':')
        .append(start.column())
        .append('\n');
    out.append(pad).append(" |\n");
    out.append(gutter).append(" | ").append(expandTabs(lineText)).append('\n');
    int lineLength = lineText.codePointCount(0, lineText.length());
    int startCol = start.column() - 1;
    Position end = source.position(span.end());
    int endCol = end.line() == start.line() ? end.column() - 1 : lineLength;
    // A zero-width span (or one that starts at the line end) still gets one caret.
    int width = Math.max(1, endCol - startCol);
    out.append(pad)
        .append(" | ")
        .append(expandTabs(prefixWhitespace(lineText, startCol)))
        .append("^".repeat(width));
    return out.toString();
  }

  // Keep tabs in the caret line so the caret lines up under the source line in any terminal.
  private static String prefixWhitespace(String line, int columns) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (int col = 0; col < columns; col++) {
      if (i < line.length()) {
        int cp = line.codePointAt(i);
        sb.append(cp == '\t' ? '\t' : ' ');
        i += Character.charCount(cp);
      } else {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  private static String expandTabs(String s) {
    return s.replace("\t", "    ");
  }
}

package dev.omnigraph.lang.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompileErrorTest {
  @Test
  void messageCarriesTheKindPrefix() {
    CompileError e = new CompileError(ErrorKind.CATALOG, "duplicate node type: P");
    assertThat(e.getMessage()).isEqualTo("catalog error: duplicate node type: P");
    assertThat(e.detail()).isEqualTo("duplicate node type: P");
    assertThat(e.span()).isEmpty();
    assertThat(e.render()).isEqualTo("error: catalog error: duplicate node type: P");
  }

  @Test
  void rendersFileLineColumnSourceLineAndCarets() {
    SourceText s = SourceText.of("people.pg", "node P {\n  name String\n}\n");
    int at = s.text().indexOf("String");
    CompileError e = new CompileError(ErrorKind.PARSE, "expected ':'", s.span(at, at + 6), s);
    assertThat(e.position()).contains(new Position(2, 8));
    assertThat(e.render())
        .isEqualTo(
            """
            error: parse error: expected ':'
             --> people.pg:2:8
              |
            2 |   name String
              |        ^^^^^^\
            """);
  }

  @Test
  void zeroWidthSpanAtEndOfInputGetsOneCaret() {
    SourceText s = SourceText.of("x.pg", "node P {");
    CompileError e =
        new CompileError(ErrorKind.PARSE, "expected '}'", Span.at(s.text().length()), s);
    assertThat(e.render()).endsWith("1 | node P {\n  |         ^").contains("x.pg:1:9");
  }

  @Test
  void spanAcrossLinesUnderlinesToTheEndOfTheFirstLine() {
    SourceText s = SourceText.of("x.pg", "ab\ncd");
    CompileError e = new CompileError(ErrorKind.PARSE, "m", new Span(1, 4), s);
    assertThat(e.render()).endsWith("1 | ab\n  |  ^");
  }

  @Test
  void tabsKeepTheCaretAligned() {
    SourceText s = SourceText.of("t.pg", "\tname String");
    int at = s.text().indexOf("String");
    CompileError e = new CompileError(ErrorKind.PARSE, "m", s.span(at, at + 6), s);
    assertThat(e.render()).endsWith("1 |     name String\n  |          ^^^^^^");
  }

  @Test
  void withSpanKeepsAnExistingSpan() {
    SourceText s = SourceText.of("x.pg", "abc");
    CompileError e = new CompileError(ErrorKind.PARSE, "m", new Span(0, 1), s);
    assertThat(e.withSpan(new Span(1, 2), s).span()).contains(new Span(0, 1));
    CompileError bare = new CompileError(ErrorKind.PARSE, "m");
    assertThat(bare.withSpan(new Span(1, 2), s).span()).contains(new Span(1, 2));
  }
}

package dev.omnigraph.lang.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceTextTest {
  @Test
  void asciiOffsetsAreCharIndices() {
    SourceText s = SourceText.of("a.pg", "node A {}\nnode B {}\n");
    assertThat(s.byteOffset(10)).isEqualTo(10);
    assertThat(s.charIndex(10)).isEqualTo(10);
    assertThat(s.position(0)).isEqualTo(new Position(1, 1));
    assertThat(s.position(10)).isEqualTo(new Position(2, 1));
    assertThat(s.position(15)).isEqualTo(new Position(2, 6));
    assertThat(s.line(2)).isEqualTo("node B {}");
    assertThat(s.lineCount()).isEqualTo(3);
  }

  @Test
  void multiByteCharactersCountAsOneColumnAndSeveralBytes() {
    // "é" is 2 UTF-8 bytes, "😀" is 4 bytes and two UTF-16 units.
    SourceText s = SourceText.of("u.pg", "// é😀\nnode X {}");
    int nodeChar = s.text().indexOf("node");
    assertThat(s.byteOffset(nodeChar)).isEqualTo(3 + 2 + 4 + 1);
    assertThat(s.charIndex(s.byteOffset(nodeChar))).isEqualTo(nodeChar);
    int emojiChar = s.text().indexOf("😀");
    assertThat(s.position(s.byteOffset(emojiChar))).isEqualTo(new Position(1, 5));
    assertThat(s.position(s.byteOffset(emojiChar + 2))).isEqualTo(new Position(1, 6));
    assertThat(s.slice(s.span(nodeChar, nodeChar + 4))).isEqualTo("node");
  }

  @Test
  void crlfLineEndingsAreStrippedFromLines() {
    SourceText s = SourceText.of("w.pg", "node A {}\r\nnode B {}");
    assertThat(s.line(1)).isEqualTo("node A {}");
    assertThat(s.position(11)).isEqualTo(new Position(2, 1));
  }

  @Test
  void spanJoinCoversBoth() {
    assertThat(new Span(4, 6).to(new Span(1, 2))).isEqualTo(new Span(1, 6));
    assertThat(Span.at(3).length()).isZero();
  }
}

package dev.omnigraph.lang.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceTextColumnsTest {
  @Test
  void columnsCountCodePointsAcrossSurrogatePairsAndLines() {
    String text = "a😀b😀c\n😀x\nlone\uD800y";
    SourceText s = SourceText.of("c.pg", text);
    for (int i = 0; i <= text.length(); i++) {
      int lineStart = text.lastIndexOf('\n', i - 1) + 1;
      int expected = text.codePointCount(lineStart, i) + 1;
      if (i > 0
          && i < text.length()
          && Character.isLowSurrogate(text.charAt(i))
          && Character.isHighSurrogate(text.charAt(i - 1))) {
        continue; // inside a pair there is no byte offset of its own
      }
      assertThat(s.position(s.byteOffset(i)).column()).as("char %d", i).isEqualTo(expected);
    }
  }
}

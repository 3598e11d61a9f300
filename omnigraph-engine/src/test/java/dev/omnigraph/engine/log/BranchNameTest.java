package dev.omnigraph.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BranchNameTest {
  @ParameterizedTest
  @ValueSource(strings = {"main", "review/new-hires", "a/b/c", ".hidden", "ünïcode", "x y", "%41"})
  void namesRoundTripThroughTheirFolderForm(String name) {
    String encoded = BranchName.encode(name);
    assertThat(encoded).matches("[A-Za-z0-9._%-]+").doesNotContain("/").doesNotStartWith(".");
    assertThat(BranchName.decode(encoded)).isEqualTo(name);
  }

  @Test
  void aNestedNameIsOneFolderNotAFolderInItsParent() {
    assertThat(BranchName.encode("a/b")).isEqualTo("a%2Fb");
    assertThat(BranchName.encode("a")).isEqualTo("a");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", " main", "main ", "/a", "a/", "a//b", "a\nb"})
  void badNamesAreRefused(String name) {
    assertThatThrownBy(() -> BranchName.check(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesThatWouldNotFitOnePathSegmentAreRefused() {
    assertThat(BranchName.encode("a".repeat(255))).hasSize(255);
    assertThatThrownBy(() -> BranchName.check("a".repeat(256))).hasMessageContaining("too long");
    assertThatThrownBy(() -> BranchName.check("ü".repeat(43))).hasMessageContaining("too long");
  }

  @Test
  void emptyNameMessageMatchesUpstream() {
    assertThatThrownBy(() -> BranchName.check("")).hasMessage("branch name cannot be empty");
  }
}

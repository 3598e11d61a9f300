package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.CommitRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmnigraphReadOnlyTest {
  @TempDir Path root;

  private List<String> files() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aReadOnlyHandleReadsEverythingAndRefusesEveryWriteWritingNothing() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg())) {
      graph.append("main", Map.of("Person", List.of(person("p1", "Ann", 31))));
      graph.createBranch("feature", "main");
    }
    List<String> before = files();
    try (Omnigraph ro = Omnigraph.open(root, AccessMode.READ_ONLY)) {
      assertThat(ro.mode()).isEqualTo(AccessMode.READ_ONLY);
      assertThat(ro.snapshot("main").seq()).isEqualTo(2);
      assertThat(ro.branches()).containsExactly("feature", "main");
      assertThat(ro.commits("main", 10)).extracting(CommitRecord::seq).containsExactly(2L, 1L);
      assertThat(ro.snapshotAt("main", 1).seq()).isEqualTo(1);

      assertThatThrownBy(() -> ro.append("main", Map.of("Person", List.of(person("p2", "B", 2)))))
          .isInstanceOf(ReadOnlyGraphException.class)
          .hasMessageContaining("is open read-only; open it read-write to change it")
          .extracting(e -> ((OmnigraphException) e).code())
          .isEqualTo("read_only");
      assertThatThrownBy(() -> ro.createBranch("other", "main"))
          .isInstanceOf(ReadOnlyGraphException.class)
          .hasMessageContaining("cannot create a branch");
      assertThatThrownBy(() -> ro.deleteBranch("feature"))
          .isInstanceOf(ReadOnlyGraphException.class)
          .hasMessageContaining("cannot delete a branch");
    }
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void aReadOnlyLookupThatMissesTheDerivedIndexSearchesWithoutRebuildingIt() throws IOException {
    String commitId;
    try (Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg())) {
      commitId =
          graph
              .append("main", Map.of("Person", List.of(person("p1", "Ann", 31))))
              .record()
              .orElseThrow()
              .commitId();
    }
    Path index = root.resolve("commits").resolve(commitId);
    Files.delete(index);
    List<String> before = files();
    try (Omnigraph ro = Omnigraph.open(root, AccessMode.READ_ONLY)) {
      assertThat(ro.snapshotAtCommit(commitId).seq()).isEqualTo(2);
    }
    assertThat(files()).isEqualTo(before);
    assertThat(index).doesNotExist();
  }

  @Test
  void readOnlyOpenOfAMissingGraphIsGraphNotFound() {
    assertThatThrownBy(() -> Omnigraph.open(root.resolve("nope"), AccessMode.READ_ONLY))
        .isInstanceOf(GraphNotFoundException.class);
  }
}

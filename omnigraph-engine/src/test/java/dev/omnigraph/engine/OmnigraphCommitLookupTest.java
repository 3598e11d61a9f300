package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static dev.omnigraph.engine.OmnigraphWriteTest.rows;
import static dev.omnigraph.engine.OmnigraphWriteTest.testPg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.store.LocalObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looking up commits by id, and time travel by commit id, with the derived index or without. */
class OmnigraphCommitLookupTest {
  @TempDir Path root;

  private List<CommitRecord> someHistory(Omnigraph graph) {
    graph.append("main", Map.of("Person", List.of(person("alice", "Alice", 30))));
    graph.createBranch("review", "main");
    graph.append("review", Map.of("Person", List.of(person("bob", "Bob", 25))));
    graph.append("main", Map.of("Person", List.of(person("carol", "Carol", 41))));
    List<CommitRecord> all = new java.util.ArrayList<>(graph.commits("main", 100));
    all.addAll(graph.commits("review", 100));
    return all;
  }

  @Test
  void everyCommitIsFoundByItsIdOnAnyBranch() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      for (CommitRecord r : someHistory(graph)) {
        assertThat(graph.commit(r.commitId())).isEqualTo(r);
      }
    }
  }

  @Test
  void timeTravelByCommitIdSeesThatState() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      String initial = graph.commits("main", 100).getLast().commitId();
      someHistory(graph);
      Snapshot then = graph.snapshotAtCommit(initial);
      assertThat(then.seq()).isEqualTo(1);
      assertThat(rows(then, EntityKind.NODE, "Person")).isZero();
      String reviewHead = graph.commits("review", 1).getFirst().commitId();
      assertThat(rows(graph.snapshotAtCommit(reviewHead), EntityKind.NODE, "Person")).isEqualTo(2);
    }
  }

  @Test
  void anUnknownIdIsAClearError() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      assertThatThrownBy(() -> graph.commit("01JZZZZZZZZZZZZZZZZZZZZZZZ"))
          .isInstanceOfSatisfying(
              CommitNotFoundException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("commit '01JZZZZZZZZZZZZZZZZZZZZZZZ' not found");
                assertThat(e.commitId()).contains("01JZZZZZZZZZZZZZZZZZZZZZZZ");
              });
      assertThatThrownBy(() -> graph.commit("../log")).isInstanceOf(CommitNotFoundException.class);
    }
  }

  // The index is derived: lost or wrong entries cost a search, never a wrong answer.
  @Test
  void aMissingOrWrongIndexEntryIsRepairedBySearching() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      List<CommitRecord> history = someHistory(graph);
      LocalObjectStore store = LocalObjectStore.open(root);
      for (String key : store.list("commits/")) {
        store.delete(key);
      }
      CommitRecord target = history.getFirst();
      CommitRecord other = history.getLast();
      store.put(
          "commits/" + other.commitId(),
          (target.branch() + "\n" + target.seq()).getBytes(StandardCharsets.UTF_8));

      assertThat(graph.commit(target.commitId())).isEqualTo(target);
      assertThat(graph.commit(other.commitId())).isEqualTo(other);
      assertThat(store.read("commits/" + target.commitId())).isPresent();
      assertThat(
              new String(
                  store.read("commits/" + other.commitId()).orElseThrow(), StandardCharsets.UTF_8))
          .isEqualTo(other.branch() + "\n" + other.seq());
    }
  }

  @Test
  void theCommitThatDeletedABranchHoldsNoState() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      graph.createBranch("scratch", "main");
      graph.deleteBranch("scratch");
      CommitRecord tombstone =
          LocalObjectStore.open(root).list("log/").stream()
              .filter(k -> k.startsWith("log/scratch/") && k.endsWith(".json"))
              .map(k -> graph.commit(findId(k)))
              .filter(CommitRecord::isTombstone)
              .findFirst()
              .orElseThrow();
      assertThatThrownBy(() -> graph.snapshotAtCommit(tombstone.commitId()))
          .isInstanceOf(CommitNotFoundException.class)
          .hasMessageContaining("deleted the branch");
    }
  }

  private String findId(String key) {
    byte[] bytes = LocalObjectStore.open(root).read(key).orElseThrow();
    return CommitRecord.fromBytes(key, bytes).commitId();
  }
}

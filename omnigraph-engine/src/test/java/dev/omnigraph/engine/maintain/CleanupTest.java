package dev.omnigraph.engine.maintain;

import static dev.omnigraph.engine.maintain.GraphFixture.keep;
import static dev.omnigraph.engine.maintain.GraphFixture.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.maintain.CleanupReport.TableCleanup;
import dev.omnigraph.engine.table.TableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cleanup keeps and deletes, and how reads of what it reclaimed fail. */
class CleanupTest {
  @TempDir Path root;
  private GraphFixture g;

  @BeforeEach
  void init() {
    g = new GraphFixture(root);
  }

  @AfterEach
  void close() {
    g.close();
  }

  private static void assertNotFound(GraphFixture g, TableVersion v) {
    assertThatThrownBy(() -> g.reader.countRows(v, Optional.empty()))
        .isInstanceOfSatisfying(
            TableException.class,
            e -> assertThat(e.kind()).isEqualTo(TableException.Kind.NOT_FOUND));
  }

  private void assertReclaimed(String branch, long seq) {
    assertThatThrownBy(() -> g.graph.snapshotAt(branch, seq))
        .isInstanceOfSatisfying(
            dev.omnigraph.engine.CommitReclaimedException.class,
            e -> {
              assertThat(e.branch()).isEqualTo(branch);
              assertThat(e.seq()).isEqualTo(seq);
            })
        .hasMessageContaining("was reclaimed by cleanup on")
        .hasMessageContaining("its data is gone");
  }

  private static Set<String> removed(Map<String, Long> before, Map<String, Long> after) {
    Set<String> gone = new HashSet<>(before.keySet());
    gone.removeAll(after.keySet());
    return gone;
  }

  @Test
  void keepOneReclaimsOlderVersionsWhileTheHeadReadsExactly() {
    g.add("main", "p1");
    g.add("main", "p2");
    CommitRecord head = g.add("main", "p3");
    TableVersion v2 = person(g.graph.snapshotAt("main", 2));
    TableVersion v3 = person(g.graph.snapshotAt("main", 3));
    TableVersion v4 = person(g.graph.snapshot("main"));
    Map<String, Long> before = g.files();

    CleanupReport report = g.graph.cleanup(keep(1), true);

    Set<String> gone = removed(before, g.files());
    assertThat(report.confirmed()).isTrue();
    assertThat(report.runId()).isPresent();
    assertThat(report.expiredCommits()).isEqualTo(3);
    assertThat(report.retainedCommits()).isEqualTo(1);
    // Only Person changed: its two older detached versions (manifest and transaction each) go;
    // their data files are all still in the head's version.
    assertThat(report.tables())
        .containsExactly(
            new TableCleanup(v4.path(), false, 4, gone.stream().mapToLong(before::get).sum()));
    assertThat(gone)
        .hasSize(4)
        .allSatisfy(k -> assertThat(k).startsWith(v4.path() + "/"))
        .noneMatch(k -> k.contains("/data/"));
    assertThat(report.files()).isEqualTo(4);

    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1", "p2", "p3");
    g.scanAll(g.graph.snapshot("main"));
    assertNotFound(g, v2);
    assertNotFound(g, v3);
    assertThat(g.people(v4)).containsExactly("p1", "p2", "p3");
    for (long seq = 1; seq <= 3; seq++) {
      assertReclaimed("main", seq);
    }
    assertThat(g.graph.snapshotAt("main", 4).commitId()).isEqualTo(head.commitId());
    // The history itself stays whole.
    assertThat(g.graph.commits("main", 10)).hasSize(4);
    assertThat(g.files("gc/")).containsOnlyKeys("gc/" + report.runId().get() + ".json");

    CleanupReport again = g.graph.cleanup(keep(1), true);
    assertThat(again.files()).isZero();
    assertThat(again.expiredCommits()).isZero();
    assertThat(again.runId()).isEmpty();
  }

  @Test
  void aPreviewDeletesNothingAndReportsWhatTheConfirmedRunThenRemoves() {
    g.add("main", "p1");
    g.add("main", "p2");
    g.graph.createBranch("b", "main");
    g.add("b", "q1");
    g.graph.deleteBranch("b");
    Map<String, Long> before = g.files();

    CleanupReport preview = g.graph.cleanup(keep(1), false);

    assertThat(g.files()).isEqualTo(before);
    assertThat(preview.confirmed()).isFalse();
    assertThat(preview.runId()).isEmpty();
    assertThat(preview.files()).isPositive();
    assertThat(g.graph.snapshotAt("main", 2).seq()).isEqualTo(2);

    CleanupReport done = g.graph.cleanup(keep(1), true);

    Set<String> gone = removed(before, g.files());
    assertThat(done.tables()).isEqualTo(preview.tables());
    assertThat(done.expiredCommits()).isEqualTo(preview.expiredCommits());
    assertThat(gone).hasSize((int) preview.files());
    assertThat(gone.stream().mapToLong(before::get).sum()).isEqualTo(preview.bytes());
  }

  @Test
  void olderThanKeepsCommitsCreatedWithinTheDurationAndEveryHead() {
    g.add("main", "p1");
    g.add("main", "p2");
    g.add("main", "p3");
    // Two hours on: every commit and file is two hours old.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
    Cleanup cleanup = new Cleanup(g.store(), g.log(), g.reader, later);

    assertThat(cleanup.run(RetentionPolicy.olderThan(Duration.ofHours(3)), false).expiredCommits())
        .isZero();
    CleanupReport both =
        cleanup.run(RetentionPolicy.of(OptionalInt.of(2), Optional.of(Duration.ofHours(1))), false);
    assertThat(both.expiredCommits()).isEqualTo(2);
    assertThat(both.retainedCommits()).isEqualTo(2);
    CleanupReport zero = cleanup.run(RetentionPolicy.olderThan(Duration.ZERO), false);
    assertThat(zero.retainedCommits()).isEqualTo(1);

    CleanupReport done = cleanup.run(RetentionPolicy.olderThan(Duration.ofHours(1)), true);

    assertThat(done.expiredCommits()).isEqualTo(3);
    assertThat(done.files()).isPositive();
    assertReclaimed("main", 3);
    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1", "p2", "p3");
  }

  @Test
  void aBranchForkedFromAnOldCommitKeepsItsDataAndItsForkPoint() {
    CommitRecord m2 = g.add("main", "p1");
    g.add("main", "p2");
    g.graph.createBranch("b", m2.ref());
    g.add("b", "q1");
    g.add("main", "p3");
    g.add("main", "p4");
    TableVersion m3 = person(g.graph.snapshotAt("main", 3));

    g.graph.cleanup(keep(1), true);

    assertThat(g.people(g.graph.snapshot("b"))).containsExactly("p1", "q1");
    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1", "p2", "p3", "p4");
    // The fork point is the merge base of main and b: a merge will need it.
    assertThat(g.people(g.graph.snapshotAt("main", 2))).containsExactly("p1");
    assertReclaimed("main", 3);
    assertReclaimed("b", 1);
    assertNotFound(g, m3);
    assertThatThrownBy(() -> g.graph.createBranch("c", g.graph.commits("main", 3).get(2).ref()))
        .isInstanceOf(dev.omnigraph.engine.CommitReclaimedException.class);
  }

  @Test
  void theMergeBaseOfTwoLiveBranchesIsKeptAfterItsMergeCommitGoes() {
    g.add("main", "p1");
    g.graph.createBranch("b", "main");
    CommitRecord b2 = g.add("b", "q1");
    CommitRecord m3 = g.add("main", "p2");
    // A merge of b into main that adopts b's state: two parents, main's previous and b's head.
    CommitRecord merge =
        new CommitRecord(
            "main",
            4,
            UlidCreator.getMonotonicUlid().toString(),
            List.of(m3.ref(), b2.ref()),
            b2.schemaHash(),
            b2.tables(),
            "test",
            OperationKind.LOGICAL,
            Instant.now(),
            new TreeMap<>());
    g.log().append(merge);
    g.add("main", "p5");
    g.add("b", "q2");

    g.graph.cleanup(keep(1), true);

    // b's commit 2 is no longer b's head nor a parent of a retained commit, only the merge base.
    assertThat(g.people(g.graph.snapshotAt("b", 2))).containsExactly("p1", "q1");
    assertReclaimed("main", 4);
    assertReclaimed("main", 3);
    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1", "p5", "q1");
    assertThat(g.people(g.graph.snapshot("b"))).containsExactly("p1", "q1", "q2");
  }

  @Test
  void aDeletedBranchsDataIsReclaimedButItsRecordsStay() {
    g.add("main", "p1");
    g.graph.createBranch("b", "main");
    g.add("b", "q1");
    CommitRecord b3 = g.add("b", "q2");
    TableVersion bHead = person(g.graph.snapshot("b"));
    g.graph.deleteBranch("b");
    String dataFolder = bHead.path() + "/data/";
    assertThat(g.files(dataFolder)).hasSize(3);

    CleanupReport report = g.graph.cleanup(keep(1), true);

    assertThat(g.files(dataFolder)).hasSize(1);
    assertNotFound(g, bHead);
    assertThat(report.expiredCommits()).isEqualTo(4); // main@1, b@1..3 (not the tombstone)
    assertThat(g.people(g.graph.snapshot("main"))).containsExactly("p1");
    assertThat(g.graph.commit(b3.commitId())).isEqualTo(b3);
    assertThatThrownBy(() -> g.graph.snapshotAtCommit(b3.commitId()))
        .isInstanceOf(dev.omnigraph.engine.CommitReclaimedException.class)
        .hasMessageContaining(b3.commitId());
  }

  @Test
  void theTablesOfAnInitThatLostTheRaceAreReclaimed() throws Exception {
    Path contested = root.resolve("contested");
    try (GraphFixture winner = InitRace.lost(contested)) {
      Set<String> winnerTables = new HashSet<>();
      winner.graph.snapshot("main").tables().forEach(t -> winnerTables.add(t.path()));
      Set<String> loserTables = new HashSet<>();
      for (String key : winner.files("tables/").keySet()) {
        String table = key.substring(0, key.indexOf('/', "tables/".length()));
        if (!winnerTables.contains(table)) {
          loserTables.add(table);
        }
      }
      assertThat(loserTables).hasSameSizeAs(winnerTables);

      CleanupReport report = winner.graph.cleanup(keep(1), true);

      assertThat(report.tables())
          .extracting(TableCleanup::path)
          .containsExactlyInAnyOrderElementsOf(loserTables);
      assertThat(report.tables()).allMatch(TableCleanup::unreferenced);
      assertThat(winner.files("tables/").keySet())
          .allSatisfy(k -> assertThat(loserTables).noneMatch(t -> k.startsWith(t + "/")));
      winner.scanAll(winner.graph.snapshot("main"));
    }
  }

  @Test
  void strayTempFilesGoOnlyOnceOlderThanTheGracePeriod() throws Exception {
    Path folder = root.resolve("log/main");
    Path old = Files.writeString(folder.resolve(".tmp-0a0b"), "torn");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path young = Files.writeString(folder.resolve(".tmp-0c0d"), "in flight");

    CleanupReport report = g.graph.cleanup(RetentionPolicy.keep(10), true);

    assertThat(report.strayTempFiles()).isEqualTo(1);
    assertThat(report.strayTempBytes()).isEqualTo(4);
    assertThat(old).doesNotExist();
    assertThat(young).exists();
    Files.delete(young);
  }

  @Test
  void filesYoungerThanTheGracePeriodStay() {
    g.add("main", "p1");
    g.add("main", "p2");
    Map<String, Long> before = g.files();

    CleanupReport report = g.graph.cleanup(RetentionPolicy.keep(1), true);

    // The commits lose their data on paper (the run record), but no file is old enough to go.
    assertThat(report.files()).isZero();
    assertThat(report.expiredCommits()).isEqualTo(2);
    assertThat(removed(before, g.files())).isEmpty();
    assertReclaimed("main", 2);
  }

  @Test
  void aClosedGraphRefusesCleanup() {
    Omnigraph graph = g.graph;
    g.reopen();
    assertThatThrownBy(() -> graph.cleanup(keep(1), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    Snapshot s = g.graph.snapshot("main");
    assertThat(s.seq()).isEqualTo(1);
  }
}

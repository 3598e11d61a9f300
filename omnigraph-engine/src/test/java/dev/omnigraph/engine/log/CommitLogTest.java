package dev.omnigraph.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.store.CountingObjectStore;
import dev.omnigraph.engine.store.MemoryObjectStore;
import dev.omnigraph.engine.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommitLogTest {
  private final ObjectStore store = new MemoryObjectStore();
  private final CommitLog log = new CommitLog(store);

  private static CommitRecord record(String branch, long seq, String writer) {
    return CommitLogFixtures.record(branch, seq, writer);
  }

  private void fill(String branch, long n) {
    for (long seq = 1; seq <= n; seq++) {
      assertThat(log.append(record(branch, seq, "w"))).isEqualTo(CommitLog.Append.WON);
    }
  }

  @Test
  void anEmptyBranchHasTipZero() {
    assertThat(log.tip("main")).isZero();
    assertThat(log.head("main")).isEmpty();
    assertThat(log.branches()).isEmpty();
  }

  @Test
  void appendedRecordsReadBackExactly() {
    fill("main", 3);
    assertThat(log.tip("main")).isEqualTo(3);
    assertThat(log.read("main", 2)).contains(record("main", 2, "w"));
    assertThat(log.head("main")).contains(record("main", 3, "w"));
    assertThat(log.history("main", 10)).extracting(CommitRecord::seq).containsExactly(3L, 2L, 1L);
    assertThat(log.history("main", 2)).hasSize(2);
  }

  @Test
  void aSecondWriterOfTheSameSeqLosesAndChangesNothing() {
    fill("main", 1);
    assertThat(log.append(record("main", 1, "other"))).isEqualTo(CommitLog.Append.LOST);
    assertThat(log.read("main", 1).orElseThrow().actor()).isEqualTo("w");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 17, 100, 257})
  void theTipIsFoundWithoutAHint(int n) {
    fill("main", n);
    store.delete(CommitLog.hintKey("main"));
    assertThat(log.tip("main")).isEqualTo(n);
  }

  @Test
  void staleGarbageAndRunawayHintsAreOnlyStartingPoints() {
    fill("main", 10);
    store.put(CommitLog.hintKey("main"), "3".getBytes(StandardCharsets.US_ASCII));
    assertThat(log.tip("main")).isEqualTo(10);
    store.put(CommitLog.hintKey("main"), "not a number".getBytes(StandardCharsets.US_ASCII));
    assertThat(log.tip("main")).isEqualTo(10);
    store.put(CommitLog.hintKey("main"), "50".getBytes(StandardCharsets.US_ASCII));
    assertThat(log.tip("main")).isEqualTo(10);
  }

  @Test
  void theHeadIsFoundFromStaleGarbageRunawayAndMissingHints() {
    fill("main", 10);
    CommitRecord newest = record("main", 10, "w");
    for (String hint : List.of("3", "10", "not a number", "50", "0")) {
      store.put(CommitLog.hintKey("main"), hint.getBytes(StandardCharsets.US_ASCII));
      assertThat(log.head("main")).as("hint %s", hint).contains(newest);
    }
    store.delete(CommitLog.hintKey("main"));
    assertThat(log.head("main")).contains(newest);
    // A hint ahead of a log that was written anew (fewer records than before) is not trusted.
    fill("other", 2);
    store.put(CommitLog.hintKey("other"), "7".getBytes(StandardCharsets.US_ASCII));
    assertThat(log.head("other")).contains(record("other", 2, "w"));
  }

  // Cost gate: the head every write starts from is one hint read, one probe and one record read.
  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1000})
  void steadyStateHeadCostIsFlatInHistoryDepth(int depth) {
    CountingObjectStore counting = new CountingObjectStore(new MemoryObjectStore());
    CommitLog counted = new CommitLog(counting);
    for (long seq = 1; seq <= depth; seq++) {
      counted.append(record("main", seq, "w"));
    }
    counting.reset();
    assertThat(counted.head("main")).contains(record("main", depth, "w"));
    assertThat(counting.reads.get()).isEqualTo(2);
    assertThat(counting.probes.get()).isEqualTo(1);
    assertThat(counting.lists.get()).isZero();
  }

  @Test
  void branchesAreListedByNameAndNestedNamesStayDisjoint() {
    fill("main", 1);
    fill("review/new-hires", 2);
    fill("review", 1);
    assertThat(log.branches()).containsExactly("main", "review", "review/new-hires");
    assertThat(log.tip("review")).isEqualTo(1);
    assertThat(log.tip("review/new-hires")).isEqualTo(2);
  }

  // Cost gate: finding the tip reads the hint once and probes once, at any history depth.
  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1000})
  void steadyStateTipCostIsFlatInHistoryDepth(int depth) {
    CountingObjectStore counting = new CountingObjectStore(new MemoryObjectStore());
    CommitLog counted = new CommitLog(counting);
    for (long seq = 1; seq <= depth; seq++) {
      counted.append(record("main", seq, "w"));
    }
    counting.reset();
    assertThat(counted.tip("main")).isEqualTo(depth);
    assertThat(counting.reads.get()).isEqualTo(1);
    assertThat(counting.probes.get()).isLessThanOrEqualTo(2);
    assertThat(counting.lists.get()).isZero();

    counting.reset();
    assertThat(counted.append(record("main", depth + 1, "w"))).isEqualTo(CommitLog.Append.WON);
    assertThat(counting.putsIfAbsent.get()).isEqualTo(1);
    assertThat(counting.reads.get()).isZero();
  }

  @Test
  void racingWritersOfOneSlotHaveExactlyOneWinnerEveryRound() throws Exception {
    int writers = 8;
    int rounds = 1000;
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Integer>> wins = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String name = "writer-" + w;
        wins.add(
            pool.submit(() -> {
              int won = 0;
              for (long seq = 1; seq <= rounds; seq++) {
                start.await(30, TimeUnit.SECONDS);
                if (log.append(record("main", seq, name)) == CommitLog.Append.WON) {
                  won++;
                }
              }
              return won;
            }));
      }
      int total = 0;
      for (Future<Integer> f : wins) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(rounds);
    } finally {
      pool.shutdownNow();
    }
    assertThat(log.tip("main")).isEqualTo(rounds);
    for (long seq = 1; seq <= rounds; seq++) {
      assertThat(log.read("main", seq)).isPresent();
    }
  }

  @Test
  void aRecordOfANewerFormatIsRefusedWithAClearMessage() {
    String json =
        new String(record("main", 1, "w").toBytes(), StandardCharsets.UTF_8)
            .replace("\"format_version\":1", "\"format_version\":2");
    store.putIfAbsent(CommitLog.recordKey("main", 1), json.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> log.read("main", 1))
        .isInstanceOfSatisfying(
            CommitLogException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(CommitLogException.Reason.UNSUPPORTED_FORMAT);
              assertThat(e.getMessage()).contains("format version 2").contains("upgrade omnigraph");
            });
  }

  @Test
  void aCorruptRecordIsRefusedNotGuessed() {
    store.putIfAbsent(
        CommitLog.recordKey("main", 1), "{\"format_version\":1".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> log.read("main", 1))
        .isInstanceOfSatisfying(
            CommitLogException.class,
            e -> assertThat(e.reason()).isEqualTo(CommitLogException.Reason.CORRUPT_RECORD));
  }
}

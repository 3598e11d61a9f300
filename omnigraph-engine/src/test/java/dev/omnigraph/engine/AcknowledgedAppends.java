package dev.omnigraph.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.log.ChangeCount;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.table.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one-row appends racing writers were told had committed, and the check that a graph holds
 * exactly those: each in the history once, at the seq its writer was told, every record after
 * {@code init} one of them, the history one chain, and each table exactly the acknowledged rows.
 */
final class AcknowledgedAppends {
  private AcknowledgedAppends() {}

  /** One acknowledged append of row {@code rowId} to node type {@code type}. */
  record Ack(
      String writer,
      String type,
      long seq,
      String commitId,
      String rowId,
      int prepares,
      int reputs) {}

  /**
   * Checks that branch {@code main} of {@code graph} holds exactly {@code acks} on top of its
   * {@code init} record, which left the node types {@code types} empty.
   */
  static void assertGraphHoldsExactly(
      Omnigraph graph, Tables tables, List<Ack> acks, List<String> types) {
    Snapshot s = graph.snapshot("main");
    assertThat(s.seq()).isEqualTo(1L + acks.size());

    List<CommitRecord> history = graph.commits("main", Integer.MAX_VALUE);
    assertThat(history).hasSize((int) s.seq());
    Map<Long, CommitRecord> bySeq = new HashMap<>();
    for (CommitRecord r : history) {
      assertThat(bySeq.put(r.seq(), r)).as("seq %d listed twice", r.seq()).isNull();
    }
    assertThat(bySeq.get(1L).parents()).isEmpty();
    for (long seq = 2; seq <= s.seq(); seq++) {
      assertThat(bySeq.get(seq).parents()).containsExactly(bySeq.get(seq - 1).ref());
    }

    Map<String, Ack> byCommit = new HashMap<>();
    for (Ack a : acks) {
      assertThat(byCommit.put(a.commitId(), a)).as("commit %s acked twice", a.commitId()).isNull();
    }
    for (long seq = 2; seq <= s.seq(); seq++) {
      CommitRecord r = bySeq.get(seq);
      Ack a = byCommit.get(r.commitId());
      assertThat(a)
          .as("record %d (%s) was acknowledged to no writer", seq, r.commitId())
          .isNotNull();
      assertThat(a.seq()).as("the seq %s was told", a).isEqualTo(seq);
      assertThat(r.changes()).containsExactly(Map.entry(a.type(), new ChangeCount(1, 0, 0)));
    }

    // None lost, none twice, none from a write that was refused.
    for (String type : types) {
      List<String> acked =
          acks.stream().filter(a -> a.type().equals(type)).map(Ack::rowId).toList();
      Snapshot.TableState table = s.table(EntityKind.NODE, type).orElseThrow();
      assertThat(table.rowCount()).as(type).isEqualTo(acked.size());
      List<Object> ids =
          tables.scan(table.tableVersion(), List.of("id"), Optional.empty()).stream()
              .map(r -> r.get("id"))
              .toList();
      assertThat(ids).as(type).containsExactlyInAnyOrderElementsOf(acked);
    }
  }
}

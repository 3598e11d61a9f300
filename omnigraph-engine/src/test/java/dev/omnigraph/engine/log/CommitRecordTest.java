package dev.omnigraph.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommitRecordTest {
  private static final String KEY = "log/main/00000000000000000001.json";

  @Test
  void recordsRoundTripThroughTheirCanonicalBytes() {
    CommitRecord r = CommitLogFixtures.record("main", 7, "alice");
    CommitRecord back = CommitRecord.fromBytes(KEY, r.toBytes());
    assertThat(back).isEqualTo(r);
    assertThat(back.toBytes()).isEqualTo(r.toBytes());
    // Detached Lance versions have the top bit set: kept exactly, as unsigned decimal text.
    assertThat(back.tables().get("node:1").version()).isEqualTo("11175509164427021820");
    assertThat(back.tables().get("node:1").lanceVersion()).isNegative();
  }

  @Test
  void theCanonicalFormIsPinned() {
    assertThat(
            new String(CommitLogFixtures.record("main", 1, "w").toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"format_version\":1,\"branch\":\"main\",\"seq\":1,\"commit_id\":\"01J00000000000000119000001\","
                + "\"parents\":[],\"schema_hash\":\"sha256:abc\",\"tables\":{\"node:1\":{\"path\":"
                + "\"tables/0000000000000001-0000000000000004\",\"version\":\"11175509164427021820\"}},"
                + "\"actor\":\"w\",\"operation\":\"logical\",\"created_at\":\"2026-11-25T01:02:03.456Z\","
                + "\"changes\":{\"Person\":{\"inserted\":2,\"updated\":1,\"deleted\":0}}}");
  }

  @Test
  void aHoldRecordPinsItsHoldsAfterTheChangesAndRoundTrips() {
    CommitRecord hold =
        new CommitRecord(
            "a",
            1,
            "01J00000000000000000000001",
            List.of(),
            CommitRecord.DELETED,
            new TreeMap<>(),
            "omnigraph",
            OperationKind.LOGICAL,
            Instant.parse("2026-11-25T00:00:00Z"),
            new TreeMap<>(),
            List.of(new NameHold("a/b", 3)));
    assertThat(new String(hold.toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"format_version\":1,\"branch\":\"a\",\"seq\":1,\"commit_id\":\"01J00000000000000000000001\","
                + "\"parents\":[],\"schema_hash\":\"deleted\",\"tables\":{},\"actor\":\"omnigraph\","
                + "\"operation\":\"logical\",\"created_at\":\"2026-11-25T00:00:00Z\",\"changes\":{},"
                + "\"holds\":[{\"branch\":\"a/b\",\"seq\":3}]}");
    assertThat(CommitRecord.fromBytes(KEY, hold.toBytes())).isEqualTo(hold);
    assertThat(hold.isTombstone()).isTrue();
    // A graph state never holds names.
    assertThatThrownBy(() ->
            new CommitRecord(
                "a",
                1,
                "c",
                List.of(),
                "sha256:abc",
                new TreeMap<>(),
                "w",
                OperationKind.LOGICAL,
                Instant.EPOCH,
                new TreeMap<>(),
                List.of(new NameHold("a/b", 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{\"format_version\":\"1\"}",
        "{\"format_version\":0}",
        "{\"format_version\":1}",
        "{\"format_version\":1,\"branch\":\"main\",\"seq\":1,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"h\",\"tables\":{\"t\":{\"path\":\"p\",\"version\":\"-1\"}},"
            + "\"actor\":\"a\",\"operation\":\"logical\",\"created_at\":\"2026-11-25T00:00:00Z\","
            + "\"changes\":{}}",
        "{\"format_version\":1,\"branch\":\"main\",\"seq\":1,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"h\",\"tables\":{},\"actor\":\"a\",\"operation\":\"rewrite\","
            + "\"created_at\":\"2026-11-25T00:00:00Z\",\"changes\":{}}",
        "{\"format_version\":1,\"branch\":\"main\",\"seq\":1,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"h\",\"tables\":{},\"actor\":\"a\",\"operation\":\"logical\","
            + "\"created_at\":\"yesterday\",\"changes\":{}}",
        "{\"format_version\":1,\"branch\":\"main\",\"seq\":1,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"h\",\"tables\":{},\"actor\":\"a\",\"operation\":\"logical\","
            + "\"created_at\":\"2026-11-25T00:00:00Z\",\"changes\":{},\"extra\":1}",
        "{\"format_version\":1,\"branch\":\"main\",\"seq\":0,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"h\",\"tables\":{},\"actor\":\"a\",\"operation\":\"logical\","
            + "\"created_at\":\"2026-11-25T00:00:00Z\",\"changes\":{}}",
        "{\"format_version\":1,\"branch\":\"a\",\"seq\":1,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"deleted\",\"tables\":{},\"actor\":\"a\",\"operation\":\"logical\","
            + "\"created_at\":\"2026-11-25T00:00:00Z\",\"changes\":{},\"holds\":[]}",
        "{\"format_version\":1,\"branch\":\"a\",\"seq\":1,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"h\",\"tables\":{},\"actor\":\"a\",\"operation\":\"logical\","
            + "\"created_at\":\"2026-11-25T00:00:00Z\",\"changes\":{},"
            + "\"holds\":[{\"branch\":\"a/b\",\"seq\":1}]}",
        "{\"format_version\":1,\"branch\":\"a\",\"seq\":1,\"commit_id\":\"c\",\"parents\":[],"
            + "\"schema_hash\":\"deleted\",\"tables\":{},\"actor\":\"a\",\"operation\":\"logical\","
            + "\"created_at\":\"2026-11-25T00:00:00Z\",\"changes\":{},"
            + "\"holds\":[{\"branch\":\"a/b\",\"seq\":0}]}"
      })
  void invalidRecordsAreCorrupt(String json) {
    assertThatThrownBy(() -> CommitRecord.fromBytes(KEY, json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            CommitLogException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(CommitLogException.Reason.CORRUPT_RECORD);
              assertThat(e.getMessage()).contains(KEY);
            });
  }
}

package dev.omnigraph.engine.maintain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.CommitLogException;
import dev.omnigraph.engine.log.CommitRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RunRecordTest {
  private static final RunRecord RUN =
      new RunRecord(
          "01J0000000000000000000000A",
          Instant.parse("2030-06-01T12:00:00Z"),
          RetentionPolicy.of(OptionalInt.of(3), Optional.of(Duration.ofDays(7)))
              .withGrace(Duration.ofMinutes(90)),
          List.of(new CommitRef("main", 4, "01HXA"), new CommitRef("review/x", 1, "01HXB")));

  @Test
  void roundTripsThroughItsStoredForm() {
    String json = new String(RUN.toBytes(), UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"format_version\":1,\"run_id\":\"01J0000000000000000000000A\","
                + "\"started_at\":\"2030-06-01T12:00:00Z\","
                + "\"policy\":{\"keep\":3,\"older_than\":\"PT168H\",\"grace\":\"PT1H30M\"},"
                + "\"expired\":[{\"branch\":\"main\",\"seq\":4,\"commit_id\":\"01HXA\"},"
                + "{\"branch\":\"review/x\",\"seq\":1,\"commit_id\":\"01HXB\"}]}");
    assertThat(RunRecord.fromBytes(RUN.key(), RUN.toBytes())).isEqualTo(RUN);
    assertThat(RUN.key()).isEqualTo("gc/01J0000000000000000000000A.json");

    RunRecord keepOnly =
        new RunRecord(RUN.runId(), RUN.startedAt(), RetentionPolicy.keep(1), List.of());
    assertThat(RunRecord.fromBytes(keepOnly.key(), keepOnly.toBytes())).isEqualTo(keepOnly);
  }

  @Test
  void aNewerFormatAsksForAnUpgrade() {
    byte[] newer =
        new String(RUN.toBytes(), UTF_8)
            .replace("\"format_version\":1", "\"format_version\":2")
            .getBytes(UTF_8);

    assertThatThrownBy(() -> RunRecord.fromBytes(RUN.key(), newer))
        .isInstanceOfSatisfying(
            CommitLogException.class,
            e -> assertThat(e.reason()).isEqualTo(CommitLogException.Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining("upgrade omnigraph");
  }

  @Test
  void aDamagedRecordIsRefusedNamingIt() {
    for (String bad :
        List.of(
            "not json",
            "{\"format_version\":1}",
            new String(RUN.toBytes(), UTF_8).replace("PT1H30M", "soon"),
            new String(RUN.toBytes(), UTF_8).replace("\"seq\":4", "\"seq\":0"))) {
      assertThatThrownBy(() -> RunRecord.fromBytes(RUN.key(), bad.getBytes(UTF_8)))
          .as(bad)
          .isInstanceOfSatisfying(
              CommitLogException.class,
              e -> assertThat(e.reason()).isEqualTo(CommitLogException.Reason.CORRUPT_RECORD))
          .hasMessageContaining(RUN.key());
    }
    assertThatThrownBy(() -> RunRecord.fromBytes("gc/other.json", RUN.toBytes()))
        .isInstanceOf(CommitLogException.class)
        .hasMessageContaining("does not match its name");
  }
}

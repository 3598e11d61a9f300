package dev.omnigraph.engine.log;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Commit records for tests in any engine package. */
public final class CommitLogFixtures {
  private CommitLogFixtures() {}

  /** A ULID-shaped id unique to one writer's record at one seq. */
  public static String commitId(long seq, String writer) {
    long n = (writer.hashCode() & 0x7fffffffL) * 1_000_000L + seq;
    return "01J" + String.format("%023d", n);
  }

  /** A valid record of {@code branch} at {@code seq}, written by {@code writer}. */
  public static CommitRecord record(String branch, long seq, String writer) {
    return new CommitRecord(
        branch,
        seq,
        commitId(seq, writer),
        seq == 1 ? List.of() : List.of(new CommitRef(branch, seq - 1, "parent")),
        "sha256:abc",
        new TreeMap<>(
            Map.of(
                "node:1",
                new TableVersion(
                    "tables/0000000000000001-0000000000000004", "11175509164427021820"))),
        writer,
        OperationKind.LOGICAL,
        Instant.parse("2026-11-25T01:02:03.456Z"),
        new TreeMap<>(Map.of("Person", new ChangeCount(2, 1, 0))));
  }
}

package dev.omnigraph.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each wire record against a golden file of upstream's exact field names, order and nulls. */
class WireRecordsTest {
  static String golden(String name) {
    try (InputStream in = WireRecordsTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void snapshotNamesDatasetsLikeUpstreamWithNullNativeBranch() {
    SnapshotOutput out =
        new SnapshotOutput(
            "main",
            3,
            1,
            List.of(
                new SnapshotDatasetOutput(
                    EntityKind.EDGE,
                    "Knows",
                    "/g/tables/knows-1",
                    new BigInteger("11175509164427021820"),
                    null,
                    3),
                new SnapshotDatasetOutput(
                    EntityKind.NODE, "Person", "/g/tables/person-1", BigInteger.ONE, null, 4)));
    assertThat(WireJson.pretty(out)).isEqualTo(golden("snapshot.json"));
  }

  @Test
  void commitListKeepsNullsForMainAndMissingParents() {
    CommitListOutput out =
        new CommitListOutput(
            List.of(
                new CommitOutput(
                    "01K0000000000000000000000B",
                    "feature",
                    2,
                    "01K0000000000000000000000A",
                    "01K00000000000000000000000",
                    "act-andrew",
                    1714000000000001L),
                new CommitOutput(
                    "01K0000000000000000000000A", null, 1, null, null, null, 1714000000000000L)));
    assertThat(WireJson.pretty(out)).isEqualTo(golden("commit-list.json"));
  }

  @Test
  void branchOutputs() {
    assertThat(WireJson.pretty(new BranchCreateOutput("/g", "main", "feature", null)))
        .isEqualTo(golden("branch-create.json"));
    assertThat(WireJson.pretty(new BranchDeleteOutput("s3://b/g", "feature", "act-a")))
        .isEqualTo(golden("branch-delete.json"));
    assertThat(WireJson.pretty(new BranchListOutput(List.of("feature", "main"))))
        .isEqualTo(golden("branch-list.json"));
    assertThat(WireJson.pretty(new BranchListOutput(List.of())))
        .isEqualTo("{\n  \"branches\": []\n}");
  }

  @Test
  void schemaOutput() {
    assertThat(WireJson.pretty(new SchemaOutput("node Person {\n  name: String @key\n}\n")))
        .isEqualTo(golden("schema.json"));
  }

  @Test
  void errorEnvelopeLeavesOutAnAbsentCode() {
    assertThat(WireJson.pretty(new ErrorOutput("branch 'x' not found", ErrorCode.NOT_FOUND)))
        .isEqualTo(golden("error.json"));
    assertThat(WireJson.compact(new ErrorOutput("precondition failed", null)))
        .isEqualTo("{\"error\":\"precondition failed\"}");
  }

  @Test
  void everyErrorCodeHasItsUpstreamWireName() {
    List<String> names = new ArrayList<>();
    for (ErrorCode c : ErrorCode.values()) {
      names.add(WireJson.compact(c));
    }
    assertThat(names)
        .containsExactly(
            "\"unauthorized\"",
            "\"forbidden\"",
            "\"bad_request\"",
            "\"not_found\"",
            "\"method_not_allowed\"",
            "\"conflict\"",
            "\"too_many_requests\"",
            "\"internal\"");
  }

  @Test
  void readOutputMatchesUpstreamsExactLegacyBodyAndOmitsEmptyColumnsAndNullCommit() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("p.name", "Alice");
    row.put("p.age", 30);
    ReadOutput out =
        new ReadOutput(
            "get_person",
            ReadTargetOutput.ofBranch("main"),
            1,
            List.of("p.name", "p.age"),
            List.of(row),
            null);
    // Upstream's exact body for get_person(name="Alice") on its test fixture.
    assertThat(WireJson.compact(out))
        .isEqualTo(
            "{\"query_name\":\"get_person\",\"target\":{\"branch\":\"main\",\"snapshot\":null},"
                + "\"row_count\":1,\"columns\":[\"p.name\",\"p.age\"],"
                + "\"rows\":[{\"p.name\":\"Alice\",\"p.age\":30}]}");
    ReadOutput empty =
        new ReadOutput("q", ReadTargetOutput.ofSnapshot("01K0"), 0, List.of(), List.of(), "01K0");
    assertThat(WireJson.compact(empty))
        .isEqualTo(
            "{\"query_name\":\"q\",\"target\":{\"branch\":null,\"snapshot\":\"01K0\"},"
                + "\"row_count\":0,\"rows\":[],\"graph_commit_id\":\"01K0\"}");
  }

  @Test
  void readOutputRowsKeepNullValuesAndKeyOrder() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("b", null);
    row.put("a", List.of(1, 2));
    ReadOutput out =
        new ReadOutput(
            "q", ReadTargetOutput.ofBranch("main"), 1, List.of("b", "a"), List.of(row), null);
    assertThat(WireJson.pretty(out)).isEqualTo(golden("read.json"));
  }

  @Test
  void datasetVersionMustBeAnUnsigned64BitNumber() {
    assertThatThrownBy(() ->
            new SnapshotDatasetOutput(
                EntityKind.NODE, "P", "p", BigInteger.ONE.shiftLeft(64), null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsigned 64-bit");
    assertThatThrownBy(() ->
            new SnapshotDatasetOutput(EntityKind.NODE, "P", "p", BigInteger.valueOf(-1), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readOutputRowsCarryEncodedResultValues() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("m.score", ResultValues.encode(1e10, false));
    row.put("m.ratio", ResultValues.encode(0.1f, false));
    row.put("m.id", ResultValues.encode(-1L, true));
    row.put("m.born", ResultValues.encode(java.time.LocalDate.of(2026, 3, 30), false));
    ReadOutput out =
        new ReadOutput(
            "q",
            ReadTargetOutput.ofBranch("main"),
            1,
            List.of("m.score", "m.ratio", "m.id", "m.born"),
            List.of(row),
            null);
    assertThat(WireJson.compact(out))
        .endsWith(
            "\"rows\":[{\"m.score\":10000000000.0,\"m.ratio\":0.10000000149011612,"
                + "\"m.id\":18446744073709551615,\"m.born\":\"2026-03-30\"}]}");
  }

  @Test
  void optimizeOutputUsesUpstreamsDatasetVocabulary() {
    OptimizeOutput out =
        new OptimizeOutput(
            "/g",
            List.of(
                new OptimizeDatasetOutput(
                    "edge:Knows",
                    0,
                    0,
                    false,
                    null,
                    new BigInteger("11175509164427021820"),
                    List.of(),
                    List.of(
                        new PendingIndexOutput(
                            "id", "property has no non-null values to index yet"))),
                new OptimizeDatasetOutput(
                    "node:Person",
                    3,
                    1,
                    true,
                    null,
                    BigInteger.TWO,
                    List.of("id", "name"),
                    List.of())),
            "01K0000000000000000000000A");
    assertThat(WireJson.pretty(out)).isEqualTo(golden("optimize.json"));
  }

  @Test
  void cleanupOutputKeepsNullsForAnAbsentPolicyHalfAndRun() {
    CleanupOutput out =
        new CleanupOutput(
            "s3://b/g",
            false,
            3,
            null,
            3600,
            null,
            5,
            2,
            4,
            4096,
            List.of(new CleanupDatasetOutput("s3://b/g/tables/t1", false, 3, 3072)),
            1,
            1024);
    assertThat(WireJson.pretty(out)).isEqualTo(golden("cleanup.json"));
  }
}

package dev.omnigraph.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.ScanFilter.Comparison;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanBatchesTest {
  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
              Field.nullable("repoName", ArrowType.Utf8.INSTANCE),
              Field.nullable("born", new ArrowType.Date(DateUnit.DAY)),
              Field.nullable("seen", new ArrowType.Date(DateUnit.MILLISECOND))));

  @TempDir Path root;
  private Tables tables;
  private TableVersion version;

  @BeforeEach
  void open() {
    tables = new Tables(root.toString(), Map.of());
    TableVersion empty = tables.create("tables/t", SCHEMA);
    List<Map<String, Object>> rows =
        List.of(
            Map.of(
                "id",
                "r0",
                "repoName",
                "it's \\ \"odd\" 50%",
                "born",
                LocalDate.of(2024, 6, 1),
                "seen",
                Instant.parse("2024-06-01T12:00:00.250Z")),
            Map.of(
                "id",
                "r1",
                "repoName",
                "plain",
                "born",
                LocalDate.of(1969, 12, 31),
                "seen",
                Instant.parse("1969-12-31T23:59:59.999Z")));
    try (VectorSchemaRoot batch = RowBatches.toBatch("T", SCHEMA, rows, tables.allocator())) {
      version = tables.append(empty, batch);
    }
  }

  /** Closing checks the allocator: a batch kept past its call would leak here. */
  @AfterEach
  void close() {
    tables.close();
  }

  private List<String> ids(ScanFilter filter) {
    List<String> ids = new ArrayList<>();
    tables.scanBatches(
        version,
        List.of("id"),
        Optional.of(filter),
        batch -> {
          VarCharVector v = (VarCharVector) batch.getVector("id");
          for (int i = 0; i < batch.getRowCount(); i++) {
            ids.add(v.getObject(i).toString());
          }
        });
    return ids;
  }

  @Test
  void literalsReachStorageExactly() {
    assertThat(
            ids(
                new ScanFilter.Compare(
                    "repoName", Comparison.EQ, new ScanFilter.Text("it's \\ \"odd\" 50%"))))
        .containsExactly("r0");
    assertThat(ids(new ScanFilter.Contains("repoName", new ScanFilter.Text("0%"))))
        .containsExactly("r0");
    assertThat(ids(new ScanFilter.StartsWith("repoName", new ScanFilter.Text("pl_")))).isEmpty();
    assertThat(
            ids(new ScanFilter.Compare("born", Comparison.LT, new ScanFilter.Day(LocalDate.EPOCH))))
        .containsExactly("r1");
    assertThat(
            ids(
                new ScanFilter.Compare(
                    "seen",
                    Comparison.EQ,
                    new ScanFilter.Millis(Instant.parse("2024-06-01T12:00:00.250Z")))))
        .containsExactly("r0");
    assertThat(
            ids(
                new ScanFilter.Compare(
                    "seen",
                    Comparison.GT,
                    new ScanFilter.Millis(Instant.parse("1969-12-31T23:59:59.998Z")))))
        .containsExactly("r0", "r1");
  }

  @Test
  void oneOfMatchesTheListedStringsExactly() {
    assertThat(
            ids(
                new ScanFilter.OneOf(
                    "repoName",
                    List.of(
                        new ScanFilter.Text("plain"), new ScanFilter.Text("it's \\ \"odd\" 50%")))))
        .containsExactly("r0", "r1");
    assertThat(ids(new ScanFilter.OneOf("id", List.of(new ScanFilter.Text("r1")))))
        .containsExactly("r1");
    assertThat(ids(new ScanFilter.OneOf("id", List.of(new ScanFilter.Text("R1"))))).isEmpty();
    assertThatThrownBy(() -> new ScanFilter.OneOf("id", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one value");
  }

  @Test
  void anOpenTableScansManyTimesForOneOpenAndCountsTheRowsItStreams() {
    long opens = tables.opens();
    long rows = tables.rowsStreamed();
    List<Integer> counts = new ArrayList<>();
    OpenTable open = tables.openForScans(version);
    try {
      open.scanBatches(List.of("id"), Optional.empty(), b -> counts.add(b.getRowCount()));
      open.scanBatches(
          List.of("id"),
          Optional.of(new ScanFilter.OneOf("id", List.of(new ScanFilter.Text("r0")))),
          b -> counts.add(b.getRowCount()));
      IllegalStateException boom = new IllegalStateException("boom");
      assertThatThrownBy(() ->
              open.scanBatches(
                  List.of("id"),
                  Optional.empty(),
                  batch -> {
                    throw boom;
                  }))
          .isSameAs(boom);
      assertThat(tables.opens() - opens).isEqualTo(1);
      open.close();
      assertThatThrownBy(() -> open.scanBatches(List.of("id"), Optional.empty(), b -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    } finally {
      open.close();
    }
    assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
    assertThat(tables.rowsStreamed() - rows).as("2 + 1 + the batch that failed").isEqualTo(5);
  }

  @Test
  void columnsComeInTheOrderAsked() {
    List<String> names = new ArrayList<>();
    tables.scanBatches(
        version,
        List.of("seen", "id"),
        Optional.empty(),
        batch -> batch.getSchema().getFields().forEach(f -> names.add(f.getName())));
    assertThat(names).containsExactly("seen", "id");
  }

  @Test
  void aConsumerFailureIsRethrownUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() ->
            tables.scanBatches(
                version,
                List.of("id"),
                Optional.empty(),
                batch -> {
                  throw boom;
                }))
        .isSameAs(boom);
  }

  @Test
  void aScanNeedsAColumn() {
    assertThatThrownBy(() -> tables.scanBatches(version, List.of(), Optional.empty(), b -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one column");
  }
}

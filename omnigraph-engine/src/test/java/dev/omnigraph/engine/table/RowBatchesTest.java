package dev.omnigraph.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.TableVersion;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches with vector and list columns: written as given, or refused before anything is kept. */
class RowBatchesTest {
  private static final Schema DOCS =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
              new Field(
                  "emb",
                  FieldType.nullable(new ArrowType.FixedSizeList(3)),
                  List.of(item(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)))),
              new Field(
                  "tags",
                  FieldType.nullable(ArrowType.List.INSTANCE),
                  List.of(item(ArrowType.Utf8.INSTANCE))),
              new Field(
                  "days",
                  FieldType.nullable(ArrowType.List.INSTANCE),
                  List.of(item(new ArrowType.Date(DateUnit.DAY))))));

  @TempDir Path root;
  private Tables tables;

  @BeforeEach
  void open() {
    tables = new Tables(root.toString(), Map.of());
  }

  @AfterEach
  void closeAndCheckForLeaks() {
    tables.close();
  }

  private static Field item(ArrowType type) {
    return new Field("item", FieldType.nullable(type), null);
  }

  private static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }

  private VectorSchemaRoot batch(List<Map<String, Object>> rows) {
    return RowBatches.toBatch("Doc", DOCS, rows, tables.allocator());
  }

  @Test
  void vectorsAndListsAreWrittenAndReadBack() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(
        row(
            "id",
            "a",
            "emb",
            List.of(1f, 2f, 3f),
            "tags",
            List.of("red", "blue"),
            "days",
            List.of(LocalDate.of(2024, 1, 2))));
    // A null list between two others, and null items inside a list.
    rows.add(row("id", "b", "emb", new float[] {0f, -1f, 0.5f}, "tags", null));
    rows.add(row("id", "c", "tags", Arrays.asList("x", null), "days", List.of()));

    TableVersion v = tables.create("tables/docs", DOCS);
    try (VectorSchemaRoot batch = batch(rows)) {
      v = tables.append(v, batch);
    }
    List<Map<String, Object>> read =
        tables.scan(v, List.of("id", "emb", "tags", "days"), Optional.empty());

    assertThat(read).hasSize(3);
    assertThat(read.get(0).get("emb")).hasToString("[1.0,2.0,3.0]");
    assertThat(read.get(0).get("tags")).hasToString("[\"red\",\"blue\"]");
    assertThat(read.get(0).get("days")).hasToString("[19724]");
    assertThat(read.get(1).get("emb")).hasToString("[0.0,-1.0,0.5]");
    assertThat(read.get(1).get("tags")).isNull();
    assertThat(read.get(2).get("emb")).isNull();
    assertThat(read.get(2).get("tags")).hasToString("[\"x\",null]");
    assertThat(read.get(2).get("days")).hasToString("[]");
  }

  @Test
  void aVectorOfTheWrongShapeIsRefusedNamingTheColumn() {
    assertRefused(row("id", "a", "emb", List.of(1f, 2f)), "Doc.emb", "gives 2 components");
    assertRefused(row("id", "a", "emb", new float[4]), "Doc.emb", "gives 4 components");
    assertRefused(row("id", "a", "emb", List.of(1f, 2d, 3f)), "Doc.emb", "item 1 is a Double");
    assertRefused(row("id", "a", "emb", Arrays.asList(1f, null, 3f)), "Doc.emb", "item 1 is null");
    assertRefused(
        row("id", "a", "emb", List.of(1f, Float.NaN, 3f)), "Doc.emb", "finite vector components");
    assertRefused(row("id", "a", "emb", "1,2,3"), "Doc.emb", "cannot take a String");
  }

  @Test
  void aListOfTheWrongItemsIsRefusedNamingTheColumn() {
    assertRefused(row("id", "a", "tags", "red"), "Doc.tags", "cannot take a String");
    assertRefused(row("id", "a", "tags", List.of("red", 7L)), "Doc.tags", "cannot take a Long");
    assertRefused(
        row("id", "a", "days", List.of("2024-01-02")), "Doc.days", "cannot take a String");
  }

  private void assertRefused(Map<String, Object> bad, String column, String problem) {
    assertThatThrownBy(() -> batch(List.of(row("id", "ok", "emb", List.of(1f, 1f, 1f)), bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(column)
        .hasMessageContaining(problem);
  }
}

package dev.omnigraph.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.TableVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.ReadOptions;

class TablesTest {
  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
              Field.nullable("name", ArrowType.Utf8.INSTANCE),
              Field.nullable("age", new ArrowType.Int(32, true))));
  private static final String PATH = "tables/person-1";

  @TempDir Path root;
  private Tables tables;

  @BeforeEach
  void open() {
    tables = new Tables(root.toString(), Map.of());
  }

  /** Closing checks the allocator: a leaked Arrow buffer fails the test right here. */
  @AfterEach
  void closeAndCheckForLeaks() {
    tables.close();
  }

  @Test
  void createdTableIsEmptyAtVersionOne() {
    TableVersion v1 = tables.create(PATH, SCHEMA);

    assertThat(v1).isEqualTo(new TableVersion(PATH, "1"));
    assertThat(tables.scan(v1, List.of(), Optional.empty())).isEmpty();
    assertThat(tables.countRows(v1, Optional.empty())).isZero();
  }

  @Test
  void createOverAnExistingTableIsAConflict() {
    tables.create(PATH, SCHEMA);

    assertThatThrownBy(() -> tables.create(PATH, SCHEMA))
        .isInstanceOfSatisfying(
            TableException.class, e -> assertThat(e.kind()).isEqualTo(TableException.Kind.CONFLICT))
        .hasMessageContaining(PATH);
  }

  @Test
  void detachedAppendGetsATopBitVersionAndLeavesHeadAlone() {
    TableVersion v1 = tables.create(PATH, SCHEMA);

    TableVersion v2 = append(v1, row("a", "Ann", 30), row("b", "Bob", 40));

    assertThat(v2.path()).isEqualTo(PATH);
    assertThat(Long.compareUnsigned(Long.parseUnsignedLong(v2.version()), Long.MAX_VALUE))
        .isPositive();
    assertThat(v2.lanceVersion()).isNegative();
    assertThat(ids(v2)).containsExactlyInAnyOrder("a", "b");
    assertThat(ids(v1)).isEmpty();
    try (BufferAllocator a = new RootAllocator();
        Dataset head = Dataset.open().allocator(a).uri(tableUri()).build()) {
      assertThat(head.version()).isEqualTo(1);
      assertThat(head.latestVersion()).isEqualTo(1);
      assertThat(head.countRows()).isZero();
    }
  }

  @Test
  void aFreshInstanceOpensADetachedVersionById() {
    TableVersion v2 = append(tables.create(PATH, SCHEMA), row("a", "Ann", 30));
    tables.close();

    // A new Tables (own allocator, session, threads) stands for another process.
    tables = new Tables(root.toString(), Map.of());
    TableVersion persisted = new TableVersion(v2.path(), v2.version());

    assertThat(tables.scan(persisted, List.of(), Optional.empty()))
        .containsExactly(Map.of("id", "a", "name", "Ann", "age", 30));
  }

  @Test
  void detachedAppendsChain() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    TableVersion a = append(v1, row("a", "Ann", 30));
    TableVersion b = append(a, row("b", "Bob", 40), row("c", "Cid", 50));

    assertThat(ids(a)).containsExactly("a");
    assertThat(ids(b)).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void siblingAppendsFromOneBaseAreIsolated() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    TableVersion base = append(v1, row("base", "Base", 1));

    TableVersion left = append(base, row("left", "L", 2));
    TableVersion right = append(base, row("right", "R", 3));

    assertThat(left).isNotEqualTo(right);
    assertThat(ids(left)).containsExactlyInAnyOrder("base", "left");
    assertThat(ids(right)).containsExactlyInAnyOrder("base", "right");
    assertThat(ids(base)).containsExactly("base");
  }

  @Test
  void deleteRemovesMatchingRowsAndDropsEmptiedFragments() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    TableVersion first = append(v1, row("a", "Ann", 30), row("b", "Bob", 40), row("c", "Cid", 50));
    TableVersion both = append(first, row("d", "Dan", 60), row("e", "Eve", 70));

    // b is one row of the first fragment; d and e are all rows of the second.
    TableVersion deleted = tables.delete(both, "id IN ('b', 'd', 'e')");

    assertThat(deleted).isNotEqualTo(both);
    assertThat(ids(deleted)).containsExactlyInAnyOrder("a", "c");
    assertThat(ids(both)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    assertThat(fragmentCount(both)).isEqualTo(2);
    assertThat(fragmentCount(deleted)).isEqualTo(1);

    TableVersion none = tables.delete(deleted, "age >= 0");
    assertThat(tables.countRows(none, Optional.empty())).isZero();
    assertThat(fragmentCount(none)).isZero();
    assertThat(tables.countRows(deleted, Optional.empty())).isEqualTo(2);
  }

  @Test
  void deleteOnAPartlyDeletedFragmentUsesPhysicalOffsets() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    TableVersion all =
        append(v1, row("r0", "x", 0), row("r1", "x", 1), row("r2", "x", 2), row("r3", "x", 3));
    TableVersion once = tables.delete(all, "id IN ('r1', 'r3')");

    TableVersion twice = tables.delete(once, "id = 'r2'");

    assertThat(ids(twice)).containsExactly("r0");
  }

  @Test
  void deleteMatchingNothingReturnsTheBaseWithoutACommit() {
    TableVersion v2 = append(tables.create(PATH, SCHEMA), row("a", "Ann", 30));

    assertThat(tables.delete(v2, "id = 'nobody'")).isSameAs(v2);
  }

  @Test
  void scanProjectsAndFilters() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    TableVersion v2 = append(v1, row("a", "Ann", 30), row("b", null, 40), row("c", "Cid", 50));

    List<Map<String, Object>> rows = tables.scan(v2, List.of("age", "id"), Optional.of("age > 35"));

    assertThat(rows)
        .containsExactlyInAnyOrder(Map.of("age", 40, "id", "b"), Map.of("age", 50, "id", "c"));
    assertThat(rows.getFirst().keySet()).containsExactly("age", "id");
    Map<String, Object> withNull = tables.scan(v2, List.of(), Optional.of("id = 'b'")).getFirst();
    assertThat(withNull).containsEntry("name", null).containsEntry("age", 40);
  }

  @Test
  void countRowsWithAndWithoutFilter() {
    TableVersion v2 =
        append(
            tables.create(PATH, SCHEMA),
            row("a", "Ann", 30),
            row("b", "Bob", 40),
            row("c", "Cid", 50));

    assertThat(tables.countRows(v2, Optional.empty())).isEqualTo(3);
    assertThat(tables.countRows(v2, Optional.of("age >= 40"))).isEqualTo(2);
    assertThat(tables.countRows(v2, Optional.of("name LIKE 'A%'"))).isEqualTo(1);
  }

  @Test
  void everyOperationOpensItsTableExactlyOnce() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    assertThat(tables.opens()).isZero();

    TableVersion v2 = append(v1, row("a", "Ann", 30));
    assertThat(tables.opens()).isEqualTo(1);
    tables.scan(v2, List.of(), Optional.empty());
    assertThat(tables.opens()).isEqualTo(2);
    tables.countRows(v2, Optional.of("age > 1"));
    assertThat(tables.opens()).isEqualTo(3);
    tables.delete(v2, "id = 'a'");
    assertThat(tables.opens()).isEqualTo(4);
    tables.delete(v2, "id = 'nobody'");
    assertThat(tables.opens()).isEqualTo(5);
    tables.stats(v2);
    assertThat(tables.opens()).isEqualTo(6);
    tables.indexes(v2);
    assertThat(tables.opens()).isEqualTo(7);
    tables.dropIndex(v2, "no_such_index");
    assertThat(tables.opens()).isEqualTo(8);
  }

  @Test
  void aMissingVersionIsNotFound() {
    tables.create(PATH, SCHEMA);
    TableVersion missing = new TableVersion(PATH, "12345678901234567890");

    assertThatThrownBy(() -> tables.scan(missing, List.of(), Optional.empty()))
        .isInstanceOfSatisfying(
            TableException.class,
            e -> assertThat(e.kind()).isEqualTo(TableException.Kind.NOT_FOUND))
        .hasMessageContaining(PATH)
        .hasMessageContaining("12345678901234567890");
  }

  @Test
  void aMissingTableIsNotFound() {
    TableVersion missing = new TableVersion("tables/never-created", "1");

    assertThatThrownBy(() -> tables.countRows(missing, Optional.empty()))
        .isInstanceOfSatisfying(
            TableException.class,
            e -> assertThat(e.kind()).isEqualTo(TableException.Kind.NOT_FOUND))
        .hasMessageContaining("tables/never-created");
  }

  @Test
  void closeReportsLeakedArrowMemory() {
    // Never released: once the allocator is closed the buffer cannot be, so 64 bytes stay leaked.
    ArrowBuf leaked = tables.allocator().buffer(64);
    assertThat(leaked.capacity()).isEqualTo(64);

    assertThatThrownBy(tables::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("leak");
    // The allocator is closed now; a second close must not throw again.
    tables.close();
  }

  @Test
  void virtualThreadCallersShareTheLanceThreads() throws Exception {
    TableVersion v2 = append(tables.create(PATH, SCHEMA), row("a", "Ann", 30));
    List<Future<Long>> counts = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 16; i++) {
        counts.add(callers.submit(() -> tables.countRows(v2, Optional.empty())));
      }
    }
    for (Future<Long> count : counts) {
      assertThat(count.get()).isEqualTo(1);
    }
  }

  @Test
  void measuresDetachedAppendAndOpenAtVersion() {
    TableVersion v = tables.create(PATH, SCHEMA);
    v = append(v, row("warm", "up", 0));
    int runs = 20;
    long appendNanos = 0;
    for (int i = 0; i < runs; i++) {
      try (VectorSchemaRoot batch = batch(row("p" + i, "n", i))) {
        long start = System.nanoTime();
        v = tables.append(v, batch);
        appendNanos += System.nanoTime() - start;
      }
    }
    long openNanos = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      tables.countRows(v, Optional.empty());
      openNanos += System.nanoTime() - start;
    }
    System.out.printf(
        "TablesTest figures: 1-row detached append (Fragment.write + commit, incl. open) mean"
            + " %.2f ms; open-at-version + countRows mean %.2f ms (%d runs each)%n",
        appendNanos / 1e6 / runs, openNanos / 1e6 / runs, runs);
    assertThat(tables.countRows(v, Optional.empty())).isEqualTo(runs + 1);
  }

  @Test
  void aCopyMapsColumnsFillsNewOnesWithNullsAndStreamsInBatches() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    TableVersion source =
        append(
            v1,
            row("a", "Ann", 30),
            row("b", "Bob", 40),
            row("c", "Cy", 50),
            row("d", "Di", 60),
            row("e", "Ed", 70));
    Schema target =
        new Schema(
            List.of(
                new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                Field.nullable("full_name", ArrowType.Utf8.INSTANCE),
                Field.nullable("email", ArrowType.Utf8.INSTANCE)));

    TableVersion copy =
        tables.createCopy(
            "tables/person-2", target, source, Map.of("id", "id", "full_name", "name"), 2);

    assertThat(copy.path()).isEqualTo("tables/person-2");
    List<Map<String, Object>> rows = tables.scan(copy, List.of(), Optional.empty());
    assertThat(rows).hasSize(5);
    assertThat(rows.getFirst()).containsOnlyKeys("id", "full_name", "email");
    assertThat(rows.stream().map(r -> r.get("id") + "=" + r.get("full_name")).toList())
        .containsExactlyInAnyOrder("a=Ann", "b=Bob", "c=Cy", "d=Di", "e=Ed");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("email")).isNull());
    // One data file per batch of at most two rows: memory is bounded by the batch, not the table.
    assertThat(tables.stats(copy).fragments()).isEqualTo(3);
    assertThat(tables.countRows(source, Optional.empty())).isEqualTo(5);
  }

  @Test
  void aCopyOfAnEmptyTableIsItsFirstVersionAndACopyOntoAnExistingTableConflicts() {
    TableVersion v1 = tables.create(PATH, SCHEMA);

    TableVersion copy = tables.createCopy("tables/person-2", SCHEMA, v1, Map.of("id", "id"), 10);

    assertThat(copy).isEqualTo(new TableVersion("tables/person-2", "1"));
    assertThat(tables.countRows(copy, Optional.empty())).isZero();
    assertThatThrownBy(() -> tables.createCopy(PATH, SCHEMA, v1, Map.of("id", "id"), 10))
        .isInstanceOfSatisfying(
            TableException.class,
            e -> assertThat(e.kind()).isEqualTo(TableException.Kind.CONFLICT));
  }

  private TableVersion append(TableVersion base, Object[]... rows) {
    try (VectorSchemaRoot batch = batch(rows)) {
      return tables.append(base, batch);
    }
  }

  private VectorSchemaRoot batch(Object[]... rows) {
    VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, tables.allocator());
    VarCharVector id = (VarCharVector) batch.getVector("id");
    VarCharVector name = (VarCharVector) batch.getVector("name");
    IntVector age = (IntVector) batch.getVector("age");
    batch.allocateNew();
    for (int i = 0; i < rows.length; i++) {
      id.setSafe(i, ((String) rows[i][0]).getBytes(StandardCharsets.UTF_8));
      if (rows[i][1] == null) {
        name.setNull(i);
      } else {
        name.setSafe(i, ((String) rows[i][1]).getBytes(StandardCharsets.UTF_8));
      }
      age.setSafe(i, (Integer) rows[i][2]);
    }
    batch.setRowCount(rows.length);
    return batch;
  }

  private static Object[] row(String id, String name, int age) {
    return new Object[] {id, name, age};
  }

  private List<String> ids(TableVersion v) {
    return tables.scan(v, List.of("id"), Optional.empty()).stream()
        .map(r -> (String) r.get("id"))
        .toList();
  }

  private String tableUri() {
    return root.resolve(PATH).toString();
  }

  /** Looks under the API, straight at Lance, to check which fragments a version keeps. */
  private int fragmentCount(TableVersion v) {
    try (BufferAllocator a = new RootAllocator();
        Dataset ds =
            Dataset.open()
                .allocator(a)
                .uri(tableUri())
                .readOptions(new ReadOptions.Builder().setVersion(v.lanceVersion()).build())
                .build()) {
      return ds.getFragments().size();
    }
  }
}

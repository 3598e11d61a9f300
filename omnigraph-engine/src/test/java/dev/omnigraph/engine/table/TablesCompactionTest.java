package dev.omnigraph.engine.table;

import static dev.omnigraph.engine.table.PeopleTable.append;
import static dev.omnigraph.engine.table.PeopleTable.people;
import static dev.omnigraph.engine.table.TablesKeyedWriteTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.IndexSpec.VectorMetric;
import dev.omnigraph.engine.table.PeopleTable.Person;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.CommitBuilder;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.Transaction;
import org.lance.index.Index;
import org.lance.index.IndexOptions;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.BTreeIndexParams;
import org.lance.ipc.ScanOptions;
import org.lance.operation.CreateIndex;

class TablesCompactionTest {
  private static final IndexSpec ID = new IndexSpec.BTree("id_idx", "id");
  private static final IndexSpec NAME = new IndexSpec.FullText("name_fts", "name");
  private static final IndexSpec EMB = new IndexSpec.Vector("emb_idx", "emb", VectorMetric.L2);

  @TempDir Path root;
  private Tables tables;
  private TableVersion empty;

  @BeforeEach
  void open() {
    tables = new Tables(root.toString(), Map.of());
    empty = tables.create(PeopleTable.PATH, PeopleTable.SCHEMA);
  }

  /** Closing checks the allocator: a leaked Arrow buffer fails the test right here. */
  @AfterEach
  void closeAndCheckForLeaks() {
    tables.close();
  }

  /** Six fragments of ten rows; p3, p4 (fragment 0) and all of fragment 1 deleted: 48 rows. */
  private TableVersion fragmented() {
    TableVersion v = empty;
    for (int f = 0; f < 6; f++) {
      v = append(tables, v, people(f * 10, 10));
    }
    List<String> gone = new ArrayList<>(List.of("p3", "p4"));
    people(10, 10).forEach(p -> gone.add(p.id()));
    return tables.deleteKeys(v, "id", gone).version();
  }

  @Test
  void compactionKeepsEveryRowMergesFragmentsAndRebuildsEveryIndex() throws Exception {
    TableVersion base = fragmented();
    for (IndexSpec spec : List.of(ID, NAME, EMB)) {
      base = tables.buildIndex(base, spec).version();
    }
    assertThat(tables.stats(base)).isEqualTo(new TableStats(5, 48, 2));
    List<Map<String, Object>> before = rows(base);
    long opens = tables.opens();

    Compacted compacted = tables.compact(base);

    assertThat(tables.opens()).isEqualTo(opens + 1);
    assertThat(compacted.fragmentsRemoved()).isEqualTo(5);
    assertThat(compacted.fragmentsAdded()).isEqualTo(1);
    assertThat(compacted.reindexed()).containsExactly("emb_idx", "id_idx", "name_fts");
    assertThat(compacted.pendingIndexes()).isEmpty();
    TableVersion v = compacted.version();
    assertThat(tables.stats(v)).isEqualTo(new TableStats(1, 48, 0));
    assertThat(rows(v)).isEqualTo(before);
    assertThat(tables.indexes(v))
        .containsExactly(
            new TableIndex("emb_idx", List.of("emb"), "IVF_FLAT", Optional.of(EMB), true),
            new TableIndex("id_idx", List.of("id"), "BTree", Optional.of(ID), true),
            new TableIndex("name_fts", List.of("name"), "Inverted", Optional.of(NAME), true));
    PeopleTable.Scanned lookup =
        PeopleTable.scan(
            root,
            v,
            new ScanOptions.Builder()
                .columns(List.of("id"))
                .filter("id = 'p42'")
                .collectStats(true)
                .build());
    assertThat(lookup.ids()).containsExactly("p42");
    assertThat(lookup.stats().getIndicesLoaded()).isPositive();
    assertThat(lookup.rowsScanned()).isEqualTo(1);
    // The base is untouched and the table head never moved.
    assertThat(tables.stats(base)).isEqualTo(new TableStats(5, 48, 2));
    assertThat(PeopleTable.head(root)).isEqualTo(new PeopleTable.Head(1, 1, 1));
    assertThat(tables.compact(v).version()).isSameAs(v);
  }

  @Test
  void aStaleIndexComesOutOfCompactionCoveringEveryFragment() {
    TableVersion indexed = tables.buildIndex(fragmented(), ID).version();
    TableVersion appended = append(tables, append(tables, indexed, people(100, 2)), people(102, 2));
    assertThat(tables.indexes(appended).getFirst().coversAllFragments()).isFalse();

    Compacted compacted = tables.compact(appended);

    // Lance groups fragments by index coverage: the indexed ones merge, the two appended ones too.
    assertThat(compacted.fragmentsRemoved()).isEqualTo(7);
    assertThat(compacted.fragmentsAdded()).isEqualTo(2);
    assertThat(tables.indexes(compacted.version()).getFirst().coversAllFragments()).isTrue();
    assertThat(rows(compacted.version())).isEqualTo(rows(appended));
    // Now that one index covers both, a second compaction merges what is left.
    Compacted again = tables.compact(compacted.version());
    assertThat(tables.stats(again.version())).isEqualTo(new TableStats(1, 52, 0));
    assertThat(rows(again.version())).isEqualTo(rows(appended));
  }

  @Test
  void nothingToCompactReturnsTheBase() {
    TableVersion one = append(tables, empty, people(0, 10));

    assertThat(tables.compact(one)).isEqualTo(new Compacted(one, 0, 0, List.of(), List.of()));
    assertThat(tables.compact(empty).version()).isSameAs(empty);
  }

  @Test
  void anIndexWhoseColumnLostEveryValueStaysPending() {
    // Two fragments of five: only p0 and p5 have vectors, and deleting them leaves none.
    List<Person> rows = new ArrayList<>();
    for (Person p : people(0, 10)) {
      rows.add(p.id().equals("p0") || p.id().equals("p5") ? p : p.withoutVector());
    }
    TableVersion base =
        append(tables, append(tables, empty, rows.subList(0, 5)), rows.subList(5, 10));
    TableVersion indexed = tables.buildIndex(base, EMB).version();
    TableVersion noVectors = tables.deleteKeys(indexed, "id", List.of("p0", "p5")).version();

    Compacted compacted = tables.compact(noVectors);

    assertThat(compacted.reindexed()).isEmpty();
    assertThat(compacted.pendingIndexes()).containsExactly("emb_idx");
    assertThat(tables.stats(compacted.version())).isEqualTo(new TableStats(1, 8, 0));
    assertThat(tables.indexes(compacted.version()))
        .singleElement()
        .satisfies(i -> assertThat(i.coversAllFragments()).isFalse());
  }

  @Test
  void anIndexOmnigraphDidNotBuildIsRefusedUntilDropped() {
    TableVersion base = fragmented();
    TableVersion foreign = foreignIndexOnAge(base);
    assertThat(tables.indexes(foreign))
        .singleElement()
        .satisfies(i -> assertThat(i.spec()).isEmpty());

    assertInvalid(() -> tables.compact(foreign), "indexes [age-btree] were not built by Omnigraph");

    Compacted compacted = tables.compact(tables.dropIndex(foreign, "age-btree"));
    assertThat(tables.stats(compacted.version())).isEqualTo(new TableStats(1, 48, 0));
  }

  /**
   * A B-tree named as Omnigraph never names an index (so no spec rebuilds it), committed detached
   * straight through Lance.
   */
  private TableVersion foreignIndexOnAge(TableVersion base) {
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = PeopleTable.openAt(a, root, base)) {
      Index bitmap =
          ds.createIndex(
              IndexOptions.builder(
                      List.of("age"),
                      IndexType.BTREE,
                      IndexParams.builder()
                          .setScalarIndexParams(BTreeIndexParams.builder().build())
                          .build())
                  .withIndexName("age-btree")
                  .withFragmentIds(ds.getFragments().stream().map(Fragment::getId).toList())
                  .build());
      try (Transaction txn =
              new Transaction.Builder()
                  .readVersion(ds.version())
                  .operation(CreateIndex.builder().withNewIndices(List.of(bitmap)).build())
                  .build();
          Dataset out = new CommitBuilder(ds).detached(true).execute(txn)) {
        return new TableVersion(base.path(), Long.toUnsignedString(out.version()));
      }
    }
  }

  private List<Map<String, Object>> rows(TableVersion v) {
    return tables.scan(v, List.of(), Optional.empty()).stream()
        .sorted(Comparator.comparing(r -> (String) r.get("id")))
        .toList();
  }
}

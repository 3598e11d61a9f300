package dev.omnigraph.engine.table;

import static dev.omnigraph.engine.table.PeopleTable.append;
import static dev.omnigraph.engine.table.PeopleTable.people;
import static dev.omnigraph.engine.table.PeopleTable.person;
import static dev.omnigraph.engine.table.TablesKeyedWriteTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.failpoint.Action;
import dev.omnigraph.engine.failpoint.Armed;
import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.failpoint.Rendezvous;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.IndexSpec.VectorMetric;
import dev.omnigraph.engine.table.PeopleTable.Person;
import dev.omnigraph.engine.table.PeopleTable.Scanned;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.index.DistanceType;
import org.lance.index.Index;
import org.lance.ipc.FullTextQuery;
import org.lance.ipc.Query;
import org.lance.ipc.ScanOptions;

class TablesIndexTest {
  private static final IndexSpec ID = new IndexSpec.BTree("id_idx", "id");
  private static final IndexSpec NAME = new IndexSpec.FullText("name_fts", "name");
  private static final IndexSpec EMB = new IndexSpec.Vector("emb_idx", "emb", VectorMetric.COSINE);

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

  /** 200 rows in two fragments. */
  private TableVersion twoHundred() {
    return append(tables, append(tables, empty, people(0, 100)), people(100, 100));
  }

  @Test
  void aBTreeIsBuiltDetachedAndUsedByAFilteredScan() throws Exception {
    TableVersion base = twoHundred();
    long opens = tables.opens();

    TableVersion v = built(tables.buildIndex(base, ID));

    assertThat(tables.opens()).isEqualTo(opens + 1);
    assertThat(tables.indexes(v))
        .containsExactly(new TableIndex("id_idx", List.of("id"), "BTree", Optional.of(ID), true));
    assertThat(tables.indexes(base)).isEmpty();
    assertThat(PeopleTable.head(root)).isEqualTo(new PeopleTable.Head(1, 1, 1));

    ScanOptions.Builder lookup =
        new ScanOptions.Builder().columns(List.of("id")).filter("id = 'p123'").collectStats(true);
    Scanned indexed = PeopleTable.scan(root, v, lookup.build());
    Scanned full = PeopleTable.scan(root, v, lookup.useScalarIndex(false).build());
    assertThat(indexed.rows()).isEqualTo(1);
    assertThat(indexed.stats().getIndicesLoaded()).isPositive();
    assertThat(indexed.rowsScanned()).isEqualTo(1);
    assertThat(full.rows()).isEqualTo(1);
    assertThat(full.rowsScanned()).isEqualTo(200);
  }

  @Test
  void aFullTextIndexAnswersWordQueries() throws Exception {
    TableVersion v = built(tables.buildIndex(twoHundred(), NAME));

    assertThat(tables.indexes(v))
        .containsExactly(
            new TableIndex("name_fts", List.of("name"), "Inverted", Optional.of(NAME), true));
    Scanned one = PeopleTable.scan(root, v, fullText("number42"));
    Scanned all = PeopleTable.scan(root, v, fullText("COMMON"));
    assertThat(one.rows()).isEqualTo(1);
    assertThat(one.stats().getIndicesLoaded()).isPositive();
    assertThat(all.rows()).isEqualTo(200);
  }

  @Test
  void aVectorIndexSkipsNullVectorsAndFindsTheNearest() throws Exception {
    List<Person> rows = new ArrayList<>(people(0, 90));
    for (Person p : people(90, 10)) {
      rows.add(p.withoutVector());
    }
    TableVersion v = built(tables.buildIndex(append(tables, empty, rows), EMB));

    assertThat(tables.indexes(v))
        .containsExactly(
            new TableIndex("emb_idx", List.of("emb"), "IVF_FLAT", Optional.of(EMB), true));
    float[] key = new float[PeopleTable.DIMENSION];
    for (int d = 0; d < key.length; d++) {
      key[d] = PeopleTable.vector(37).get(d);
    }
    Query nearest =
        new Query.Builder()
            .setColumn("emb")
            .setKey(key)
            .setK(3)
            .setDistanceType(DistanceType.Cosine)
            .build();
    Scanned found =
        PeopleTable.scan(
            root,
            v,
            new ScanOptions.Builder()
                .nearest(nearest)
                .columns(List.of("id"))
                .collectStats(true)
                .build());
    assertThat(found.rows()).isEqualTo(3);
    assertThat(found.stats().getIndicesLoaded()).isPositive();
    assertThat(found.ids()).first().isEqualTo("p37");
  }

  @Test
  void nothingToIndexIsPendingAndLeavesTheBase() {
    long opens = tables.opens();
    for (IndexSpec spec : List.of(ID, NAME, EMB)) {
      IndexBuild build = tables.buildIndex(empty, spec);
      assertThat(build).isEqualTo(new IndexBuild.Pending(empty, spec, "the table has no rows"));
      assertThat(build.version()).isSameAs(empty);
    }
    assertThat(tables.opens()).isEqualTo(opens + 3);

    TableVersion noVectors = append(tables, empty, List.of(person(1).withoutVector()));
    assertThat(tables.buildIndex(noVectors, EMB))
        .isEqualTo(new IndexBuild.Pending(noVectors, EMB, "column 'emb' has only null values"));
    assertThat(tables.indexes(noVectors)).isEmpty();
    assertThat(built(tables.buildIndex(noVectors, ID))).isNotEqualTo(noVectors);
  }

  @Test
  void rebuildingAnIndexReplacesItInsteadOfAddingASecond() throws Exception {
    TableVersion first = built(tables.buildIndex(twoHundred(), ID));
    TableVersion second = built(tables.buildIndex(first, ID));

    assertThat(tables.indexes(second)).extracting(TableIndex::name).containsExactly("id_idx");
    assertThat(segments(second, "id_idx")).hasSize(1);
    assertThat(segments(second, "id_idx").getFirst().uuid())
        .isNotEqualTo(segments(first, "id_idx").getFirst().uuid());

    // The same name over another column, and of another kind, replaces it too.
    IndexSpec renamed = new IndexSpec.FullText("id_idx", "name");
    long opens = tables.opens();
    TableVersion third = built(tables.buildIndex(second, renamed));
    assertThat(tables.opens()).isEqualTo(opens + 1);
    assertThat(tables.indexes(third))
        .containsExactly(
            new TableIndex("id_idx", List.of("name"), "Inverted", Optional.of(renamed), true));
    assertThat(segments(third, "id_idx")).hasSize(1);
    assertThat(PeopleTable.scan(root, third, fullText("number7")).rows()).isEqualTo(1);
  }

  @Test
  void anIndexIsStaleAfterAnAppendOrUpsertUntilRebuilt() {
    TableVersion indexed = built(tables.buildIndex(twoHundred(), ID));
    assertThat(coverage(indexed)).isTrue();

    TableVersion appended = append(tables, indexed, people(500, 3));
    assertThat(coverage(appended)).isFalse();
    assertThat(tables.countRows(appended, Optional.of("id = 'p501'"))).isEqualTo(1);

    TableVersion rebuilt = built(tables.buildIndex(appended, ID));
    assertThat(coverage(rebuilt)).isTrue();
    TableVersion upserted =
        PeopleTable.upsert(tables, rebuilt, List.of(person(5).renamed("x"))).version();
    assertThat(coverage(upserted)).isFalse();
    assertThat(tables.countRows(upserted, Optional.of("id = 'p5' AND name = 'x'"))).isEqualTo(1);
  }

  @Test
  void dropIndexRemovesItAndADropOfNothingReturnsTheBase() {
    TableVersion indexed = built(tables.buildIndex(twoHundred(), ID));

    TableVersion dropped = tables.dropIndex(indexed, "id_idx");

    assertThat(tables.indexes(dropped)).isEmpty();
    assertThat(tables.indexes(indexed)).hasSize(1);
    assertThat(tables.dropIndex(dropped, "id_idx")).isSameAs(dropped);
  }

  @Test
  void aSpecThatDoesNotFitTheColumnIsInvalid() {
    TableVersion base = twoHundred();

    assertInvalid(
        () -> tables.buildIndex(base, new IndexSpec.BTree("x", "nope")),
        "column 'nope', which the table does not have");
    assertInvalid(
        () -> tables.buildIndex(base, new IndexSpec.FullText("x", "age")),
        "a full-text index needs a string column");
    assertInvalid(
        () -> tables.buildIndex(base, new IndexSpec.Vector("x", "name", VectorMetric.L2)),
        "a vector index needs a fixed-size float vector column");
    assertInvalid(
        () -> tables.buildIndex(base, new IndexSpec.BTree("x", "emb")),
        "a B-tree index needs a scalar column");
  }

  // The upstream flake's shape: two multi-step writers working from the same table version. Both
  // builds are held just before their detached commit until both have written their index files.
  @Test
  void twoBuildsOnTheSameBaseGiveTwoIndependentReadableVersions() throws Exception {
    TableVersion base = twoHundred();
    List<Future<IndexBuild>> builds = new ArrayList<>();
    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    try (Rendezvous beforeCommit = new Rendezvous("index-builds");
        Armed armed =
            Failpoints.arm(Failpoint.TABLE_BEFORE_DETACHED_COMMIT, Action.pause(beforeCommit))) {
      builds.add(callers.submit(() -> tables.buildIndex(base, ID)));
      builds.add(callers.submit(() -> tables.buildIndex(base, NAME)));
      beforeCommit.awaitArrivals(2, Duration.ofSeconds(60));
      beforeCommit.release();
      TableVersion withId = built(builds.get(0).get(60, TimeUnit.SECONDS));
      TableVersion withName = built(builds.get(1).get(60, TimeUnit.SECONDS));
      assertThat(armed.fired()).isEqualTo(2);

      assertThat(withId).isNotEqualTo(withName);
      assertThat(tables.indexes(withId)).extracting(TableIndex::name).containsExactly("id_idx");
      assertThat(tables.indexes(withName)).extracting(TableIndex::name).containsExactly("name_fts");
      assertThat(tables.indexes(base)).isEmpty();
      assertThat(PeopleTable.head(root)).isEqualTo(new PeopleTable.Head(1, 1, 1));
      // A fresh instance (another process) reads both, each with its own index in use.
      try (Tables other = new Tables(root.toString(), Map.of())) {
        assertThat(other.countRows(withId, Optional.empty())).isEqualTo(200);
        assertThat(other.countRows(withName, Optional.empty())).isEqualTo(200);
      }
      assertThat(PeopleTable.scan(root, withName, fullText("number9")).rows()).isEqualTo(1);
      assertThat(
              PeopleTable.scan(
                      root,
                      withId,
                      new ScanOptions.Builder()
                          .columns(List.of("id"))
                          .filter("id = 'p9'")
                          .collectStats(true)
                          .build())
                  .rowsScanned())
          .isEqualTo(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void ivfPartitionsGrowAsTheSquareRootOfTheVectors() {
    assertThat(TableIndexes.ivfPartitions(1)).isEqualTo(1);
    assertThat(TableIndexes.ivfPartitions(3)).isEqualTo(1);
    assertThat(TableIndexes.ivfPartitions(100)).isEqualTo(10);
    assertThat(TableIndexes.ivfPartitions(1L << 40)).isEqualTo(4096);
  }

  @Test
  void indexNamesAreCheckedWhenTheSpecIsMade() {
    for (String bad : List.of("", "1x", "a-b", "a b", "x".repeat(65))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IndexSpec.BTree(bad, "id"))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(new IndexSpec.BTree("_a1", "id").name()).isEqualTo("_a1");
  }

  private static TableVersion built(IndexBuild build) {
    assertThat(build).isInstanceOf(IndexBuild.Built.class);
    return build.version();
  }

  private boolean coverage(TableVersion v) {
    return tables.indexes(v).getFirst().coversAllFragments();
  }

  private static ScanOptions fullText(String word) {
    return new ScanOptions.Builder()
        .fullTextQuery(FullTextQuery.match(word, "name"))
        .columns(List.of("id"))
        .collectStats(true)
        .build();
  }

  private List<Index> segments(TableVersion v, String name) {
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = PeopleTable.openAt(a, root, v)) {
      return ds.getIndexes().stream().filter(i -> i.name().equals(name)).toList();
    }
  }
}

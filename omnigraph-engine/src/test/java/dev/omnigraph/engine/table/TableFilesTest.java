package dev.omnigraph.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.TableVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.CommitBuilder;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.ReadOptions;
import org.lance.Transaction;
import org.lance.index.Index;
import org.lance.index.IndexOptions;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.BTreeIndexParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.operation.CreateIndex;

/**
 * What {@link Tables#referencedFiles} reports against real Lance 7.0.0 datasets: deleting every
 * other file of the table leaves the listed versions reading exactly as before (an index still
 * used, new detached versions still built on them), while versions not listed stop opening.
 */
class TableFilesTest {
  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
              Field.nullable("age", new ArrowType.Int(32, true))));
  private static final String PATH = "tables/person-1";

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

  /** A chain over every kind of file: appends, a partial and a whole-fragment delete, an index. */
  private record Chain(
      TableVersion created,
      TableVersion appended,
      TableVersion partlyDeleted,
      TableVersion fragmentDropped,
      TableVersion indexed) {}

  private Chain chain() {
    TableVersion v1 = tables.create(PATH, SCHEMA);
    TableVersion a = append(v1, 0, 5);
    TableVersion b = append(a, 5, 5);
    TableVersion partly = tables.delete(b, "age = 1 OR age = 7");
    TableVersion dropped = tables.delete(partly, "age < 5");
    return new Chain(v1, b, partly, dropped, index(dropped));
  }

  @Test
  void theFilesOfAVersionAreExactlyWhatItNeeds() throws IOException {
    Chain c = chain();
    Set<String> before = filesOnDisk();

    ReferencedFiles kept = tables.referencedFiles(PATH, List.of(c.indexed().version()));
    List<Map<String, Object>> rows = scan(c.indexed(), Optional.empty());
    Set<String> deleted = deleteAllBut(kept);

    // Every file named exists, except the unused spelling of the linear head's manifest.
    Set<String> phantom = new HashSet<>(kept.files());
    phantom.removeAll(before);
    assertThat(phantom).containsExactly(PATH + "/_versions/1.manifest");
    assertThat(kept.folders())
        .hasSize(1)
        .allSatisfy(f -> assertThat(f).startsWith(PATH + "/_indices/"));
    assertThat(kept.files())
        .contains(
            PATH + "/_versions/d" + c.indexed().version() + ".manifest",
            PATH + "/_versions/18446744073709551614.manifest",
            PATH + "/_versions/latest_version_hint.json")
        .anyMatch(f -> f.startsWith(PATH + "/_deletions/") && f.endsWith(".arrow"))
        .anyMatch(f -> f.startsWith(PATH + "/_transactions/" + c.fragmentDropped().version() + "-"))
        .anyMatch(f -> f.startsWith(PATH + "/_transactions/0-"));
    assertThat(kept.files())
        .filteredOn(ReferencedFiles::describesAVersion)
        .allMatch(f -> f.contains("/_versions/") || f.contains("/_transactions/"))
        .anyMatch(f -> f.endsWith(".manifest"))
        .anyMatch(f -> f.endsWith(".txn"));
    assertThat(kept.files())
        .filteredOn(f -> !ReferencedFiles.describesAVersion(f))
        .isNotEmpty()
        .allMatch(f -> f.contains("/data/") || f.contains("/_deletions/"));
    // The older versions' manifests, the dropped fragment's data and deletion files, and the older
    // transactions are what went.
    assertThat(deleted)
        .contains(
            PATH + "/_versions/d" + c.appended().version() + ".manifest",
            PATH + "/_versions/d" + c.partlyDeleted().version() + ".manifest",
            PATH + "/_versions/d" + c.fragmentDropped().version() + ".manifest")
        .anyMatch(f -> f.startsWith(PATH + "/data/"))
        .anyMatch(f -> f.startsWith(PATH + "/_deletions/"))
        .anyMatch(f -> f.startsWith(PATH + "/_transactions/"))
        .noneMatch(f -> f.startsWith(PATH + "/_indices/"));

    assertThat(scan(c.indexed(), Optional.empty())).isEqualTo(rows);
    assertThat(ids(c.indexed())).containsExactlyInAnyOrder("p5", "p6", "p8", "p9");
    assertThat(indexedLookup(c.indexed(), "p8")).isEqualTo(Map.of("rows_scanned", 1L, "hits", 1L));
    assertThat(tables.countRows(c.created(), Optional.empty())).isZero();
    for (TableVersion gone : List.of(c.appended(), c.partlyDeleted(), c.fragmentDropped())) {
      assertThatThrownBy(() -> tables.countRows(gone, Optional.empty()))
          .isInstanceOfSatisfying(
              TableException.class,
              e -> assertThat(e.kind()).isEqualTo(TableException.Kind.NOT_FOUND));
    }

    // The engine keeps writing on a collected version.
    TableVersion next = append(c.indexed(), 20, 2);
    TableVersion afterDelete = tables.delete(next, "age = 20");
    assertThat(ids(afterDelete)).containsExactlyInAnyOrder("p5", "p6", "p8", "p9", "p21");
  }

  @Test
  void severalVersionsKeepTheUnionOfTheirFiles() throws IOException {
    Chain c = chain();
    Map<TableVersion, List<Map<String, Object>>> expected = new HashMap<>();
    List<TableVersion> keep = List.of(c.appended(), c.partlyDeleted(), c.indexed());
    for (TableVersion v : keep) {
      expected.put(v, scan(v, Optional.empty()));
    }

    ReferencedFiles all =
        tables.referencedFiles(PATH, keep.stream().map(TableVersion::version).toList());
    ReferencedFiles newest = tables.referencedFiles(PATH, List.of(c.indexed().version()));
    deleteAllBut(all);

    assertThat(all.files()).containsAll(newest.files());
    assertThat(all.files().size()).isGreaterThan(newest.files().size());
    for (TableVersion v : keep) {
      assertThat(scan(v, Optional.empty())).as(v.version()).isEqualTo(expected.get(v));
    }
    assertThat(ids(c.appended())).hasSize(10);
    assertThatThrownBy(() -> tables.countRows(c.fragmentDropped(), Optional.empty()))
        .isInstanceOf(TableException.class);
  }

  @Test
  void aVersionThatDoesNotExistIsNotFound() {
    tables.create(PATH, SCHEMA);

    assertThatThrownBy(() -> tables.referencedFiles(PATH, List.of("12345678901234567890")))
        .isInstanceOfSatisfying(
            TableException.class,
            e -> assertThat(e.kind()).isEqualTo(TableException.Kind.NOT_FOUND))
        .hasMessageContaining(PATH);
  }

  @Test
  void linearManifestNamesFollowBothLanceSpellings() {
    assertThat(TableFiles.manifests("t/", 1))
        .containsExactlyInAnyOrder(
            "t/_versions/18446744073709551614.manifest", "t/_versions/1.manifest");
    assertThat(TableFiles.manifests("t/", Long.MAX_VALUE))
        .containsExactlyInAnyOrder(
            "t/_versions/09223372036854775808.manifest",
            "t/_versions/" + Long.MAX_VALUE + ".manifest");
    assertThat(TableFiles.manifests("t/", Long.parseUnsignedLong("12508001815919544391")))
        .containsExactly("t/_versions/d12508001815919544391.manifest");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private Set<String> filesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** Deletes every file of the table that {@code kept} does not name, returning their keys. */
  private Set<String> deleteAllBut(ReferencedFiles kept) throws IOException {
    Set<String> deleted = new TreeSet<>();
    for (String key : filesOnDisk()) {
      if (!kept.needs(key)) {
        Files.delete(root.resolve(key));
        deleted.add(key);
      }
    }
    return deleted;
  }

  private TableVersion append(TableVersion base, int from, int count) {
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, tables.allocator())) {
      VarCharVector id = (VarCharVector) batch.getVector("id");
      IntVector age = (IntVector) batch.getVector("age");
      batch.allocateNew();
      for (int i = 0; i < count; i++) {
        id.setSafe(i, ("p" + (from + i)).getBytes(StandardCharsets.UTF_8));
        age.setSafe(i, from + i);
      }
      batch.setRowCount(count);
      return tables.append(base, batch);
    }
  }

  private List<Map<String, Object>> scan(TableVersion v, Optional<String> filter) {
    List<Map<String, Object>> rows = new ArrayList<>(tables.scan(v, List.of(), filter));
    rows.sort((x, y) -> ((String) x.get("id")).compareTo((String) y.get("id")));
    return rows;
  }

  private List<String> ids(TableVersion v) {
    return scan(v, Optional.empty()).stream().map(r -> (String) r.get("id")).toList();
  }

  private Dataset openAt(BufferAllocator allocator, TableVersion v) {
    return Dataset.open()
        .allocator(allocator)
        .uri(root.resolve(v.path()).toString())
        .readOptions(new ReadOptions.Builder().setVersion(v.lanceVersion()).build())
        .build();
  }

  /** A BTREE index on {@code id} built for {@code base} and committed detached on top of it. */
  private TableVersion index(TableVersion base) {
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = openAt(a, base)) {
      List<Integer> fragments = ds.getFragments().stream().map(Fragment::getId).toList();
      Index built =
          ds.createIndex(
              IndexOptions.builder(
                      List.of("id"),
                      IndexType.BTREE,
                      IndexParams.builder()
                          .setScalarIndexParams(BTreeIndexParams.builder().build())
                          .build())
                  .withIndexName("id_idx")
                  .withFragmentIds(fragments)
                  .build());
      try (Transaction txn =
              new Transaction.Builder()
                  .readVersion(ds.version())
                  .operation(CreateIndex.builder().withNewIndices(List.of(built)).build())
                  .build();
          Dataset out = new CommitBuilder(ds).detached(true).maxRetries(0).execute(txn)) {
        return new TableVersion(base.path(), Long.toUnsignedString(out.version()));
      }
    }
  }

  /** An index lookup: the rows Lance scanned (1 when the index is used) and the rows it found. */
  // "try": LanceScanner.close() is declared to throw Exception; the test method rethrows nothing.
  @SuppressWarnings("try")
  private Map<String, Long> indexedLookup(TableVersion v, String id) {
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = openAt(a, v);
        LanceScanner scanner =
            ds.newScan(
                new ScanOptions.Builder()
                    .columns(List.of("id"))
                    .filter("id = '" + id + "'")
                    .useScalarIndex(true)
                    .collectStats(true)
                    .build());
        ArrowReader reader = scanner.scanBatches()) {
      long hits = 0;
      while (reader.loadNextBatch()) {
        hits += reader.getVectorSchemaRoot().getRowCount();
      }
      Map<String, Long> counts = scanner.getStats().orElseThrow().getAllCounts();
      return Map.of("rows_scanned", counts.get("rows_scanned"), "hits", hits);
    } catch (Exception e) {
      throw new AssertionError("index lookup failed", e);
    }
  }
}

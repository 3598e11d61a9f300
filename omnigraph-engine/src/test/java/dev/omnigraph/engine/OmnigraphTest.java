package dev.omnigraph.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.Snapshot.TableState;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.OperationKind;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.schema.SchemaStore;
import dev.omnigraph.engine.store.ForwardingObjectStore;
import dev.omnigraph.engine.store.LocalObjectStore;
import dev.omnigraph.engine.store.MemoryObjectStore;
import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.SchemaShape;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmnigraphTest {
  private static final String RECORD_1 = CommitLog.recordKey(BranchName.MAIN, 1);

  @TempDir Path root;

  private static String testPg() throws IOException {
    try (InputStream in = OmnigraphTest.class.getResourceAsStream("/schema/test.pg")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private byte[] record1() {
    return LocalObjectStore.open(root).read(RECORD_1).orElseThrow();
  }

  @Test
  void initCommitsOneEmptyTablePerTypeAsRecordOneOfMain() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      Snapshot s = graph.snapshot(BranchName.MAIN);

      assertThat(s.branch()).isEqualTo("main");
      assertThat(s.seq()).isEqualTo(1);
      assertThat(s.schema().source()).isEqualTo(testPg());
      assertThat(s.schema().hash()).isEqualTo(s.schemaHash());
      assertThat(s.tables())
          .extracting(TableState::kind, TableState::typeName)
          .containsExactly(
              tuple(EntityKind.NODE, "Company"),
              tuple(EntityKind.NODE, "Person"),
              tuple(EntityKind.EDGE, "Knows"),
              tuple(EntityKind.EDGE, "WorksAt"));
      assertThat(s.tables())
          .allSatisfy(t -> {
            assertThat(t.rowCount()).isZero();
            assertThat(t.version()).isEqualTo("1");
            assertThat(t.path()).startsWith("tables/");
            assertThat(root.resolve(t.path())).isDirectory();
          });
      assertThat(s.tables()).extracting(TableState::path).doesNotHaveDuplicates();
      assertThat(s.table(EntityKind.NODE, "Person")).isPresent();
      assertThat(s.table(EntityKind.EDGE, "Person")).isEmpty();

      LocalObjectStore store = LocalObjectStore.open(root);
      assertThat(store.exists(SchemaStore.key(s.schemaHash()))).isTrue();
      assertThat(store.list("schemas/")).containsExactly(SchemaStore.key(s.schemaHash()));

      CommitRecord record = CommitRecord.fromBytes(RECORD_1, record1());
      assertThat(record.commitId()).isEqualTo(s.commitId());
      assertThat(record.schemaHash()).isEqualTo(s.schemaHash());
      assertThat(record.parents()).isEmpty();
      assertThat(record.changes()).isEmpty();
      assertThat(record.actor()).isEqualTo("omnigraph");
      assertThat(record.operation()).isEqualTo(OperationKind.LOGICAL);
      assertThat(record.tables().values())
          .containsExactlyInAnyOrderElementsOf(
              s.tables().stream().map(TableState::tableVersion).toList());
      assertThat(record.tables().keySet())
          .allMatch(k -> k.matches("(node|edge):[0-9]+"))
          .hasSize(4);
      // Every table folder under tables/ is one the record names: nothing stray.
      try (Stream<Path> dirs = Files.list(root.resolve("tables"))) {
        assertThat(dirs.map(d -> "tables/" + d.getFileName()).toList())
            .containsExactlyInAnyOrderElementsOf(
                record.tables().values().stream().map(TableVersion::path).toList());
      }
    }
  }

  @Test
  void initRefusesARootThatHasAGraphAndChangesNothing() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      assertThat(graph.location()).isEqualTo(root.toAbsolutePath().normalize().toString());
    }
    byte[] before = record1();
    List<Path> filesBefore = files();

    assertThatThrownBy(() -> Omnigraph.init(root, testPg()))
        .isInstanceOfSatisfying(
            GraphAlreadyExistsException.class,
            e -> assertThat(e.root()).isEqualTo(root.toAbsolutePath().normalize().toString()))
        .hasMessageStartingWith("graph already initialized at " + root.toAbsolutePath());

    assertThat(record1()).isEqualTo(before);
    assertThat(files()).isEqualTo(filesBefore);
  }

  @Test
  void initThatLosesTheRecordPutIsAlreadyInitializedAndLeavesTheWinnerAlone() throws IOException {
    MemoryObjectStore objects = new MemoryObjectStore();
    String source = testPg();
    SchemaShape shape = SchemaCompiler.shape(SourceText.of("test.pg", source));
    Path winnerTables = root.resolve("winner");
    Snapshot winner;
    try (Omnigraph graph =
        Omnigraph.init(objects, winnerTables.toString(), Map.of(), shape, source)) {
      winner = graph.snapshot("main");
    }
    byte[] before = objects.read(RECORD_1).orElseThrow();

    // The winner commits between the loser's early check and its put: the check sees no graph.
    assertThatThrownBy(() ->
            Omnigraph.init(
                new RecordOneHidden(objects),
                root.resolve("loser").toString(),
                Map.of(),
                shape,
                ""))
        .isInstanceOf(GraphAlreadyExistsException.class);

    assertThat(objects.read(RECORD_1).orElseThrow()).isEqualTo(before);
    try (Omnigraph graph = Omnigraph.open(objects, winnerTables.toString(), Map.of())) {
      assertThat(graph.snapshot("main")).isEqualTo(winner);
    }
  }

  /** A store whose probe for record 1 misses: the view of a writer that checked too early. */
  private static final class RecordOneHidden extends ForwardingObjectStore {
    RecordOneHidden(ObjectStore inner) {
      super(inner);
    }

    @Override
    public boolean exists(String key) {
      return !key.equals(RECORD_1) && super.exists(key);
    }
  }

  @Test
  void initWithABadSchemaWritesNothing() {
    Path target = root.resolve("graph");

    assertThatThrownBy(() -> Omnigraph.init(target, "node Person { name: Strin }"))
        .isInstanceOf(CompileError.class);

    assertThat(target).doesNotExist();
  }

  @Test
  void initWithABadSchemaIntoAnExistingFolderLeavesItEmpty() throws IOException {
    assertThatThrownBy(() -> Omnigraph.init(root, "edge E: Missing -> Missing"))
        .isInstanceOf(CompileError.class);

    assertThat(LocalObjectStore.open(root).exists(RECORD_1)).isFalse();
    assertThat(files()).isEmpty();
  }

  @Test
  void openOfAnEmptyFolderIsGraphNotFound() {
    assertThatThrownBy(() -> Omnigraph.open(root))
        .isInstanceOfSatisfying(
            GraphNotFoundException.class,
            e -> assertThat(e.root()).isEqualTo(root.toAbsolutePath().normalize().toString()))
        .hasMessage("no graph at " + root.toAbsolutePath().normalize() + "; run init first");
  }

  @Test
  void openOfAMissingFolderIsGraphNotFoundAndCreatesNothing() {
    Path missing = root.resolve("nope");

    assertThatThrownBy(() -> Omnigraph.open(missing)).isInstanceOf(GraphNotFoundException.class);

    assertThat(missing).doesNotExist();
  }

  @Test
  void openAfterInitSeesTheSameSnapshot() throws IOException {
    Snapshot initial;
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      initial = graph.snapshot("main");
    }
    try (Omnigraph reopened = Omnigraph.open(root)) {
      Snapshot again = reopened.snapshot("main");

      assertThat(again).isEqualTo(initial);
      assertThat(again.schema().ir()).isEqualTo(initial.schema().ir());
    }
  }

  @Test
  void snapshotOfAnUnknownBranchIsBranchNotFound() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      assertThatThrownBy(() -> graph.snapshot("nope"))
          .isInstanceOfSatisfying(
              BranchNotFoundException.class, e -> assertThat(e.branch()).isEqualTo("nope"))
          .hasMessageContaining("'nope'")
          .hasMessageContaining(graph.location());
    }
  }

  @Test
  void closeIsIdempotentAndAClosedGraphRefusesSnapshots() throws IOException {
    Omnigraph graph = Omnigraph.init(root, testPg());
    graph.close();
    graph.close();

    assertThatThrownBy(() -> graph.snapshot("main")).isInstanceOf(IllegalStateException.class);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}

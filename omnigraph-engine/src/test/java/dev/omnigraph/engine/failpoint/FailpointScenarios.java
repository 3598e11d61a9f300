package dev.omnigraph.engine.failpoint;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitLogFixtures;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.maintain.RetentionPolicy;
import dev.omnigraph.engine.store.MemoryObjectStore;
import dev.omnigraph.engine.table.RowBatches;
import dev.omnigraph.engine.table.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * For each declared failpoint, how the coverage guard ({@link FailpointCoverageTest}) reaches it
 * through engine code; the switch is exhaustive, so declaring a failpoint without deciding its
 * scenario does not compile.
 */
final class FailpointScenarios {
  private FailpointScenarios() {}

  /** How a failpoint is reached. */
  sealed interface Scenario {
    /** Runs engine code that must hit the failpoint from a call site outside the tests. */
    record Drive(Runnable run) implements Scenario {}

    /**
     * The failpoint has no engine call site yet: the guard reports it as skipped, and fails once a
     * main class references the failpoint, so this cannot outlive the call site's arrival.
     */
    record Pending(String reason) implements Scenario {}
  }

  static Scenario of(Failpoint fp) {
    return switch (fp) {
      // A winning append passes every failpoint of the commit path, store and log.
      case LOG_BEFORE_RECORD_PUT,
          LOG_AFTER_RECORD_PUT,
          LOG_BEFORE_HINT_PUT,
          STORE_BEFORE_PUT_IF_ABSENT,
          STORE_AFTER_PUT_IF_ABSENT ->
          new Scenario.Drive(() ->
              new CommitLog(new MemoryObjectStore())
                  .append(CommitLogFixtures.record("main", 1, "coverage")));
      // Every table effect but create ends in a detached commit; an append is the smallest.
      case TABLE_BEFORE_DETACHED_COMMIT -> new Scenario.Drive(FailpointScenarios::appendOneRow);
      // Optimizing a node table with rows builds its id index, then its key index.
      case OPTIMIZE_BETWEEN_INDEX_BUILDS ->
          new Scenario.Drive(FailpointScenarios::optimizeATableWithTwoIndexes);
      // Any read query, once it has chosen its commit, passes it before reading tables.
      case QUERY_BEFORE_TABLE_READS -> new Scenario.Drive(FailpointScenarios::queryOnce);
      // Every prepared write takes its turn on the tables it depends on before its put.
      case TXN_BEFORE_TABLE_TURN -> new Scenario.Drive(FailpointScenarios::appendThroughTheGraph);
      // A nested branch name is held in its parent name's log, then its first record is put.
      case BRANCH_BEFORE_CREATE_PUT -> new Scenario.Drive(FailpointScenarios::createANestedBranch);
      // A confirmed cleanup that reclaims an older commit writes its run record, then deletes.
      case GC_AFTER_RUN_RECORD, GC_MID_SWEEP -> new Scenario.Drive(FailpointScenarios::cleanup);
    };
  }

  private static void appendThroughTheGraph() {
    Path root = null;
    try {
      root = Files.createTempDirectory("failpoint-turn");
      try (Omnigraph graph = Omnigraph.init(root, "node Person {\n  name: String @key\n}\n")) {
        graph.append("main", Map.of("Person", List.of(Map.of("id", "a", "name", "a"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(root);
    }
  }

  private static void createANestedBranch() {
    Path root = null;
    try {
      root = Files.createTempDirectory("failpoint-branch");
      try (Omnigraph graph = Omnigraph.init(root, "node Person {\n  name: String @key\n}\n")) {
        graph.createBranch("team/a", "main");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(root);
    }
  }

  private static void cleanup() {
    Path root = null;
    try {
      root = Files.createTempDirectory("failpoint-gc");
      try (Omnigraph graph = Omnigraph.init(root, "node Person {\n  name: String @key\n}\n")) {
        for (String id : List.of("p1", "p2")) {
          graph.append("main", Map.of("Person", List.of(Map.of("id", id, "name", id))));
        }
        graph.cleanup(RetentionPolicy.keep(1).withGrace(Duration.ZERO), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(root);
    }
  }

  private static void queryOnce() {
    Path root = null;
    try {
      root = Files.createTempDirectory("failpoint-query");
      try (Omnigraph graph = Omnigraph.init(root, "node Person { name: String @key }")) {
        graph.query("main", "query q() { match { $p: Person } return { $p.name } }", null, null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(root);
    }
  }

  private static void optimizeATableWithTwoIndexes() {
    Path root = null;
    try {
      root = Files.createTempDirectory("failpoint-optimize");
      try (Omnigraph graph = Omnigraph.init(root, "node Person { name: String @key }")) {
        graph.append("main", Map.of("Person", List.of(Map.of("id", "a", "name", "a"))));
        graph.optimize("main");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(root);
    }
  }

  private static void appendOneRow() {
    Schema schema =
        new Schema(List.of(new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
    Path root = null;
    try {
      root = Files.createTempDirectory("failpoint-table");
      try (Tables tables = new Tables(root.toString(), Map.of())) {
        TableVersion v1 = tables.create("tables/t", schema);
        try (VectorSchemaRoot row =
            RowBatches.toBatch("T", schema, List.of(Map.of("id", "a")), tables.allocator())) {
          tables.append(v1, row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(root);
    }
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

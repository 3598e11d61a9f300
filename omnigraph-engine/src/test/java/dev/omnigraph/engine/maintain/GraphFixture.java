package dev.omnigraph.engine.maintain;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.store.LocalObjectStore;
import dev.omnigraph.engine.table.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A graph on local disk for cleanup tests, with a second table reader (as another process would
 * have) to look at exact table versions whatever the graph's own checks say.
 */
final class GraphFixture implements AutoCloseable {
  final Path root;
  Omnigraph graph;
  final Tables reader;

  GraphFixture(Path root) {
    this.root = root;
    this.graph = Omnigraph.init(root, schema());
    this.reader = new Tables(root.toString(), Map.of());
  }

  static String schema() {
    try (InputStream in = GraphFixture.class.getResourceAsStream("/schema/test.pg")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keep-N policy with no grace period: every unreferenced file counts as old. */
  static RetentionPolicy keep(int n) {
    return RetentionPolicy.keep(n).withGrace(Duration.ZERO);
  }

  /** Adds one person per id to {@code branch}, in one commit; returns that commit. */
  CommitRecord add(String branch, String... ids) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", id);
      row.put("name", "name-" + id);
      rows.add(row);
    }
    return graph.append(branch, Map.of("Person", rows)).record().orElseThrow();
  }

  /** The person ids at a table version, sorted; fails if a file the version needs is gone. */
  List<String> people(TableVersion v) {
    return reader.scan(v, List.of("id"), Optional.empty()).stream()
        .map(r -> (String) r.get("id"))
        .sorted()
        .toList();
  }

  List<String> people(Snapshot s) {
    return people(person(s));
  }

  static TableVersion person(Snapshot s) {
    return s.table(EntityKind.NODE, "Person").orElseThrow().tableVersion();
  }

  /** Scans every table of {@code s} in full: all files of its versions are there. */
  void scanAll(Snapshot s) {
    for (Snapshot.TableState t : s.tables()) {
      reader.scan(t.tableVersion(), List.of(), Optional.empty());
    }
  }

  LocalObjectStore store() {
    return LocalObjectStore.open(root);
  }

  CommitLog log() {
    return new CommitLog(store());
  }

  /** Every file under the root, by key, with its size. */
  Map<String, Long> files() {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString().replace('\\', '/'), Files.size(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  Map<String, Long> files(String prefix) {
    Map<String, Long> under = new TreeMap<>();
    files()
        .forEach((k, v) -> {
          if (k.startsWith(prefix)) {
            under.put(k, v);
          }
        });
    return under;
  }

  /** Dates every file under the root back by {@code age}, as if written that long ago. */
  void age(Duration age) {
    FileTime then = FileTime.from(Instant.now().minus(age));
    for (String key : files().keySet()) {
      try {
        Files.setLastModifiedTime(root.resolve(key), then);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Opens the graph again, abandoning the instance in use (a crashed process's). */
  void reopen() {
    try {
      graph.close();
    } catch (RuntimeException | Error e) {
      // What a dead process left behind is what the fresh instance must cope with.
    }
    graph = Omnigraph.open(root);
  }

  @Override
  public void close() {
    try {
      graph.close();
    } finally {
      reader.close();
    }
  }
}

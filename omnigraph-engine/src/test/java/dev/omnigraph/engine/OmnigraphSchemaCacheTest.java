package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.store.ForwardingObjectStore;
import dev.omnigraph.engine.store.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmnigraphSchemaCacheTest {
  @TempDir Path root;

  /** Counts reads of accepted-schema files only. */
  static final class SchemaReads extends ForwardingObjectStore {
    final AtomicInteger count = new AtomicInteger();

    SchemaReads(LocalObjectStore inner) {
      super(inner);
    }

    @Override
    public Optional<byte[]> read(String key) {
      if (key.startsWith("schemas/")) {
        count.incrementAndGet();
      }
      return super.read(key);
    }
  }

  @Test
  void aHandleReadsEachSchemaOnceThenNeverAgain() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg())) {
      graph.append("main", Map.of("Person", List.of(person("p0", "Zed", 1))));
    }
    SchemaReads store = new SchemaReads(LocalObjectStore.open(root));
    try (Omnigraph graph = Omnigraph.open(store, root.toString(), Map.of())) {
      graph.snapshot("main");
      assertThat(store.count).hasValue(1);
      for (int i = 0; i < 5; i++) {
        graph.append("main", Map.of("Person", List.of(person("p" + (i + 1), "N", i))));
        graph.snapshot("main");
        graph.snapshotAt("main", 1);
      }
      assertThat(store.count).as("schema file reads after the first").hasValue(1);
    }
  }
}

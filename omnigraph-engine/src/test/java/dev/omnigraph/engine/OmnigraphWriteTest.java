package dev.omnigraph.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.log.ChangeCount;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.engine.txn.Committed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmnigraphWriteTest {
  @TempDir Path root;

  static String testPg() throws IOException {
    try (InputStream in = OmnigraphWriteTest.class.getResourceAsStream("/schema/test.pg")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Map<String, Object> person(String id, String name, Integer age) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", name);
    row.put("age", age);
    return row;
  }

  static Map<String, Object> knows(String id, String src, String dst, LocalDate since) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("src", src);
    row.put("dst", dst);
    row.put("since", since);
    return row;
  }

  static long rows(Snapshot s, EntityKind kind, String type) {
    return s.table(kind, type).orElseThrow().rowCount();
  }

  @Test
  void oneAppendToANodeAndAnEdgeTableIsOneCommit() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      Committed<Map<String, Long>> c =
          graph.append(
              "main",
              Map.of(
                  "Person",
                  List.of(person("p1", "Ann", 31), person("p2", "Bob", null)),
                  "Knows",
                  List.of(knows("k1", "p1", "p2", LocalDate.of(2020, 1, 2)))));

      CommitRecord record = c.record().orElseThrow();
      assertThat(record.seq()).isEqualTo(2);
      assertThat(record.actor()).isEqualTo("omnigraph");
      assertThat(record.changes())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("Person", new ChangeCount(2, 0, 0), "Knows", new ChangeCount(1, 0, 0)));
      assertThat(c.result()).containsExactlyInAnyOrderEntriesOf(Map.of("Person", 2L, "Knows", 1L));

      Snapshot s = graph.snapshot("main");
      assertThat(s.seq()).isEqualTo(2);
      assertThat(s.commitId()).isEqualTo(record.commitId());
      assertThat(rows(s, EntityKind.NODE, "Person")).isEqualTo(2);
      assertThat(rows(s, EntityKind.EDGE, "Knows")).isEqualTo(1);
      assertThat(rows(s, EntityKind.NODE, "Company")).isZero();
      assertThat(s.table(EntityKind.NODE, "Company").orElseThrow().version()).isEqualTo("1");
    }
    try (Omnigraph reopened = Omnigraph.open(root);
        Tables tables = new Tables(root.toAbsolutePath().toString(), Map.of())) {
      Snapshot s = reopened.snapshot("main");
      assertThat(s.seq()).isEqualTo(2);
      assertThat(rows(s, EntityKind.NODE, "Person")).isEqualTo(2);
      assertThat(rows(s, EntityKind.EDGE, "Knows")).isEqualTo(1);
      List<Map<String, Object>> people =
          tables.scan(
              s.table(EntityKind.NODE, "Person").orElseThrow().tableVersion(),
              List.of("id", "name", "age"),
              Optional.empty());
      assertThat(people)
          .extracting(r -> r.get("id"), r -> r.get("name"), r -> r.get("age"))
          .containsExactlyInAnyOrder(
              org.assertj.core.api.Assertions.tuple("p1", "Ann", 31),
              org.assertj.core.api.Assertions.tuple("p2", "Bob", null));
      List<Map<String, Object>> edges =
          tables.scan(
              s.table(EntityKind.EDGE, "Knows").orElseThrow().tableVersion(),
              List.of(),
              Optional.empty());
      assertThat(edges).hasSize(1);
      assertThat(edges.getFirst())
          .containsEntry("id", "k1")
          .containsEntry("src", "p1")
          .containsEntry("dst", "p2");
    }
  }

  @Test
  void aSecondAppendAccumulates() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      graph.append("main", Map.of("Person", List.of(person("p1", "Ann", 31))));
      Committed<Map<String, Long>> c =
          graph.append(
              "main",
              Map.of(
                  "Person",
                  List.of(person("p2", "Bob", 40), person("p3", "Cy", null)),
                  "Knows",
                  List.of(knows("k1", "p1", "p2", null)),
                  "Company",
                  List.of()));
      assertThat(c.record().orElseThrow().seq()).isEqualTo(3);
      assertThat(c.record().orElseThrow().changes()).containsOnlyKeys("Person", "Knows");
      Snapshot s = graph.snapshot("main");
      assertThat(s.seq()).isEqualTo(3);
      assertThat(rows(s, EntityKind.NODE, "Person")).isEqualTo(3);
      assertThat(rows(s, EntityKind.EDGE, "Knows")).isEqualTo(1);
    }
  }

  @Test
  void anAppendWithNoRowsCommitsNothing() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      Committed<Map<String, Long>> c = graph.append("main", Map.of("Person", List.of()));
      assertThat(c.record()).isEmpty();
      assertThat(graph.snapshot("main").seq()).isEqualTo(1);
    }
  }

  @Test
  void refusedRowsWriteNothing() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, testPg())) {
      Snapshot before = graph.snapshot("main");
      Map<String, Object> unknownColumn = person("p1", "Ann", 1);
      unknownColumn.put("shoeSize", 44);
      Map<String, Object> noId = person(null, "Ann", 1);
      Map<String, Object> wrongType = person("p1", "Ann", null);
      wrongType.put("age", "old");
      Map<String, Object> noDst = knows("k1", "p1", null, null);

      // A good Person batch alongside each bad one: nothing of the call may land.
      List<Map<String, Object>> good = List.of(person("p9", "Good", 9));
      assertThatThrownBy(() -> graph.append("main", Map.of("Person", List.of(unknownColumn))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Person")
          .hasMessageContaining("shoeSize");
      assertThatThrownBy(
              () -> graph.append("main", Map.of("Person", good, "Knows", List.of(noDst))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Knows.dst");
      assertThatThrownBy(() -> graph.append("main", Map.of("Person", List.of(noId))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Person.id");
      assertThatThrownBy(() -> graph.append("main", Map.of("Person", List.of(wrongType))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Person.age");
      assertThatThrownBy(() -> graph.append("main", Map.of("Person", good, "Nobody", good)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Nobody");

      Snapshot after = graph.snapshot("main");
      assertThat(after.seq()).isEqualTo(1);
      assertThat(after.commitId()).isEqualTo(before.commitId());
      assertThat(after.tables()).isEqualTo(before.tables());
    }
  }

  @Test
  void aColumnOfATypeNotSupportedYetIsRefusedAndWritesNothing() throws IOException {
    String schema = testPg() + "\nnode Doc {\n    name: String @key\n    hits: U64?\n}\n";
    try (Omnigraph graph = Omnigraph.init(root, schema)) {
      Map<String, Object> doc = new HashMap<>();
      doc.put("id", "d1");
      doc.put("name", "a");
      doc.put("hits", 5L);
      assertThatThrownBy(() ->
              graph.append(
                  "main", Map.of("Person", List.of(person("p1", "Ann", 1)), "Doc", List.of(doc))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Doc")
          .hasMessageContaining("hits")
          .hasMessageContaining("not supported yet");
      assertThat(graph.snapshot("main").seq()).isEqualTo(1);

      // Left null, the unsupported column does not get in the way.
      doc.remove("hits");
      graph.append("main", Map.of("Doc", List.of(doc)));
      assertThat(rows(graph.snapshot("main"), EntityKind.NODE, "Doc")).isEqualTo(1);
    }
  }
}

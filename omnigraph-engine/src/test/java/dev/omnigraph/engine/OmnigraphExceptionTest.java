package dev.omnigraph.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.store.LocalObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OmnigraphExceptionTest {
  @TempDir Path root;

  static Stream<Arguments> codes() throws IOException {
    try (InputStream in = OmnigraphExceptionTest.class.getResourceAsStream("/errors/codes.tsv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .map(l -> l.split("\t"))
              .map(cols -> Arguments.of(cols[0], cols[1]))
              .toList()
              .stream();
    }
  }

  @ParameterizedTest(name = "{0} has code {1}")
  @MethodSource("codes")
  void eachKindKeepsItsCode(String className, String code) throws Exception {
    Class<?> type = Class.forName("dev.omnigraph.engine." + className);
    assertThat(OmnigraphException.class.isAssignableFrom(type)).isTrue();
    assertThat(type.getField("CODE").get(null)).isEqualTo(code);
  }

  @Test
  void theCodeTableCoversEveryKindExactlyOnceAndCodesAreDistinct() throws IOException {
    List<String> listed = codes().map(a -> (String) a.get()[0]).sorted().toList();
    List<String> permitted =
        Arrays.stream(OmnigraphException.class.getPermittedSubclasses())
            .map(Class::getSimpleName)
            .sorted(Comparator.naturalOrder())
            .toList();
    assertThat(listed).isEqualTo(permitted);
    assertThat(codes().map(a -> a.get()[1]).distinct().count()).isEqualTo(listed.size());
  }

  @Test
  void aRecordThatDoesNotParseIsCorruptGraph() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg())) {
      LocalObjectStore.open(root)
          .putIfAbsent(
              CommitLog.recordKey(BranchName.MAIN, 2),
              "{not json".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> graph.snapshot("main"))
          .isInstanceOf(CorruptGraphException.class)
          .hasMessageContaining("00000000000000000002.json")
          .extracting(e -> ((OmnigraphException) e).code())
          .isEqualTo("corrupt_graph");
    }
  }

  @Test
  void aRecordOfANewerFormatIsUnsupportedFormat() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg())) {
      LocalObjectStore store = LocalObjectStore.open(root);
      String first =
          new String(
              store.read(CommitLog.recordKey(BranchName.MAIN, 1)).orElseThrow(),
              StandardCharsets.UTF_8);
      String newer =
          first
              .replaceFirst("\"format_version\":\\s*1", "\"format_version\":99")
              .replace("\"seq\":1", "\"seq\":2");
      assertThat(newer).contains("\"format_version\":99");
      store.putIfAbsent(
          CommitLog.recordKey(BranchName.MAIN, 2), newer.getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> graph.snapshot("main"))
          .isInstanceOf(UnsupportedFormatException.class)
          .hasMessageContaining("format version 99");
    }
  }

  @Test
  void aMissingTableIsAStorageErrorNamingTheGraph() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg())) {
      graph.append("main", Map.of("Person", List.of(OmnigraphWriteTest.person("p1", "A", 1))));
      Path tables = root.resolve("tables");
      try (Stream<Path> all = Files.walk(tables)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(tables)) {
            Files.delete(p);
          }
        }
      }
      assertThatThrownBy(() -> graph.snapshot("main"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("storage failure in the graph at " + root.toRealPath())
          .hasCauseInstanceOf(dev.omnigraph.engine.table.TableException.class);
    }
  }

  @Test
  void badArgumentsAreInvalidInputNotBareJavaExceptions() throws IOException {
    try (Omnigraph graph = Omnigraph.init(root, OmnigraphWriteTest.testPg())) {
      assertThatThrownBy(() -> graph.commits("main", 0))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("at least 1");
      assertThatThrownBy(() -> graph.createBranch("a//b", "main"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> graph.append("main", Map.of("Nope", List.of(Map.of("id", "x")))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no node or edge type 'Nope'");
    }
  }
}

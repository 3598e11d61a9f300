package dev.omnigraph.engine;

import static dev.omnigraph.engine.OmnigraphWriteTest.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.store.S3ProxyFixture;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The facade on an S3-compatible store: the same graph life cycle as on local disk. */
class OmnigraphS3Test {
  private static final String BUCKET = S3ProxyFixture.BUCKET;
  private static final AtomicInteger NEXT = new AtomicInteger();

  static S3ProxyFixture server;
  static S3Settings settings;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyFixture.start();
    settings =
        new S3Settings(
            Optional.of(server.endpoint()),
            "us-east-1",
            true,
            true,
            Optional.of(S3ProxyFixture.ACCESS_KEY),
            Optional.of(S3ProxyFixture.SECRET_KEY));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String freshUri() {
    return "s3://" + BUCKET + "/team/g" + NEXT.incrementAndGet();
  }

  @Test
  void initWriteReopenAndTimeTravelOnS3() throws IOException {
    String uri = freshUri();
    String firstCommit;
    try (Omnigraph graph = Omnigraph.init(uri, OmnigraphWriteTest.testPg(), settings)) {
      assertThat(graph.location()).isEqualTo(uri);
      CommitRecord c =
          graph
              .append("main", Map.of("Person", List.of(person("p1", "Ann", 31))))
              .record()
              .orElseThrow();
      firstCommit = c.commitId();
      graph.append("main", Map.of("Person", List.of(person("p2", "Bob", 40))));
      graph.createBranch("feature", "main");
    }
    try (Omnigraph graph = Omnigraph.open(uri, AccessMode.READ_WRITE, settings)) {
      assertThat(OmnigraphWriteTest.rows(graph.snapshot("main"), EntityKind.NODE, "Person"))
          .isEqualTo(2);
      assertThat(
              OmnigraphWriteTest.rows(
                  graph.snapshotAtCommit(firstCommit), EntityKind.NODE, "Person"))
          .isEqualTo(1);
      assertThat(graph.branches()).containsExactly("feature", "main");
      graph.append("feature", Map.of("Person", List.of(person("p3", "Cy", 20))));
      assertThat(OmnigraphWriteTest.rows(graph.snapshot("feature"), EntityKind.NODE, "Person"))
          .isEqualTo(3);
    }
    try (Omnigraph ro = Omnigraph.open(uri, AccessMode.READ_ONLY, settings)) {
      assertThat(OmnigraphWriteTest.rows(ro.snapshot("main"), EntityKind.NODE, "Person"))
          .isEqualTo(2);
      assertThatThrownBy(() -> ro.append("main", Map.of("Person", List.of(person("x", "X", 1)))))
          .isInstanceOf(ReadOnlyGraphException.class);
    }
  }

  @Test
  void initRefusesAnExistingGraphAndOpenOfAnEmptyPrefixIsNotFound() throws IOException {
    String uri = freshUri();
    try (Omnigraph graph = Omnigraph.init(uri, OmnigraphWriteTest.testPg(), settings)) {
      assertThat(graph.snapshot("main").seq()).isEqualTo(1);
    }
    assertThatThrownBy(() -> Omnigraph.init(uri, OmnigraphWriteTest.testPg(), settings))
        .isInstanceOf(GraphAlreadyExistsException.class)
        .hasMessageContaining(uri);
    assertThatThrownBy(() -> Omnigraph.open(freshUri(), AccessMode.READ_WRITE, settings))
        .isInstanceOf(GraphNotFoundException.class);
  }

  @Test
  void wrongCredentialsAreAStorageErrorNotAStackOfSdkExceptions() {
    S3Settings wrong =
        new S3Settings(
            Optional.of(server.endpoint()),
            "us-east-1",
            true,
            true,
            Optional.of("nobody"),
            Optional.of("wrong"));
    assertThatThrownBy(() -> Omnigraph.open(freshUri(), AccessMode.READ_ONLY, wrong))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("storage failure in the graph at s3://" + BUCKET);
  }
}

package dev.omnigraph.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.store.S3Location;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphAddressTest {
  @Test
  void aPlainPathIsLocalAbsoluteAndNormalized() {
    assertThat(GraphAddress.parse("graphs/../g1"))
        .isEqualTo(new GraphAddress.Local(Path.of("g1").toAbsolutePath()));
  }

  @Test
  void aFileUriIsLocal() {
    assertThat(GraphAddress.parse("file:///tmp/g1"))
        .isEqualTo(new GraphAddress.Local(Path.of("/tmp/g1")));
  }

  @Test
  void anS3UriIsABucketAndPrefix() {
    assertThat(GraphAddress.parse("s3://bucket/team/g1/"))
        .isEqualTo(new GraphAddress.S3(new S3Location("bucket", "team/g1")));
    assertThat(GraphAddress.parse("S3://bucket")).hasToString("s3://bucket");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gs://bucket/g", "http://host/g", "az://c/g"})
  void otherSchemesAreRefusedNamingWhatWorks(String uri) {
    assertThatThrownBy(() -> GraphAddress.parse(uri))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported graph location '" + uri + "'")
        .hasMessageContaining("s3://bucket/path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "s3://", "s3:///prefix", "s3://bucket/a//b"})
  void malformedAddressesAreInvalidInput(String uri) {
    assertThatThrownBy(() -> GraphAddress.parse(uri)).isInstanceOf(InvalidInputException.class);
  }
}

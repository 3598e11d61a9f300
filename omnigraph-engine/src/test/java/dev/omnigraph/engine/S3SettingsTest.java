package dev.omnigraph.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void anEmptyEnvironmentIsAwsWithTheDefaultChain() {
    S3Settings s = S3Settings.fromEnvironment(Map.of());
    assertThat(s).isEqualTo(S3Settings.defaults());
    assertThat(s.lanceOptions())
        .containsEntry("aws_region", "us-east-1")
        .containsEntry("aws_virtual_hosted_style_request", "true")
        .doesNotContainKeys("aws_endpoint", "aws_access_key_id", "aws_secret_access_key");
  }

  @Test
  void theStandardVariablesAreRead() {
    S3Settings s =
        S3Settings.fromEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9000",
                "AWS_DEFAULT_REGION", "eu-west-1",
                "AWS_ALLOW_HTTP", "true",
                "AWS_ACCESS_KEY_ID", "k",
                "AWS_SECRET_ACCESS_KEY", "s"));
    assertThat(s.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.pathStyle()).as("an endpoint implies path style").isTrue();
    assertThat(s.lanceOptions())
        .containsEntry("aws_endpoint", "http://127.0.0.1:9000")
        .containsEntry("allow_http", "true")
        .containsEntry("aws_virtual_hosted_style_request", "false")
        .containsEntry("aws_access_key_id", "k")
        .containsEntry("aws_secret_access_key", "s");
    assertThat(s.toString()).doesNotContain("s]").contains("credentials=fixed");
  }

  @Test
  void theS3SpecificEndpointAndRegionWinAndPathStyleCanBeTurnedOff() {
    S3Settings s =
        S3Settings.fromEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL", "https://other",
                "AWS_ENDPOINT_URL_S3", "https://s3.example",
                "AWS_REGION", "ap-south-1",
                "AWS_DEFAULT_REGION", "eu-west-1",
                "AWS_S3_FORCE_PATH_STYLE", "false"));
    assertThat(s.endpoint()).contains(URI.create("https://s3.example"));
    assertThat(s.region()).isEqualTo("ap-south-1");
    assertThat(s.pathStyle()).isFalse();
  }

  @Test
  void malformedSettingsNameTheVariableAndTheFix() {
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("AWS_ALLOW_HTTP", "maybe")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("AWS_ALLOW_HTTP=maybe is not a boolean");
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("set AWS_ALLOW_HTTP=true");
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "k")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("give both or neither");
    assertThatThrownBy(() ->
            new S3Settings(
                Optional.of(URI.create("ftp://x")),
                "r",
                true,
                true,
                Optional.empty(),
                Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not an http:// or https:// URI");
  }
}

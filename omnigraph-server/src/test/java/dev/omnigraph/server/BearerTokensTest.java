package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokensTest {
  @TempDir Path dir;

  @Test
  void theSingleTokenAndTheFileCombine() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tokens.json"),
            "{\" act-a \":\" tok-a \",\"act-b\":\"tok-b\"}",
            StandardCharsets.UTF_8);
    BearerTokens tokens =
        BearerTokens.fromEnvironment(
            Map.of(
                BearerTokens.TOKEN_ENV, "tok-default",
                BearerTokens.TOKENS_FILE_ENV, file.toString(),
                // The file wins over the inline JSON; this one is never read.
                BearerTokens.TOKENS_JSON_ENV, "{\"act-c\":\"tok-c\"}"));
    assertThat(tokens.size()).isEqualTo(3);
    assertThat(tokens.actorFor("tok-a")).hasValue("act-a");
    assertThat(tokens.actorFor("tok-b")).hasValue("act-b");
    assertThat(tokens.actorFor("tok-default")).hasValue(BearerTokens.DEFAULT_ACTOR);
    assertThat(tokens.actorFor("tok-c")).isEmpty();
    assertThat(tokens.actorFor("")).isEmpty();
    assertThat(tokens.actorFor("TOK-A")).isEmpty();
  }

  @Test
  void inlineJsonIsUsedWithoutAFile() {
    BearerTokens tokens =
        BearerTokens.fromEnvironment(Map.of(BearerTokens.TOKENS_JSON_ENV, "{\"act-c\":\"tok-c\"}"));
    assertThat(tokens.actorFor("tok-c")).hasValue("act-c");
    assertThat(BearerTokens.fromEnvironment(Map.of()).isEmpty()).isTrue();
  }

  @Test
  void badSourcesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> json("{\"a\":\"t\",\"b\":\"t\"}")).hasMessageContaining("share one");
    assertThatThrownBy(() -> json("{\" \":\"t\"}")).hasMessageContaining("blank");
    assertThatThrownBy(() -> json("{\"a\":\" \"}")).hasMessageContaining("token of actor 'a'");
    assertThatThrownBy(() -> json("{\"a\":1}")).hasMessageContaining("JSON string");
    assertThatThrownBy(() -> json("[\"a\"]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> json("{")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() ->
            BearerTokens.fromEnvironment(
                Map.of(
                    BearerTokens.TOKEN_ENV,
                    "x",
                    BearerTokens.TOKENS_JSON_ENV,
                    "{\"default\":\"y\"}")))
        .hasMessageContaining("actor 'default' has more than one token");
    assertThatThrownBy(() ->
            BearerTokens.fromEnvironment(
                Map.of(BearerTokens.TOKENS_FILE_ENV, dir.resolve("missing.json").toString())))
        .hasMessageContaining("cannot read the bearer tokens file");
    assertThatThrownBy(
            () -> BearerTokens.fromEnvironment(Map.of(BearerTokens.TOKENS_AWS_SECRET_ENV, "arn:x")))
        .hasMessageContaining("cannot read AWS Secrets Manager");
  }

  private static BearerTokens json(String json) {
    return BearerTokens.fromEnvironment(Map.of(BearerTokens.TOKENS_JSON_ENV, json));
  }
}

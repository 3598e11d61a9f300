package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which configured server a URL belongs to: the longest URL that is a prefix on a path boundary.
 */
class BearerTokenTest {
  static final Map<String, String> SERVERS =
      Map.of(
          "root", "http://h:8080",
          "team", "http://h:8080/team/",
          "teamx", "http://h:8080/teamx");

  @Test
  void theLongestPathBoundaryPrefixNamesTheServer() {
    assertThat(BearerToken.serverNamed("http://h:8080", SERVERS)).contains("root");
    assertThat(BearerToken.serverNamed("http://h:8080/graphs/g", SERVERS)).contains("root");
    assertThat(BearerToken.serverNamed("http://h:8080/team", SERVERS)).contains("team");
    assertThat(BearerToken.serverNamed("http://h:8080/team/graphs/g", SERVERS)).contains("team");
    assertThat(BearerToken.serverNamed("http://h:8080/teamx/graphs/g", SERVERS)).contains("teamx");
    assertThat(BearerToken.serverNamed("http://h:8080/teamy", SERVERS)).contains("root");
    assertThat(BearerToken.serverNamed("http://h:80801", SERVERS)).isEmpty();
    assertThat(BearerToken.serverNamed("https://h:8080", SERVERS)).isEmpty();
    assertThat(BearerToken.serverNamed("http://h:8080", Map.of())).isEqualTo(Optional.empty());
  }
}

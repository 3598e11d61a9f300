package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  static final Route.RouteHandler NONE = call -> Reply.ok(Map.of());

  static Router router() {
    return Router.builder()
        .open("GET", "/healthz", "health", NONE)
        .graph("GET", "/branches", "list", NONE)
        .graph("POST", "/branches", "create", NONE)
        .graph("POST", "/branches/merge", "merge", NONE)
        .graph("DELETE", "/branches/{branch}", "delete", NONE)
        .graph("POST", "/branches/{branch}", "other", NONE)
        .build();
  }

  @Test
  void matchesTemplatesAndDecodesParametersPerSegment() {
    Router.Match m = router().match("DELETE", "/graphs/g-1/branches/review%2Fnew+hires%20x");
    assertThat(m).isInstanceOf(Router.Match.Found.class);
    Router.Match.Found found = (Router.Match.Found) m;
    assertThat(found.route().operationId()).isEqualTo("delete");
    assertThat(found.params())
        .containsEntry("graph_id", "g-1")
        .containsEntry("branch", "review/new+hires x");
  }

  @Test
  void aLiteralSegmentOutranksAParameter() {
    Router.Match.Found merge =
        (Router.Match.Found) router().match("POST", "/graphs/g/branches/merge");
    assertThat(merge.route().operationId()).isEqualTo("merge");
    Router.Match.Found other = (Router.Match.Found) router().match("POST", "/graphs/g/branches/x");
    assertThat(other.route().operationId()).isEqualTo("other");
  }

  @Test
  void unknownPathsAreNotFoundAndWrongMethodsListTheAllowedOnes() {
    assertThat(router().match("GET", "/graphs/g/nope")).isInstanceOf(Router.Match.NotFound.class);
    assertThat(router().match("GET", "/graphs/g/branches/"))
        .isInstanceOf(Router.Match.NotFound.class);
    assertThat(router().match("GET", "/graphs//branches"))
        .isInstanceOf(Router.Match.NotFound.class);
    assertThat(router().match("GET", "/")).isInstanceOf(Router.Match.NotFound.class);
    assertThat(router().match("PUT", "/graphs/g/branches"))
        .isEqualTo(new Router.Match.MethodNotAllowed(java.util.List.of("GET", "POST")));
    assertThat(router().match("HEAD", "/healthz")).isInstanceOf(Router.Match.Found.class);
  }

  @Test
  void aRouteOrOperationIdRegisteredTwiceIsRefused() {
    assertThatThrownBy(
            () -> Router.builder().graph("GET", "/x", "a", NONE).graph("GET", "/x", "b", NONE))
        .hasMessageContaining("registered twice");
    assertThatThrownBy(
            () -> Router.builder().graph("GET", "/x", "a", NONE).graph("POST", "/x", "a", NONE))
        .hasMessageContaining("operation id a");
    assertThatThrownBy(() -> PathTemplate.parse("/a/{x}/{x}")).hasMessageContaining("twice");
    assertThatThrownBy(() -> PathTemplate.parse("/a/"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

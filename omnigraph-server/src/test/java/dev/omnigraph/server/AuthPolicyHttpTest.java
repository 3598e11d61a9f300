package dev.omnigraph.server;

import static dev.omnigraph.server.HttpApiTest.assertError;
import static dev.omnigraph.server.OpenApiSchemas.assertConforms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.server.ServerHarness.Answer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Authentication and policy over real HTTP: every non-public route refuses a request without a
 * valid token, the actor comes only from the token, and each action is allowed and denied as the
 * bundle says (a graph without a bundle is default-deny; {@code graph_list} needs the server
 * bundle).
 */
class AuthPolicyHttpTest {
  static final String POLICY =
      """
      version: 1
      groups:
        team: [act-andrew, act-bruno, act-ragnor]
        admins: [act-ragnor]
        auditors: [act-audit]
      protected_branches: [main]
      rules:
        - id: team-read
          allow: { actors: { group: team }, actions: [read], branch_scope: any }
        - id: team-branch
          allow: { actors: { group: team }, actions: [branch_create], target_branch_scope: unprotected }
        - id: admin-delete
          allow: { actors: { group: admins }, actions: [branch_delete], target_branch_scope: unprotected }
        - id: audit-read
          allow: { actors: { group: auditors }, actions: [read], branch_scope: protected }
      """;

  static final String SERVER_POLICY =
      """
      version: 1
      groups:
        ops: [act-ragnor]
      rules:
        - id: ops-list
          allow: { actors: { group: ops }, actions: [graph_list] }
      """;

  static final Map<String, String> TOKENS =
      Map.of(
          "act-andrew", "tok-andrew",
          "act-bruno", "tok-bruno",
          "act-ragnor", "tok-ragnor",
          "act-audit", "tok-audit",
          "act-stranger", "tok-stranger");

  @TempDir static Path dir;
  static ServerHarness http;

  @BeforeAll
  static void start() throws Exception {
    String people = TestGraphs.create(dir.resolve("people"));
    String other = TestGraphs.create(dir.resolve("other"));
    Path policy =
        Files.writeString(dir.resolve("graph.policy.yaml"), POLICY, StandardCharsets.UTF_8);
    Path server =
        Files.writeString(dir.resolve("server.policy.yaml"), SERVER_POLICY, StandardCharsets.UTF_8);
    ServerSettings settings =
        ServerSettings.of(
                List.of(new GraphSpec("people", people), new GraphSpec("other", other)), 0, false)
            .withPolicies(Optional.empty(), Map.of("people", policy), Optional.of(server));
    http = new ServerHarness(settings, env(TOKENS));
  }

  static Map<String, String> env(Map<String, String> tokens) {
    StringBuilder json = new StringBuilder("{");
    tokens.forEach((a, t) ->
        json.append(json.length() > 1 ? "," : "")
            .append('"')
            .append(a)
            .append("\":\"")
            .append(t)
            .append('"'));
    return Map.of(BearerTokens.TOKENS_JSON_ENV, json.append('}').toString());
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  static String concrete(Route route) {
    return route
        .path()
        .text()
        .replace("{graph_id}", "people")
        .replace("{branch}", "feature")
        .replace("{commit_id}", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  }

  static HttpRequest.Builder withMethod(HttpRequest.Builder b, String method) {
    return method.equals("POST")
        ? b.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"never\"}"))
        : b.method(method, HttpRequest.BodyPublishers.noBody());
  }

  @Test
  void everyProtectedRouteRefusesWithoutAValidToken() {
    List<String> checked = new ArrayList<>();
    for (Route route : http.server.router().routes()) {
      String path = concrete(route);
      if (route.access() == Route.Access.PUBLIC) {
        Answer open = http.send(withMethod(http.request(path, null), route.method()));
        assertThat(open.status()).as("%s %s", route.method(), path).isEqualTo(200);
        continue;
      }
      for (String header :
          new String[] {null, "Basic dG9rLWFuZHJldw==", "bearer tok-andrew", "Bearer"}) {
        HttpRequest.Builder b = http.request(path, null);
        if (header != null) {
          b.header("Authorization", header);
        }
        Answer a = http.send(withMethod(b, route.method()));
        assertThat(a.status())
            .as("%s %s with %s: %s", route.method(), path, header, a)
            .isEqualTo(401);
        assertError(a, 401, "unauthorized");
        assertThat(a.json().get("error").asString()).isEqualTo("missing bearer token");
        assertThat(a.header("www-authenticate")).hasValue("Bearer");
      }
      Answer wrong = http.send(withMethod(http.request(path, "tok-nobody"), route.method()));
      assertError(wrong, 401, "unauthorized");
      assertThat(wrong.json().get("error").asString()).isEqualTo("invalid bearer token");
      assertConforms(route.method(), route.path().text(), 401, wrong.json());
      checked.add(route.operationId());
    }
    assertThat(checked).hasSize(http.server.router().routes().size() - 2);
    assertThat(http.get("/graphs/people/branches", null).status()).isEqualTo(401);
    // Authentication comes before graph resolution: an unknown graph is not revealed.
    assertError(http.get("/graphs/nonexistent/snapshot", null), 401, "unauthorized");
    assertThat(http.get("/graphs").json().get("code").asString()).isEqualTo("unauthorized");
  }

  @Test
  void eachTokenAuthenticatesItsOwnActor() {
    for (String token : List.of("tok-andrew", "tok-bruno")) {
      Answer a = http.get("/graphs/people/branches", token);
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      assertThat(a.json().get("branches").isArray()).isTrue();
    }
  }

  @Test
  void theActorComesOnlyFromTheToken() {
    // act-stranger is in no group; claiming another actor in a header changes nothing.
    Answer spoofUp =
        http.send(
            http.request("/graphs/people/snapshot", "tok-stranger")
                .header("X-Actor-Id", "act-andrew"));
    assertError(spoofUp, 403, "forbidden");
    Answer spoofDown =
        http.send(
            http.request("/graphs/people/snapshot", "tok-andrew")
                .header("X-Actor-Id", "act-stranger"));
    assertThat(spoofDown.status()).isEqualTo(200);
    Answer empty =
        http.send(http.request("/graphs/people/snapshot", "tok-stranger").header("X-Actor-Id", ""));
    assertError(empty, 403, "forbidden");
    assertThat(empty.json().get("error").asString()).contains("unknown actor 'act-stranger'");
  }

  @Test
  void readAllowedAndDenied() {
    for (String path :
        List.of(
            "/graphs/people/snapshot",
            "/graphs/people/schema",
            "/graphs/people/branches",
            "/graphs/people/commits?branch=feature")) {
      assertThat(http.get(path, "tok-bruno").status()).as(path).isEqualTo(200);
      Answer denied = http.get(path, "tok-stranger");
      assertError(denied, 403, "forbidden");
      assertThat(denied.json().get("error").asString()).contains("policy denied action 'read'");
    }
    String id =
        http.get("/graphs/people/commits", "tok-bruno")
            .json()
            .get("commits")
            .get(0)
            .get("graph_commit_id")
            .asString();
    assertThat(http.get("/graphs/people/commits/" + id, "tok-bruno").status()).isEqualTo(200);
    assertError(http.get("/graphs/people/commits/" + id, "tok-stranger"), 403, "forbidden");
    assertConforms(
        "GET",
        "/graphs/{graph_id}/snapshot",
        403,
        http.get("/graphs/people/snapshot", "tok-stranger").json());
  }

  @Test
  void protectedScopedReadCoversOnlyBranchedReadsOfProtectedBranches() {
    // act-audit may read protected branches only; the branch defaults to main.
    Answer main = http.get("/graphs/people/snapshot", "tok-audit");
    assertThat(main.status()).isEqualTo(200);
    Answer commits = http.get("/graphs/people/commits", "tok-audit");
    assertThat(commits.status()).isEqualTo(200);
    assertThat(http.get("/graphs/people/commits?branch=main", "tok-audit").json())
        .isEqualTo(commits.json());
    assertError(http.get("/graphs/people/snapshot?branch=feature", "tok-audit"), 403, "forbidden");
    // Branch-less reads have no branch, so a scoped read rule does not cover them.
    assertError(http.get("/graphs/people/branches", "tok-audit"), 403, "forbidden");
    assertError(http.get("/graphs/people/schema", "tok-audit"), 403, "forbidden");
  }

  @Test
  void branchCreateAllowedOnlyForUnprotectedTargets() {
    Answer ok = http.post("/graphs/people/branches", "tok-andrew", "{\"name\":\"andrew-work\"}");
    assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    assertThat(ok.json().get("actor_id").asString()).isEqualTo("act-andrew");
    assertConforms("POST", "/graphs/{graph_id}/branches", 200, ok.json());
    // The policy runs before the engine: a protected target is 403, not 409.
    Answer protectedTarget =
        http.post("/graphs/people/branches", "tok-andrew", "{\"name\":\"main\"}");
    assertError(protectedTarget, 403, "forbidden");
    assertThat(protectedTarget.json().get("error").asString())
        .contains("policy denied action 'branch_create'", "target branch 'main'");
    Answer stranger = http.post("/graphs/people/branches", "tok-stranger", "{\"name\":\"s-work\"}");
    assertError(stranger, 403, "forbidden");
    assertThat(http.get("/graphs/people/branches", "tok-andrew").body()).doesNotContain("s-work");
  }

  @Test
  void branchDeleteAllowedForAdminsOnly() {
    assertThat(
            http.post("/graphs/people/branches", "tok-bruno", "{\"name\":\"to-delete\"}").status())
        .isEqualTo(200);
    Answer bruno = http.delete("/graphs/people/branches/to-delete", "tok-bruno");
    assertError(bruno, 403, "forbidden");
    assertConforms("DELETE", "/graphs/{graph_id}/branches/{branch}", 403, bruno.json());
    assertThat(http.get("/graphs/people/branches", "tok-bruno").body()).contains("to-delete");
    Answer ragnor = http.delete("/graphs/people/branches/to-delete", "tok-ragnor");
    assertThat(ragnor.status()).as("%s", ragnor).isEqualTo(200);
    assertThat(ragnor.json().get("actor_id").asString()).isEqualTo("act-ragnor");
    assertError(http.delete("/graphs/people/branches/main", "tok-ragnor"), 403, "forbidden");
  }

  @Test
  void aGraphWithoutABundleIsDefaultDeny() {
    assertThat(http.get("/graphs/other/snapshot", "tok-stranger").status()).isEqualTo(200);
    Answer denied = http.post("/graphs/other/branches", "tok-ragnor", "{\"name\":\"x\"}");
    assertError(denied, 403, "forbidden");
    assertThat(denied.json().get("error").asString()).contains("default-deny");
    assertError(http.delete("/graphs/other/branches/feature", "tok-ragnor"), 403, "forbidden");
  }

  @Test
  void graphListNeedsTheServerBundle() {
    Answer ok = http.get("/graphs", "tok-ragnor");
    assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    assertConforms("GET", "/graphs", 200, ok.json());
    List<String> ids = new ArrayList<>();
    for (JsonNode g : ok.json().get("graphs")) {
      ids.add(g.get("graph_id").asString());
    }
    assertThat(ids).containsExactly("other", "people");
    assertThat(ok.json().get("graphs").get(1).get("uri").asString())
        .isEqualTo(dir.resolve("people").toString());
    assertError(http.get("/graphs", "tok-andrew"), 403, "forbidden");
  }

  @Test
  void theServedContractKeepsBearerSecurityWhenTokensAreOn() {
    JsonNode doc = http.get("/openapi.json").json();
    assertThat(doc.path("components").path("securitySchemes").has("bearer_token")).isTrue();
    assertThat(doc.path("paths").path("/graphs/{graph_id}/snapshot").path("get").has("security"))
        .isTrue();
  }

  @Test
  void tokensWithoutPolicyAreDefaultDenyEverywhere(@TempDir Path own) {
    String g = TestGraphs.create(own.resolve("g"));
    try (ServerHarness tokensOnly =
        new ServerHarness(
            ServerSettings.of(List.of(new GraphSpec("g", g)), 0, false),
            Map.of(BearerTokens.TOKEN_ENV, "only-token"))) {
      assertThat(tokensOnly.server.context().authorizer().state())
          .isEqualTo(RuntimeState.DEFAULT_DENY);
      assertThat(tokensOnly.get("/graphs/g/snapshot", "only-token").status()).isEqualTo(200);
      Answer create = tokensOnly.post("/graphs/g/branches", "only-token", "{\"name\":\"n\"}");
      assertError(create, 403, "forbidden");
      assertThat(create.json().get("error").asString())
          .contains("default-deny", "for actor 'default'");
      assertError(tokensOnly.get("/graphs", "only-token"), 403, "forbidden");
    }
  }
}

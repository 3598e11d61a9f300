package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decisions of the upstream example policy P through Cedar: every action allowed and denied, by
 * actor and by branch protection, with the allowing rule.
 */
class CedarPolicyTest {
  static CedarPolicy policy;

  @BeforeAll
  static void compile() {
    policy = CedarPolicy.forGraph(PolicyBundleTest.graph(PolicyBundleTest.P), "people");
  }

  @ParameterizedTest(name = "{0} {1} branch={2} target={3} -> {4}")
  @CsvSource(
      nullValues = "-",
      textBlock =
          """
          act-andrew, read,          main,    -,       team-read
          act-andrew, read,          -,       -,       team-read
          act-nobody, read,          main,    -,       DENY
          act-bruno,  change,        feature, -,       team-change
          act-bruno,  change,        main,    -,       DENY
          act-bruno,  change,        -,       -,       DENY
          act-bruno,  export,        main,    -,       DENY
          act-ragnor, export,        feature, -,       admins-export
          act-ragnor, branch_delete, -,       main,    admins-branches
          act-ragnor, branch_delete, -,       feature, DENY
          act-bruno,  branch_delete, -,       main,    DENY
          act-ragnor, branch_merge,  feature, main,    admins-branches
          act-ragnor, branch_create, main,    x,       DENY
          act-ragnor, schema_apply,  -,       main,    DENY
          act-ragnor, admin,         -,       -,       DENY
          act-ragnor, invoke_query,  -,       -,       DENY
          """)
  void decides(String actor, String action, String branch, String target, String expected) {
    PolicyDecision d =
        policy.decide(
            actor,
            new PolicyRequest(
                PolicyAction.byWireName(action).orElseThrow(),
                Optional.ofNullable(branch),
                Optional.ofNullable(target)));
    if (expected.equals("DENY")) {
      assertThat(d.allowed()).as("%s", d).isFalse();
      assertThat(d.message()).contains("policy denied action '" + action + "'");
    } else {
      assertThat(d.allowed()).as("%s", d).isTrue();
      assertThat(d.matchedRule()).hasValue(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({"a-rule, z-rule, a-rule", "z-rule, a-rule, a-rule"})
  void theMatchedRuleIsTheSmallestId(String first, String second, String expected) {
    String yaml =
        "version: 1\ngroups: {g: [x]}\nrules:\n"
            + "  - {id: "
            + first
            + ", allow: {actors: {group: g}, actions: [read]}}\n"
            + "  - {id: "
            + second
            + ", allow: {actors: {group: g}, actions: [read], branch_scope: any}}\n";
    CedarPolicy p = CedarPolicy.forGraph(PolicyBundleTest.graph(yaml), "g1");
    assertThat(p.decide("x", PolicyRequest.onBranch(PolicyAction.READ, "main")).matchedRule())
        .hasValue(expected);
  }
}

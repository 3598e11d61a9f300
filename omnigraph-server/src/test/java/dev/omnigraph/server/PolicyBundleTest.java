package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyBundleTest {
  static final String P =
      """
      version: 1
      groups:
        admins: [act-ragnor]
        team:   [act-andrew, act-bruno, act-ragnor]
      protected_branches: [main]
      rules:
        - id: team-read
          allow: { actors: { group: team }, actions: [read], branch_scope: any }
        - id: admins-export
          allow: { actors: { group: admins }, actions: [export], branch_scope: any }
        - id: team-change
          allow: { actors: { group: team }, actions: [change], branch_scope: unprotected }
        - id: admins-branches
          allow:
            actors: { group: admins }
            actions: [branch_delete, branch_merge]
            target_branch_scope: protected
      """;

  static PolicyBundle graph(String yaml) {
    return PolicyBundle.parse(yaml, "test.policy.yaml", PolicyAction.Resource.GRAPH);
  }

  @Test
  void readsTheUpstreamExample() {
    PolicyBundle p = graph(P);
    assertThat(p.groups().keySet()).containsExactly("admins", "team");
    assertThat(p.protectedBranches()).containsExactly("main");
    assertThat(p.rules()).hasSize(4);
    PolicyBundle.Rule rule = p.rules().get(3);
    assertThat(rule.actions())
        .containsExactly(PolicyAction.BRANCH_DELETE, PolicyAction.BRANCH_MERGE);
    assertThat(rule.scope()).hasValue(PolicyBundle.BranchScope.PROTECTED);
    assertThat(p.groupsOf("act-ragnor")).containsExactly("admins", "team");
    assertThat(p.groupsOf("act-nobody")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          version: 2                                                                           | `version` must be 1
          version: 1\\nbranch_scpoe: any                                                       | branch_scpoe
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [read], branch_scpoe: any}}] | branch_scpoe
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, kind: allow, allow: {actors: {group: a}, actions: [read]}}] | kind
          version: 1\\ngroups: {a: []}                                                         | group 'a' has no actors
          version: 1\\ngroups: {a: [' ']}                                                      | blank actor id
          version: 1\\nprotected_branches: [' ']                                               | blank branch name
          version: 1\\nrules: [{id: r, allow: {actors: {group: nope}, actions: [read]}}]       | group 'nope' is not defined
          version: 1\\ngroups: {a: [x]}\\nrules: [{allow: {actors: {group: a}, actions: [read]}}] | has no `id`
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: []}}] | at least one action
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [fly]}}] | unknown action 'fly'
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [read]}}, {id: r, allow: {actors: {group: a}, actions: [read]}}] | used twice
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [read], branch_scope: any, target_branch_scope: any}}] | at most one
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [branch_create], branch_scope: any}}] | use `target_branch_scope`
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [change], target_branch_scope: any}}] | use `branch_scope`
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [admin], branch_scope: any}}] | takes no scope
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [read], branch_scope: some}}] | use any, protected or unprotected
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [read, graph_list]}}] | cannot share a rule
          version: 1\\ngroups: {a: [x]}\\nrules: [{id: r, allow: {actors: {group: a}, actions: [graph_list]}}] | graph_list is a server action
          version: 1\\ngroups: {a: [x]}\\ngroups: {b: [y]}                                     | Duplicate
          """)
  void invalidBundlesAreRefusedNamingTheProblem(String yaml, String problem) {
    assertThatThrownBy(() -> graph(yaml.replace("\\n", "\n")))
        .isInstanceOf(ServerBootException.class)
        .hasMessageContaining("invalid policy file test.policy.yaml")
        .hasMessageContaining(problem);
  }

  @Test
  void aServerBundleGrantsOnlyGraphList() {
    String server =
        "version: 1\ngroups: {ops: [x]}\nrules: [{id: r, allow: {actors: {group: ops}, actions: [graph_list]}}]";
    PolicyBundle ok = PolicyBundle.parse(server, "s", PolicyAction.Resource.SERVER);
    assertThat(ok.rules().get(0).scope()).isEqualTo(Optional.empty());
    assertThatThrownBy(() ->
            PolicyBundle.parse(
                "version: 1\ngroups: {a: [x]}\nrules: [{id: r, allow: {actors: {group: a}, actions: [read]}}]",
                "s",
                PolicyAction.Resource.SERVER))
        .hasMessageContaining("grants only graph_list");
    assertThatThrownBy(() ->
            PolicyBundle.parse(
                "version: 1\ngroups: {a: [x]}\nrules: [{id: r, allow: {actors: {group: a}, actions: [graph_list], branch_scope: any}}]",
                "s",
                PolicyAction.Resource.SERVER))
        .hasMessageContaining("takes no scope");
  }

  @Test
  void compilesToOnePermitPerRuleAndAction() {
    PolicyBundle p = graph(P);
    com.cedarpolicy.value.EntityUID g =
        com.cedarpolicy.value.EntityTypeName.parse("Omnigraph::Graph").get().of("people");
    assertThat(CedarPolicy.permit(p.rules().get(2), PolicyAction.CHANGE, g))
        .isEqualTo(
            "permit(principal in Omnigraph::Group::\"team\", action =="
                + " Omnigraph::Action::\"change\", resource == Omnigraph::Graph::\"people\") when {"
                + " context.has_branch && !context.branch_is_protected };");
    assertThat(CedarPolicy.permit(p.rules().get(3), PolicyAction.BRANCH_MERGE, g))
        .endsWith("when { context.has_target_branch && context.target_branch_is_protected };");
    assertThat(CedarPolicy.permit(p.rules().get(0), PolicyAction.READ, g))
        .endsWith("when { true };");
    assertThat(List.of(PolicyAction.values())).hasSize(10);
  }
}

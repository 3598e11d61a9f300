package dev.omnigraph.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The actions a policy grants: nine on a graph and {@code graph_list} on the server, each with the
 * branch scope key it accepts in a rule.
 */
enum PolicyAction {
  READ(Resource.GRAPH, ScopeKey.BRANCH),
  EXPORT(Resource.GRAPH, ScopeKey.BRANCH),
  CHANGE(Resource.GRAPH, ScopeKey.BRANCH),
  SCHEMA_APPLY(Resource.GRAPH, ScopeKey.TARGET_BRANCH),
  BRANCH_CREATE(Resource.GRAPH, ScopeKey.TARGET_BRANCH),
  BRANCH_DELETE(Resource.GRAPH, ScopeKey.TARGET_BRANCH),
  BRANCH_MERGE(Resource.GRAPH, ScopeKey.TARGET_BRANCH),
  ADMIN(Resource.GRAPH, ScopeKey.NONE),
  INVOKE_QUERY(Resource.GRAPH, ScopeKey.NONE),
  GRAPH_LIST(Resource.SERVER, ScopeKey.NONE);

  /** What an action is checked against. */
  enum Resource {
    GRAPH,
    SERVER
  }

  /** Which scope key ({@code branch_scope} or {@code target_branch_scope}) a rule may give. */
  enum ScopeKey {
    BRANCH,
    TARGET_BRANCH,
    NONE
  }

  private final Resource resource;
  private final ScopeKey scopeKey;

  PolicyAction(Resource resource, ScopeKey scopeKey) {
    this.resource = resource;
    this.scopeKey = scopeKey;
  }

  Resource resource() {
    return resource;
  }

  ScopeKey scopeKey() {
    return scopeKey;
  }

  /** The action's name in bundles, Cedar and messages ({@code branch_create}). */
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<PolicyAction> byWireName(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
  }
}

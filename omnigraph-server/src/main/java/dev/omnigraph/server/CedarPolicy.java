package dev.omnigraph.server;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.omnigraph.api.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A policy bundle compiled to Cedar for one resource (a graph, or the server): one {@code permit}
 * per rule and action, strict-validated against the Omnigraph schema when compiled. Deciding an
 * actor in no group of the bundle denies without asking Cedar.
 */
final class CedarPolicy {
  /** The Cedar schema every compiled bundle is validated against. */
  static final String SCHEMA =
      """
      namespace Omnigraph {
        entity Group;
        entity Actor in [Group];
        entity Graph;
        entity Server;
        type RequestContext = {
          has_branch: Bool,
          branch: String,
          has_target_branch: Bool,
          target_branch: String,
          branch_is_protected: Bool,
          target_branch_is_protected: Bool,
        };
        action "read", "export", "change", "schema_apply", "branch_create", "branch_delete",
          "branch_merge", "admin", "invoke_query"
          appliesTo { principal: [Actor], resource: [Graph], context: RequestContext };
        action "graph_list"
          appliesTo { principal: [Actor], resource: [Server], context: RequestContext };
      }
      """;

  static final String SERVER_ID = "root";

  private static final EntityTypeName ACTOR = typeName("Omnigraph::Actor");
  private static final EntityTypeName GROUP = typeName("Omnigraph::Group");
  private static final EntityTypeName ACTION = typeName("Omnigraph::Action");
  private static final EntityTypeName GRAPH = typeName("Omnigraph::Graph");
  private static final EntityTypeName SERVER = typeName("Omnigraph::Server");

  private final PolicyBundle bundle;
  private final EntityUID resource;
  private final String resourceLabel;
  private final PolicySet policies;
  private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();

  private CedarPolicy(
      PolicyBundle bundle, EntityUID resource, String resourceLabel, PolicySet policies) {
    this.bundle = bundle;
    this.resource = resource;
    this.resourceLabel = resourceLabel;
    this.policies = policies;
  }

  /** {@code bundle} (a graph bundle) compiled for the graph {@code graphId}. */
  static CedarPolicy forGraph(PolicyBundle bundle, String graphId) {
    requireKind(bundle, PolicyAction.Resource.GRAPH);
    return compile(bundle, GRAPH.of(graphId), "graph '" + graphId + "'");
  }

  /** {@code bundle} (a server bundle) compiled for {@code Omnigraph::Server::"root"}. */
  static CedarPolicy forServer(PolicyBundle bundle) {
    requireKind(bundle, PolicyAction.Resource.SERVER);
    return compile(bundle, SERVER.of(SERVER_ID), "the server");
  }

  private static void requireKind(PolicyBundle bundle, PolicyAction.Resource kind) {
    if (bundle.kind() != kind) {
      throw new IllegalArgumentException(
          "bundle " + bundle.source() + " is a " + bundle.kind() + " bundle, not " + kind);
    }
  }

  private static CedarPolicy compile(PolicyBundle bundle, EntityUID resource, String label) {
    Set<Policy> permits = new LinkedHashSet<>();
    for (PolicyBundle.Rule rule : bundle.rules()) {
      for (PolicyAction action : rule.actions()) {
        permits.add(
            new Policy(permit(rule, action, resource), rule.id() + ":" + action.wireName()));
      }
    }
    PolicySet set = new PolicySet(permits);
    try {
      Schema schema = Schema.parse(Schema.JsonOrCedar.Cedar, SCHEMA);
      ValidationResponse validation =
          new BasicAuthorizationEngine().validate(new ValidationRequest(schema, set));
      if (!validation.validationPassed()) {
        throw new ServerBootException(
            "policy file " + bundle.source() + " does not compile to valid Cedar: " + validation);
      }
    } catch (AuthException e) {
      throw new ServerBootException(
          "policy file " + bundle.source() + " could not be checked by Cedar: " + e.getMessage(),
          e);
    }
    return new CedarPolicy(bundle, resource, label, set);
  }

  // One permit for one (rule, action) pair; the scope becomes a test on the request context.
  static String permit(PolicyBundle.Rule rule, PolicyAction action, EntityUID resource) {
    String condition =
        rule.scope()
            .map(scope -> {
              String prefix =
                  action.scopeKey() == PolicyAction.ScopeKey.TARGET_BRANCH ? "target_" : "";
              return switch (scope) {
                case ANY -> "true";
                case PROTECTED ->
                    "context.has_" + prefix + "branch && context." + prefix + "branch_is_protected";
                case UNPROTECTED ->
                    "context.has_"
                        + prefix
                        + "branch && !context."
                        + prefix
                        + "branch_is_protected";
              };
            })
            .map(c -> " when { " + c + " }")
            .orElse("");
    return "permit(principal in "
        + GROUP.of(rule.group()).toCedarExpr()
        + ", action == "
        + ACTION.of(action.wireName()).toCedarExpr()
        + ", resource == "
        + resource.toCedarExpr()
        + ")"
        + condition
        + ";";
  }

  PolicyBundle bundle() {
    return bundle;
  }

  /**
   * Whether {@code actor} may do {@code request}; the allowing rule is the smallest id among those
   * whose permits matched.
   *
   * @throws HttpFailure (500) if Cedar fails to evaluate
   */
  PolicyDecision decide(String actor, PolicyRequest request) {
    String action = request.action().wireName();
    List<String> groups = bundle.groupsOf(actor);
    if (groups.isEmpty()) {
      return PolicyDecision.deny(
          "policy denied action '"
              + action
              + "' for unknown actor '"
              + actor
              + "' on "
              + resourceLabel
              + ": the actor is in no group of policy "
              + bundle.source());
    }
    EntityUID principal = ACTOR.of(actor);
    Set<EntityUID> parents = new HashSet<>();
    Set<Entity> entities = new HashSet<>();
    for (String g : groups) {
      EntityUID group = GROUP.of(g);
      parents.add(group);
      entities.add(new Entity(group));
    }
    entities.add(new Entity(principal, new HashMap<>(), parents));
    entities.add(new Entity(resource));
    Map<String, Value> context = new HashMap<>();
    Optional<String> branch = request.branch();
    Optional<String> target = request.targetBranch();
    context.put("has_branch", new PrimBool(branch.isPresent()));
    context.put("branch", new PrimString(branch.orElse("")));
    context.put("has_target_branch", new PrimBool(target.isPresent()));
    context.put("target_branch", new PrimString(target.orElse("")));
    context.put(
        "branch_is_protected",
        new PrimBool(branch.filter(bundle.protectedBranches()::contains).isPresent()));
    context.put(
        "target_branch_is_protected",
        new PrimBool(target.filter(bundle.protectedBranches()::contains).isPresent()));
    AuthorizationResponse response;
    try {
      response =
          engine.isAuthorized(
              new AuthorizationRequest(principal, ACTION.of(action), resource, context),
              policies,
              entities);
    } catch (AuthException e) {
      throw evaluationFailed(e.getMessage());
    }
    AuthorizationSuccessResponse success =
        response.success.orElseThrow(() -> evaluationFailed(response.toString()));
    if (!success.getErrors().isEmpty()) {
      throw evaluationFailed(success.getErrors().toString());
    }
    if (!success.isAllowed()) {
      return PolicyDecision.deny(
          "policy denied action '"
              + action
              + "' for actor '"
              + actor
              + "' on "
              + resourceLabel
              + branch.map(b -> " (branch '" + b + "')").orElse("")
              + target.map(b -> " (target branch '" + b + "')").orElse(""));
    }
    List<String> rules = new ArrayList<>();
    for (String policyId : success.getReason()) {
      int colon = policyId.lastIndexOf(':');
      rules.add(colon < 0 ? policyId : policyId.substring(0, colon));
    }
    return PolicyDecision.allow(rules.stream().sorted().findFirst());
  }

  private static HttpFailure evaluationFailed(String detail) {
    return new HttpFailure(500, ErrorCode.INTERNAL, "policy evaluation failed: " + detail);
  }

  private static EntityTypeName typeName(String name) {
    return EntityTypeName.parse(name)
        .orElseThrow(() -> new IllegalStateException("not a Cedar type name: " + name));
  }
}

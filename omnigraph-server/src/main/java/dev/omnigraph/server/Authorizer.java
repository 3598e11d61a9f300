package dev.omnigraph.server;

import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every action the server is asked to do, by runtime state: open mode allows every
 * per-graph action; default-deny allows only {@code read}; with policies Cedar decides, and a graph
 * without a bundle falls back to default-deny. {@code graph_list} needs the server bundle in every
 * state. Each decision is logged.
 */
final class Authorizer {
  private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);

  private final RuntimeState state;
  private final Map<String, CedarPolicy> graphPolicies;
  private final Optional<CedarPolicy> serverPolicy;

  Authorizer(
      RuntimeState state, Map<String, CedarPolicy> graphPolicies, Optional<CedarPolicy> server) {
    this.state = state;
    this.graphPolicies = Map.copyOf(graphPolicies);
    this.serverPolicy = server;
  }

  RuntimeState state() {
    return state;
  }

  /**
   * Whether {@code actor} (absent in open mode) may do {@code request} on graph {@code graphId}, or
   * on the server when {@code graphId} is absent.
   */
  PolicyDecision decide(Optional<String> actor, Optional<String> graphId, PolicyRequest request) {
    PolicyDecision decision = decision(actor, graphId, request);
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "policy decision: actor={} action={} graph={} branch={} target_branch={} allowed={}"
              + " matched_rule={}",
          actor.orElse("-"),
          request.action().wireName(),
          graphId.orElse("-"),
          request.branch().orElse("-"),
          request.targetBranch().orElse("-"),
          decision.allowed(),
          decision.matchedRule().orElse("-"));
    }
    return decision;
  }

  private PolicyDecision decision(
      Optional<String> actor, Optional<String> graphId, PolicyRequest request) {
    String action = request.action().wireName();
    if (request.action().resource() == PolicyAction.Resource.SERVER) {
      if (serverPolicy.isEmpty() || actor.isEmpty()) {
        return PolicyDecision.deny(
            "policy denied action '"
                + action
                + "': no server policy bundle is configured; start the server with"
                + " --server-policy <file> granting "
                + action
                + " to the caller's group");
      }
      return serverPolicy.get().decide(actor.get(), request);
    }
    String graph =
        graphId.orElseThrow(() -> new IllegalArgumentException(action + " needs a graph"));
    return switch (state) {
      case OPEN -> PolicyDecision.allow(Optional.empty());
      case DEFAULT_DENY -> defaultDeny(actor, request, "no policy bundle is configured");
      case POLICY_ENABLED -> {
        CedarPolicy policy = graphPolicies.get(graph);
        yield policy == null
            ? defaultDeny(actor, request, "no policy bundle applies to graph '" + graph + "'")
            : policy.decide(
                actor.orElseThrow(
                    () -> new IllegalStateException("policies are enforced only with an actor")),
                request);
      }
    };
  }

  private static PolicyDecision defaultDeny(
      Optional<String> actor, PolicyRequest request, String why) {
    if (request.action() == PolicyAction.READ) {
      return PolicyDecision.allow(Optional.empty());
    }
    return PolicyDecision.deny(
        "policy denied action '"
            + request.action().wireName()
            + "'"
            + actor.map(a -> " for actor '" + a + "'").orElse("")
            + ": default-deny ("
            + why
            + "; only read is allowed)");
  }
}

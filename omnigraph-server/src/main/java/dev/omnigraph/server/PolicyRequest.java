package dev.omnigraph.server;

import java.util.Optional;

/**
 * What a policy decides on besides actor and action: the branch a request reads or writes and the
 * branch it targets (created, deleted, merged into), either absent.
 */
record PolicyRequest(PolicyAction action, Optional<String> branch, Optional<String> targetBranch) {
  static PolicyRequest of(PolicyAction action) {
    return new PolicyRequest(action, Optional.empty(), Optional.empty());
  }

  static PolicyRequest onBranch(PolicyAction action, String branch) {
    return new PolicyRequest(action, Optional.of(branch), Optional.empty());
  }
}

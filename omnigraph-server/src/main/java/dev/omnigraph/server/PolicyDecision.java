package dev.omnigraph.server;

import java.util.Optional;

/**
 * A policy's answer: allowed or not, the rule that allowed it (the smallest matching rule id), and
 * for a denial the message the caller sees.
 */
record PolicyDecision(boolean allowed, Optional<String> matchedRule, String message) {
  static PolicyDecision allow(Optional<String> rule) {
    return new PolicyDecision(true, rule, "allowed");
  }

  static PolicyDecision deny(String message) {
    return new PolicyDecision(false, Optional.empty(), message);
  }
}

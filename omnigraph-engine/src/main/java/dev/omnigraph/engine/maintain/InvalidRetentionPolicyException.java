package dev.omnigraph.engine.maintain;

/** A retention policy for cleanup that is missing or out of range; the message names the fix. */
public final class InvalidRetentionPolicyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidRetentionPolicyException(String message) {
    super(message);
  }
}

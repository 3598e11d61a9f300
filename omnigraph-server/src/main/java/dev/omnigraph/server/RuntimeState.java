package dev.omnigraph.server;

/**
 * How requests are authorized, fixed at start-up from whether tokens and policy bundles are
 * configured.
 */
enum RuntimeState {
  /** No tokens, started with {@code --unauthenticated}: every per-graph action is allowed. */
  OPEN,
  /** Tokens but no policy bundle: an authenticated actor may only {@code read}. */
  DEFAULT_DENY,
  /** Tokens and at least one policy bundle: Cedar decides (default-deny where none applies). */
  POLICY_ENABLED;

  /**
   * The state for this configuration.
   *
   * @throws ServerBootException for policy without tokens, or neither tokens nor the flag
   */
  static RuntimeState classify(boolean tokens, boolean policy, boolean unauthenticated) {
    if (policy && !tokens) {
      throw new ServerBootException(
          "a policy file is configured but no bearer tokens are: policies name actors, and actors"
              + " come only from tokens; set "
              + BearerTokens.TOKENS_FILE_ENV
              + " (or "
              + BearerTokens.TOKEN_ENV
              + ") or drop the policy");
    }
    if (tokens) {
      return policy ? POLICY_ENABLED : DEFAULT_DENY;
    }
    if (!unauthenticated) {
      throw new ServerBootException(
          "no bearer tokens are configured: set "
              + BearerTokens.TOKENS_FILE_ENV
              + " (or "
              + BearerTokens.TOKEN_ENV
              + ") to require authentication, or pass --unauthenticated to serve every caller"
              + " without it");
    }
    return OPEN;
  }
}

package dev.omnigraph.cli;

import dev.omnigraph.api.ErrorOutput;
import java.util.Objects;

/**
 * A server answered a request with an error: its HTTP status and its error envelope, whose message
 * the CLI prints as it would print the same failure found locally.
 */
final class ServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient ErrorOutput envelope;

  ServerException(int status, ErrorOutput envelope) {
    super(envelope.error(), null, false, false);
    this.status = status;
    this.envelope = Objects.requireNonNull(envelope, "envelope");
  }

  int status() {
    return status;
  }

  ErrorOutput envelope() {
    return envelope;
  }
}

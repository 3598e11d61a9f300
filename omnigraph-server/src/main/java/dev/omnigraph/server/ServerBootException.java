package dev.omnigraph.server;

/**
 * The server refused to start: bad flags, token or policy configuration, or no graph it could
 * serve. The message names the problem and the fix.
 */
public final class ServerBootException extends RuntimeException {
  ServerBootException(String message) {
    super(message);
  }

  ServerBootException(String message, Throwable cause) {
    super(message, cause);
  }
}

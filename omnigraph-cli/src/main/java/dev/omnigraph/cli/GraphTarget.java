package dev.omnigraph.cli;

import dev.omnigraph.engine.S3Settings;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one graph a command works on, as a storage address (a path, {@code file://} or {@code s3://}
 * URI) exactly as the user or the operator config gave it.
 */
record GraphTarget(String uri) implements GraphAddress {
  GraphTarget {
    Objects.requireNonNull(uri, "uri");
  }

  /**
   * Whether the graph is on this machine: anything without {@code ://} or with {@code file://}.
   * Destructive verbs ask for confirmation only for the others.
   */
  @Override
  public boolean local() {
    return !uri.contains("://") || uri.toLowerCase(Locale.ROOT).startsWith("file://");
  }

  /** How the CLI reaches the graph, as the write-target echo says it. */
  @Override
  public String placement() {
    return local() ? "direct, local" : "direct, remote";
  }

  /** The S3 settings to reach it: the standard AWS variables for {@code s3://}, else unused. */
  S3Settings s3Settings(Map<String, String> variables) {
    return uri.toLowerCase(Locale.ROOT).startsWith("s3://")
        ? S3Settings.fromEnvironment(variables)
        : S3Settings.defaults();
  }
}

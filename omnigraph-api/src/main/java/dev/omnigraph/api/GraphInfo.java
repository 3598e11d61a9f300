package dev.omnigraph.api;

import java.util.Objects;

/**
 * One graph a server serves: the id that addresses it under {@code /graphs/{graph_id}} and where it
 * is stored.
 */
public record GraphInfo(String graphId, String uri) {
  public GraphInfo {
    Objects.requireNonNull(graphId, "graphId");
    Objects.requireNonNull(uri, "uri");
  }
}

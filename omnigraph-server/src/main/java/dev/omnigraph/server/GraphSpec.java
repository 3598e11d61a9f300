package dev.omnigraph.server;

import java.util.Objects;

/**
 * A graph to serve, as given by {@code --graph <id>=<uri>}: the id routes use and the storage
 * address (a local path, {@code file:} URI or {@code s3://bucket/prefix}).
 */
public record GraphSpec(String id, String uri) {
  public GraphSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(uri, "uri");
    GraphId.problem(id)
        .ifPresent(p -> {
          throw new ServerBootException(p);
        });
    if (uri.isBlank()) {
      throw new ServerBootException("graph '" + id + "' has an empty uri");
    }
  }
}

package dev.omnigraph.api;

import java.util.List;

/** The graphs a server is serving, sorted by graph id. */
public record GraphListResponse(List<GraphInfo> graphs) {
  public GraphListResponse {
    graphs = List.copyOf(graphs);
  }
}

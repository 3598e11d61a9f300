package dev.omnigraph.cli;

/**
 * Where a verb's graph is: its storage ({@link GraphTarget}), opened in-process, or a graph a
 * server serves ({@link ServerGraph}), reached over HTTP.
 */
sealed interface GraphAddress permits GraphTarget, ServerGraph {
  /** The address as messages and the write-target echo show it. */
  String uri();

  /** Whether the graph is on this machine; destructive verbs ask for confirmation otherwise. */
  boolean local();

  /** How the CLI reaches the graph, as the write-target echo says it. */
  String placement();
}

package dev.omnigraph.engine.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * The edges of one edge-table version indexed by endpoint: for each node id, the positions of the
 * edges leaving it and of the edges entering it, in scan order. Immutable once built, so one
 * instance can serve every query that reads that version.
 */
final class Adjacency {
  private static final int[] NONE = new int[0];

  private final LoadedTable edges;
  private final Object[] src;
  private final Object[] dst;
  private final Map<String, int[]> outgoing;
  private final Map<String, int[]> incoming;

  /**
   * Indexes {@code edges}, which holds at least the {@code id}, {@code src}, {@code dst} columns.
   */
  Adjacency(LoadedTable edges) {
    this.edges = edges;
    this.src = edges.column("src");
    this.dst = edges.column("dst");
    this.outgoing = index(src);
    this.incoming = index(dst);
  }

  private static Map<String, int[]> index(Object[] endpoint) {
    Map<String, Integer> counts = new HashMap<>();
    for (Object node : endpoint) {
      counts.merge((String) node, 1, Integer::sum);
    }
    Map<String, int[]> index = HashMap.newHashMap(counts.size());
    Map<String, Integer> filled = HashMap.newHashMap(counts.size());
    for (int e = 0; e < endpoint.length; e++) {
      String node = (String) endpoint[e];
      int[] slots = index.computeIfAbsent(node, n -> new int[counts.get(n)]);
      int at = filled.merge(node, 1, Integer::sum) - 1;
      slots[at] = e;
    }
    return index;
  }

  LoadedTable edges() {
    return edges;
  }

  /** The edges whose {@code src} is {@code node}, in scan order. */
  int[] outgoing(String node) {
    return outgoing.getOrDefault(node, NONE);
  }

  /** The edges whose {@code dst} is {@code node}, in scan order. */
  int[] incoming(String node) {
    return incoming.getOrDefault(node, NONE);
  }

  String src(int edge) {
    return (String) src[edge];
  }

  String dst(int edge) {
    return (String) dst[edge];
  }
}

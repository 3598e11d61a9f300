package dev.omnigraph.engine.exec;

import dev.omnigraph.lang.query.Direction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The two traversal semantics of spec §4.4, from one source node id: reachability (each node
 * reached within the hop bounds once, at its breadth-first hop) and edge rows (one match per edge
 * of a bound edge, one hop).
 */
final class Traversal {
  private static final int[][] NONE = new int[0][];

  private Traversal() {}

  /**
   * The ids reachable from {@code start} in {@code min..max} hops, in discovery order.
   * Breadth-first with a visited set: a node is reported once, at its first hop, and only if that
   * hop is within bounds. Over an edge whose ends have one type the start counts as visited, so a
   * cycle never reports it, but a stored self-loop reports the node it loops on; an edge between
   * two types cannot chain, so it goes one hop at most. A reached id the target table does not hold
   * (a dangling edge) is dropped by {@link #rowsOf}.
   */
  static List<String> reachableIds(
      Adjacency adjacency,
      Direction direction,
      boolean sameType,
      long min,
      long max,
      String start) {
    Set<String> visited = new HashSet<>();
    if (sameType) {
      visited.add(start);
    }
    Set<String> emitted = new LinkedHashSet<>();
    List<String> frontier = List.of(start);
    long hops = sameType ? max : Math.min(max, 1);
    for (long hop = 1; hop <= hops && !frontier.isEmpty(); hop++) {
      List<String> next = new ArrayList<>();
      for (String node : frontier) {
        for (String neighbour : neighbours(adjacency, direction, node)) {
          if (sameType && neighbour.equals(node)) {
            if (hop >= min) {
              emitted.add(neighbour);
            }
            continue;
          }
          if (!sameType || visited.add(neighbour)) {
            next.add(neighbour);
            if (hop >= min) {
              emitted.add(neighbour);
            }
          }
        }
      }
      frontier = next;
    }
    return List.copyOf(emitted);
  }

  /** The rows of {@code targets} holding {@code ids}, in that order, each as {@code {row}}. */
  static int[][] rowsOf(LoadedTable targets, List<String> ids) {
    List<int[]> out = new ArrayList<>();
    for (String id : ids) {
      for (int row : targets.rowsWithId(id)) {
        out.add(new int[] {row});
      }
    }
    return out.isEmpty() ? NONE : out.toArray(NONE);
  }

  private static List<String> neighbours(Adjacency adjacency, Direction direction, String node) {
    List<String> out = new ArrayList<>();
    if (direction != Direction.IN) {
      for (int e : adjacency.outgoing(node)) {
        out.add(adjacency.dst(e));
      }
    }
    if (direction != Direction.OUT) {
      for (int e : adjacency.incoming(node)) {
        out.add(adjacency.src(e));
      }
    }
    return out;
  }

  /** One edge at a traversal's start and the id of its other end. */
  record Hit(int edge, String id, String other) {}

  /**
   * The edges at {@code start} in {@code direction}, each with its other end: for {@link
   * Direction#BOTH} the outgoing edges then the incoming ones except self-loops (already counted).
   * Ordered by edge id, then other end, then scan position, so parallel edges come out in a stable
   * order.
   */
  static List<Hit> edgeHits(Adjacency adjacency, Direction direction, String start) {
    Object[] edgeIds = adjacency.edges().column("id");
    List<Hit> hits = new ArrayList<>();
    if (direction != Direction.IN) {
      for (int e : adjacency.outgoing(start)) {
        hits.add(new Hit(e, (String) edgeIds[e], adjacency.dst(e)));
      }
    }
    if (direction != Direction.OUT) {
      for (int e : adjacency.incoming(start)) {
        boolean selfLoop = adjacency.src(e).equals(adjacency.dst(e));
        if (direction == Direction.IN || !selfLoop) {
          hits.add(new Hit(e, (String) edgeIds[e], adjacency.src(e)));
        }
      }
    }
    hits.sort(
        Comparator.comparing(Hit::id, ValueOrder::compareStrings)
            .thenComparing(Hit::other, ValueOrder::compareStrings)
            .thenComparingInt(Hit::edge));
    return hits;
  }

  /**
   * One match {@code {targetRow, edge}} per hit whose other end {@code targets} holds, in order.
   */
  static int[][] rowsOfHits(LoadedTable targets, List<Hit> hits) {
    List<int[]> out = new ArrayList<>();
    for (Hit h : hits) {
      for (int row : targets.rowsWithId(h.other())) {
        out.add(new int[] {row, h.edge()});
      }
    }
    return out.isEmpty() ? NONE : out.toArray(NONE);
  }
}

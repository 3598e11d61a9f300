package dev.omnigraph.engine.write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one write does to one type's table, as validation needs it: the ids of the rows it adds or
 * replaces (coalesced, last wins) with where each came from, the ids it deletes, and for the checks
 * against the graph the endpoints of fresh edges and the unique-group values of fresh rows. Holds
 * ids, endpoints and unique values, never whole rows: O(fresh rows) small strings.
 */
final class TableChange {
  /** How the fresh rows meet the rows the table already holds. */
  enum Mode {
    /** Strict insert: every fresh id must be new. */
    ADD,
    /** Upsert: a fresh row replaces the held row with its id. */
    UPSERT,
    /** The fresh rows become the table's whole content. */
    REPLACE_ALL
  }

  /** Where a fresh row came from, for messages: a line of a load, or none (0). */
  static final int NO_ORIGIN = 0;

  final TypeTable table;
  final Mode mode;
  final Map<String, Integer> fresh = new HashMap<>();
  final Set<String> deleted = new HashSet<>();
  // Edge tables: fresh id -> {src, dst}.
  final Map<String, String[]> ends = new HashMap<>();
  // Unique groups other than a node's @key (which is its id): group columns and positions, and
  // per group the fresh tuple -> id, plus each fresh id's tuples so a superseded row's go away.
  final List<List<String>> groups = new ArrayList<>();
  private final List<int[]> groupPositions = new ArrayList<>();
  final List<Map<List<Object>, String>> tuples = new ArrayList<>();
  private final Map<String, List<Object>[]> tuplesOf = new HashMap<>();

  TableChange(TypeTable table, Mode mode) {
    this.table = table;
    this.mode = mode;
    List<List<String>> all = table.uniqueGroups();
    boolean keyed = table.node().map(n -> n.isKeyed()).orElse(false);
    for (int g = keyed ? 1 : 0; g < all.size(); g++) {
      List<String> columns = all.get(g);
      groups.add(columns);
      groupPositions.add(columns.stream().mapToInt(table::position).toArray());
      tuples.add(new HashMap<>());
    }
  }

  boolean isEmpty() {
    return fresh.isEmpty() && deleted.isEmpty() && mode != Mode.REPLACE_ALL;
  }

  /**
   * Records fresh row {@code row} (cells in table order; its id first) from {@code origin}; a row
   * with an id already recorded supersedes it. With {@code sameBatch}, a unique tuple seen before
   * is a violation even on the same id (one input listing a value twice); otherwise only when
   * another id holds it.
   */
  void addFresh(Object[] row, int origin, boolean sameBatch) {
    String id = (String) row[0];
    List<Object>[] old = tuplesOf.remove(id);
    if (old != null) {
      for (int g = 0; g < old.length; g++) {
        if (old[g] != null && !sameBatch) {
          tuples.get(g).remove(old[g]);
        }
      }
    }
    @SuppressWarnings({"unchecked", "rawtypes"}) // generic array of per-group tuples
    List<Object>[] mine = new List[groups.size()];
    for (int g = 0; g < groups.size(); g++) {
      List<Object> tuple = tuple(row, groupPositions.get(g));
      if (tuple == null) {
        continue;
      }
      String holder = tuples.get(g).get(tuple);
      if (holder != null && (sameBatch || !holder.equals(id))) {
        throw new IllegalArgumentException(uniqueViolation(g, tuple, holder, id));
      }
      tuples.get(g).put(tuple, id);
      mine[g] = tuple;
    }
    if (!groups.isEmpty()) {
      tuplesOf.put(id, mine);
    }
    fresh.put(id, origin);
    if (!table.isNode()) {
      ends.put(id, new String[] {(String) row[1], (String) row[2]});
    }
  }

  /** The tuple of a group in {@code row}, or null when any member is null (exempt). */
  static List<Object> tuple(Object[] row, int[] positions) {
    Object[] values = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      Object v = row[positions[i]];
      if (v == null) {
        return null;
      }
      values[i] = v instanceof byte[] b ? List.of(Arrays.toString(b)) : v;
    }
    return List.of(values);
  }

  /** Each fresh id's final tuple of group {@code group} (superseded rows left out). */
  Map<List<Object>, String> finalTuples(int group) {
    Map<List<Object>, String> out = new HashMap<>();
    tuplesOf.forEach((id, mine) -> {
      if (mine[group] != null) {
        out.put(mine[group], id);
      }
    });
    return out;
  }

  int[] positions(int group) {
    return groupPositions.get(group);
  }

  String uniqueViolation(int group, List<Object> tuple, String first, String second) {
    List<String> columns = groups.get(group);
    String shown =
        tuple.size() == 1
            ? "'" + show(tuple.getFirst()) + "'"
            : "(" + String.join(", ", tuple.stream().map(v -> "'" + show(v) + "'").toList()) + ")";
    return "@unique violation on "
        + table.name()
        + "."
        + (columns.size() == 1 ? columns.getFirst() : "(" + String.join(", ", columns) + ")")
        + ": value "
        + shown
        + " held by '"
        + first
        + "' and '"
        + second
        + "'";
  }

  private static String show(Object v) {
    return WriteValues.echo(String.valueOf(WriteValues.toJson(v)));
  }
}

package dev.omnigraph.engine.write;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.schema.Cardinality;
import dev.omnigraph.lang.schema.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The checks of a whole change against exactly the state it lands on (§5.5), after each row passed
 * {@link RowRules}: strict inserts of held ids, {@code @unique} against held rows, edge endpoints
 * (and edges a table replacement would orphan), and {@code @card} per affected source node. Reads
 * only the columns it needs, one batch at a time; what it keeps is O(fresh rows) plus, for an edge
 * type with a cardinality bound, one counter per distinct source node.
 */
final class ChangeValidation {
  private record Need(String role, String edgeType, int origin) {}

  private final GraphTypes types;
  private final CommitRecord base;
  private final Tables tables;
  private final Map<String, TableChange> changes;
  private final Set<String> reads = new HashSet<>();

  private ChangeValidation(
      GraphTypes types, CommitRecord base, Tables tables, Map<String, TableChange> changes) {
    this.types = types;
    this.base = base;
    this.tables = tables;
    this.changes = changes;
  }

  /**
   * Validates {@code changes} (by table key) on {@code base}, returning the keys of the tables it
   * read; throws {@link WriteRejectedException} at the first violation.
   */
  static Set<String> validate(
      GraphTypes types, CommitRecord base, Tables tables, Map<String, TableChange> changes) {
    ChangeValidation v = new ChangeValidation(types, base, tables, changes);
    v.keyConflicts();
    for (TableChange c : changes.values()) {
      if (c.table.isNode()) {
        v.uniqueAgainstHeld(c);
      }
    }
    for (TableChange c : changes.values()) {
      if (!c.table.isNode()) {
        v.uniqueAgainstHeld(c);
      }
    }
    v.endpoints();
    v.orphans();
    v.cardinality();
    return Set.copyOf(v.reads);
  }

  private TableChange change(TypeTable t) {
    return changes.get(t.key());
  }

  private void keyConflicts() {
    for (TableChange c : changes.values()) {
      if (c.mode != TableChange.Mode.ADD || c.fresh.isEmpty()) {
        continue;
      }
      scan(
          c.table,
          List.of(Catalog.ID_COLUMN),
          row -> {
            String id = (String) row[0];
            Integer origin = c.fresh.get(id);
            if (origin != null) {
              String kind = c.table.isNode() ? "node" : "edge";
              throw WriteRejectedException.keyConflict(
                  at(origin)
                      + kind
                      + " type '"
                      + c.table.name()
                      + "' already has this id: '"
                      + WriteValues.echo(id)
                      + "'; an append inserts only new ids (load with mode merge to replace)",
                  new WriteRejectedException.Entity(kind, c.table.name(), id));
            }
          });
    }
  }

  private void uniqueAgainstHeld(TableChange c) {
    if (c.groups.isEmpty() || c.fresh.isEmpty() || c.mode == TableChange.Mode.REPLACE_ALL) {
      return;
    }
    List<Map<List<Object>, String>> finals = new ArrayList<>();
    Set<String> columns = new java.util.LinkedHashSet<>();
    columns.add(Catalog.ID_COLUMN);
    for (int g = 0; g < c.groups.size(); g++) {
      finals.add(c.finalTuples(g));
      columns.addAll(c.groups.get(g));
    }
    scan(
        c.table,
        List.copyOf(columns),
        row -> {
          String id = (String) row[0];
          if (c.fresh.containsKey(id) || c.deleted.contains(id)) {
            return;
          }
          for (int g = 0; g < c.groups.size(); g++) {
            List<Object> tuple = TableChange.tuple(row, c.positions(g));
            String holder = tuple == null ? null : finals.get(g).get(tuple);
            if (holder != null) {
              throw WriteRejectedException.invalid(
                  at(c.fresh.get(holder)) + c.uniqueViolation(g, tuple, id, holder));
            }
          }
        });
  }

  private void endpoints() {
    Map<String, Map<String, Need>> needed = new TreeMap<>();
    for (TableChange c : changes.values()) {
      if (c.table.isNode() || c.ends.isEmpty()) {
        continue;
      }
      Catalog.EdgeType e = c.table.edge().orElseThrow();
      TableChange from = change(types.node(e.fromType()));
      TableChange to = change(types.node(e.toType()));
      c.ends.forEach((id, ends) -> {
        int origin = c.fresh.get(id);
        if (from == null || !from.fresh.containsKey(ends[0])) {
          needed
              .computeIfAbsent(e.fromType(), k -> new LinkedHashMap<>())
              .putIfAbsent(ends[0], new Need("src", e.name(), origin));
        }
        if (to == null || !to.fresh.containsKey(ends[1])) {
          needed
              .computeIfAbsent(e.toType(), k -> new LinkedHashMap<>())
              .putIfAbsent(ends[1], new Need("dst", e.name(), origin));
        }
      });
    }
    for (Map.Entry<String, Map<String, Need>> e : needed.entrySet()) {
      TypeTable node = types.node(e.getKey());
      Map<String, Need> missing = e.getValue();
      TableChange held = change(node);
      if (held != null && held.mode == TableChange.Mode.REPLACE_ALL) {
        throw notFound(node, missing.entrySet().iterator().next());
      }
      for (Map.Entry<String, Need> m : missing.entrySet()) {
        if (held != null && held.deleted.contains(m.getKey())) {
          throw notFound(node, m);
        }
      }
      scan(node, List.of(Catalog.ID_COLUMN), row -> missing.remove((String) row[0]));
      if (!missing.isEmpty()) {
        throw notFound(node, missing.entrySet().iterator().next());
      }
    }
  }

  private WriteRejectedException notFound(TypeTable node, Map.Entry<String, Need> missing) {
    Need need = missing.getValue();
    return WriteRejectedException.invalid(
        at(need.origin())
            + "edge "
            + need.edgeType()
            + ": "
            + need.role()
            + " '"
            + WriteValues.echo(missing.getKey())
            + "' not found in "
            + node.name());
  }

  // A replaced node table drops every held node it does not list again; held edges of other
  // tables that still point at one would dangle.
  private void orphans() {
    for (TableChange nodes : changes.values()) {
      if (!nodes.table.isNode() || nodes.mode != TableChange.Mode.REPLACE_ALL) {
        continue;
      }
      String type = nodes.table.name();
      for (TypeTable edge : types.edgesTouching(type)) {
        TableChange edges = change(edge);
        if (edges != null && edges.mode == TableChange.Mode.REPLACE_ALL) {
          continue;
        }
        Catalog.EdgeType e = edge.edge().orElseThrow();
        scan(
            edge,
            List.of(Catalog.ID_COLUMN, Catalog.SRC_COLUMN, Catalog.DST_COLUMN),
            row -> {
              String id = (String) row[0];
              if (edges != null && (edges.fresh.containsKey(id) || edges.deleted.contains(id))) {
                return;
              }
              for (int end = 1; end <= 2; end++) {
                String node = (String) row[end];
                boolean atThisType = (end == 1 ? e.fromType() : e.toType()).equals(type);
                if (atThisType && !nodes.fresh.containsKey(node)) {
                  throw WriteRejectedException.invalid(
                      "edge "
                          + e.name()
                          + " '"
                          + WriteValues.echo(id)
                          + "' is kept but its "
                          + (end == 1 ? "src" : "dst")
                          + " '"
                          + WriteValues.echo(node)
                          + "' not found in "
                          + type
                          + " after this overwrite; include the edge table in the load or keep"
                          + " the node");
                }
              }
            });
      }
    }
  }

  private void cardinality() {
    for (TableChange c : changes.values()) {
      if (c.table.isNode() || c.isEmpty()) {
        continue;
      }
      Catalog.EdgeType e = c.table.edge().orElseThrow();
      Cardinality card = e.cardinality();
      if (card.isDefault()) {
        continue;
      }
      Map<String, Long> freshCount = new HashMap<>();
      Map<String, Integer> origins = new HashMap<>();
      c.ends.forEach((id, ends) -> {
        freshCount.merge(ends[0], 1L, Long::sum);
        origins.putIfAbsent(ends[0], c.fresh.get(id));
      });
      Set<String> affected = new HashSet<>(freshCount.keySet());
      Map<String, Long> held = new HashMap<>();
      boolean replaceAll = c.mode == TableChange.Mode.REPLACE_ALL;
      scan(
          c.table,
          List.of(Catalog.ID_COLUMN, Catalog.SRC_COLUMN),
          row -> {
            String id = (String) row[0];
            String src = (String) row[1];
            if (replaceAll || c.fresh.containsKey(id) || c.deleted.contains(id)) {
              affected.add(src);
            } else {
              held.merge(src, 1L, Long::sum);
            }
          });
      TableChange sources = change(types.node(e.fromType()));
      for (String src : new java.util.TreeSet<>(affected)) {
        if (sources != null
            && (sources.deleted.contains(src)
                || (sources.mode == TableChange.Mode.REPLACE_ALL
                    && !sources.fresh.containsKey(src)))) {
          continue;
        }
        long count = held.getOrDefault(src, 0L) + freshCount.getOrDefault(src, 0L);
        String bound = null;
        if (card.max().isPresent() && count > card.max().getAsLong()) {
          bound = "max " + card.max().getAsLong();
        } else if (count < card.min()) {
          bound = "min " + card.min();
        }
        if (bound != null) {
          throw WriteRejectedException.invalid(
              at(origins.getOrDefault(src, TableChange.NO_ORIGIN))
                  + "@card violation on edge "
                  + e.name()
                  + ": source '"
                  + WriteValues.echo(src)
                  + "' has "
                  + count
                  + " edges ("
                  + bound
                  + ")");
        }
      }
    }
  }

  private void scan(TypeTable table, List<String> columns, Consumer<Object[]> visit) {
    reads.add(table.key());
    HeldRows.scan(tables, base, table, columns, visit);
  }

  static String at(Integer origin) {
    return origin == null || origin == TableChange.NO_ORIGIN ? "" : "line " + origin + ": ";
  }
}

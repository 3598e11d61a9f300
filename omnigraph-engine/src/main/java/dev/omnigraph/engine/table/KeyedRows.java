package dev.omnigraph.engine.table;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.FragmentMetadata;
import org.lance.ipc.ScanOptions;

/**
 * Finds and removes rows by the value of a string key column. Keys are matched in Java against a
 * scan of the key column with row addresses, never through a SQL filter built from user values, so
 * any key (quotes, backslashes, SQL keywords) matches exactly itself.
 */
final class KeyedRows {
  private KeyedRows() {}

  /** The keys that matched at least one row, and the physical offsets of every matching row. */
  record Matches(Set<String> keys, SortedMap<Integer, List<Integer>> offsetsByFragment) {
    boolean isEmpty() {
      return offsetsByFragment.isEmpty();
    }

    long rows() {
      return offsetsByFragment.values().stream().mapToLong(List::size).sum();
    }
  }

  /**
   * The fragments left after a removal: those that keep some rows (with a new deletion file) and
   * the ids of those that keep none.
   */
  record Removal(List<FragmentMetadata> updated, List<Long> removed) {}

  /** Refuses a key column the table lacks or that is not a non-list string column. */
  static void requireKeyColumn(Schema schema, String keyColumn, String where) {
    Field field =
        SchemaFit.field(schema, keyColumn)
            .orElseThrow(() ->
                TableException.invalid(
                    where,
                    "the table has no key column '" + keyColumn + "'; columns: " + names(schema)));
    if (!(field.getType() instanceof ArrowType.Utf8)) {
      throw TableException.invalid(
          where,
          "key column '"
              + keyColumn
              + "' is "
              + field.getType()
              + "; keyed writes need a string (Utf8) key column");
    }
  }

  /**
   * The keys of {@code rows} in row order; refuses a null key and a key given twice, since which of
   * two rows with one key should win is not defined.
   */
  static SequencedSet<String> keysOf(VectorSchemaRoot rows, String keyColumn, String where) {
    FieldVector vector = rows.getVector(keyColumn);
    if (!(vector instanceof VarCharVector keys)) {
      throw TableException.invalid(where, "the rows have no string column '" + keyColumn + "'");
    }
    SequencedSet<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < rows.getRowCount(); i++) {
      if (keys.isNull(i)) {
        throw TableException.invalid(
            where, "row " + (i + 1) + " has no value for key column '" + keyColumn + "'");
      }
      String key = new String(keys.get(i), StandardCharsets.UTF_8);
      if (!seen.add(key)) {
        throw TableException.invalid(
            where,
            "key '" + key + "' appears more than once in the rows; give each key once per write");
      }
    }
    return seen;
  }

  /** Every row of {@code ds} whose {@code keyColumn} value is one of {@code keys}. */
  static Matches find(Dataset ds, String keyColumn, Set<String> keys) throws Exception {
    ScanOptions options =
        new ScanOptions.Builder().columns(List.of(keyColumn)).withRowAddress(true).build();
    Set<String> matched = new HashSet<>();
    SortedMap<Integer, List<Integer>> offsets = new TreeMap<>();
    Scans.forEachBatch(
        ds,
        options,
        batch -> {
          VarCharVector values = (VarCharVector) batch.getVector(keyColumn);
          UInt8Vector addresses = (UInt8Vector) batch.getVector(Scans.ROW_ADDRESS);
          for (int i = 0; i < batch.getRowCount(); i++) {
            if (values.isNull(i)) {
              continue;
            }
            String key = new String(values.get(i), StandardCharsets.UTF_8);
            if (keys.contains(key)) {
              matched.add(key);
              long address = addresses.get(i);
              offsets
                  .computeIfAbsent(Scans.fragmentOf(address), k -> new ArrayList<>())
                  .add(Scans.offsetOf(address));
            }
          }
        });
    return new Matches(Set.copyOf(matched), offsets);
  }

  /**
   * Writes a deletion file per fragment for the given physical offsets (uncommitted: no version
   * names it yet); a fragment left with no row goes to the removed ids instead.
   */
  static Removal remove(Dataset ds, Map<Integer, List<Integer>> offsetsByFragment) {
    List<FragmentMetadata> updated = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : offsetsByFragment.entrySet()) {
      // deleteRows returns null when no row of the fragment would be left.
      FragmentMetadata after = ds.getFragment(e.getKey()).deleteRows(e.getValue());
      if (after == null) {
        removed.add(e.getKey().longValue());
      } else {
        updated.add(after);
      }
    }
    return new Removal(List.copyOf(updated), List.copyOf(removed));
  }

  private static List<String> names(Schema schema) {
    return schema.getFields().stream().map(Field::getName).toList();
  }
}

package dev.omnigraph.engine.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * The rows of one table version that a query read, held as one array of Java values per loaded
 * column; rows are addressed by their position in the scan.
 */
final class LoadedTable {
  private static final int[] NO_ROWS = new int[0];

  private final String typeName;
  private final int rowCount;
  private final Map<String, Object[]> columns;
  private Map<String, int[]> rowsById;

  LoadedTable(String typeName, int rowCount, Map<String, Object[]> columns) {
    this.typeName = typeName;
    this.rowCount = rowCount;
    this.columns = Map.copyOf(columns);
    for (Map.Entry<String, Object[]> c : this.columns.entrySet()) {
      if (c.getValue().length != rowCount) {
        throw new IllegalArgumentException(
            "column "
                + c.getKey()
                + " has "
                + c.getValue().length
                + " values for "
                + rowCount
                + " rows");
      }
    }
  }

  /** A table of type {@code typeName} with no rows and the columns {@code columns}. */
  static LoadedTable empty(String typeName, Iterable<String> columns) {
    Map<String, Object[]> none = new HashMap<>();
    for (String c : columns) {
      none.put(c, new Object[0]);
    }
    return new LoadedTable(typeName, 0, none);
  }

  String typeName() {
    return typeName;
  }

  int rowCount() {
    return rowCount;
  }

  /** The values of {@code name}; the query planned to load it. */
  Object[] column(String name) {
    Object[] values = columns.get(name);
    if (values == null) {
      throw new IllegalStateException(
          "column " + typeName + "." + name + " was not loaded; the read plan missed it");
    }
    return values;
  }

  /**
   * The rows whose {@code id} is {@code id}, in scan order: one for a well-formed table, none for
   * an id the table does not hold (a dangling edge end).
   */
  int[] rowsWithId(String id) {
    if (rowsById == null) {
      Object[] ids = column("id");
      Map<String, int[]> index = HashMap.newHashMap(rowCount);
      for (int row = 0; row < rowCount; row++) {
        index.merge((String) ids[row], new int[] {row}, LoadedTable::concat);
      }
      rowsById = index;
    }
    return rowsById.getOrDefault(id, NO_ROWS);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

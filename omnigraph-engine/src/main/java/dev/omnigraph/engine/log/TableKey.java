package dev.omnigraph.engine.log;

/** The key of a type's table in commit records: by type id, not name, so a rename keeps the key. */
public final class TableKey {
  private TableKey() {}

  /** The key of node type {@code typeId}'s table. */
  public static String node(long typeId) {
    return "node:" + typeId;
  }

  /** The key of edge type {@code typeId}'s table. */
  public static String edge(long typeId) {
    return "edge:" + typeId;
  }
}

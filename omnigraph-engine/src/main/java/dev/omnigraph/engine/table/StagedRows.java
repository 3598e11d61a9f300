package dev.omnigraph.engine.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.FragmentMetadata;

/**
 * Row batches written as data files of one table that no version names yet, accumulated batch by
 * batch so a large write never holds more than one batch in memory; {@link Tables#commitStaged}
 * names them in a detached version, as often as needed (the files are reusable on any base).
 */
public final class StagedRows {
  private final String path;
  private final List<FragmentMetadata> fragments = new ArrayList<>();
  private long rows;
  private Schema schema;

  StagedRows(String path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  /** The table path the files belong to. */
  public String path() {
    return path;
  }

  /** How many rows were staged, in the order they were added. */
  public synchronized long rows() {
    return rows;
  }

  /** The schema of the staged rows, once a batch was added. */
  synchronized Schema schema() {
    return schema;
  }

  // Every batch must share one schema: the commit checks that one against the table's.
  synchronized void requireSchema(Schema batch) {
    if (schema == null) {
      schema = batch;
    } else if (!schema.equals(batch)) {
      throw new IllegalArgumentException(
          "rows staged for table "
              + path
              + " must all have one schema: "
              + schema
              + " vs "
              + batch);
    }
  }

  synchronized void add(List<FragmentMetadata> written, long count) {
    fragments.addAll(written);
    rows += count;
  }

  synchronized List<FragmentMetadata> fragments() {
    return List.copyOf(fragments);
  }
}

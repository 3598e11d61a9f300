package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;

/**
 * One table version held open for several batch scans, so a read that scans a table more than once
 * (each variable of a type with its own filter) pays one open; close it when the read ends.
 */
public final class OpenTable implements AutoCloseable {
  private final Tables tables;
  private final TableVersion version;
  private final Dataset dataset;
  private boolean closed;

  OpenTable(Tables tables, TableVersion version, Dataset dataset) {
    this.tables = tables;
    this.version = version;
    this.dataset = dataset;
  }

  /** The version this handle reads. */
  public TableVersion version() {
    return version;
  }

  /**
   * Streams the rows that pass {@code filter}, projected to {@code columns}, exactly as {@link
   * Tables#scanBatches} does on this version, without opening it again.
   *
   * @throws IllegalStateException if this handle is closed
   */
  public void scanBatches(
      List<String> columns, Optional<ScanFilter> filter, Consumer<VectorSchemaRoot> batches) {
    if (closed) {
      throw new IllegalStateException("table " + version.path() + " was closed for scans");
    }
    tables.scanOpen(dataset, version, columns, filter, batches);
  }

  /** The open dataset, for the table package's writes on this version. */
  Dataset dataset() {
    if (closed) {
      throw new IllegalStateException("table " + version.path() + " was closed");
    }
    return dataset;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      tables.closeOpen(dataset, version);
    }
  }
}

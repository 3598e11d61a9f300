package dev.omnigraph.engine.table;

import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance.Dataset;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/** Scans of an open table version that close everything they open. */
final class Scans {
  /** The column Lance adds for {@code withRowAddress(true)}: fragment id, then physical offset. */
  static final String ROW_ADDRESS = "_rowaddr";

  private Scans() {}

  /**
   * Streams a scan's batches to {@code sink} and closes both the scanner and its reader, since an
   * unclosed reader leaks Arrow memory that only shows up when the allocator closes.
   */
  // "try": LanceScanner.close() is declared to throw Exception (hence InterruptedException); the
  // caller's catch-all in Tables.lance() classifies whatever it throws, and the thread is ours.
  @SuppressWarnings("try")
  static void forEachBatch(Dataset ds, ScanOptions options, Consumer<VectorSchemaRoot> sink)
      throws Exception {
    try (LanceScanner scanner = ds.newScan(options);
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        sink.accept(reader.getVectorSchemaRoot());
      }
    }
  }

  /** The fragment id of a row address (its high 32 bits). */
  static int fragmentOf(long rowAddress) {
    return (int) (rowAddress >>> 32);
  }

  /** The physical offset inside its fragment of a row address (its low 32 bits). */
  static int offsetOf(long rowAddress) {
    return (int) rowAddress;
  }
}

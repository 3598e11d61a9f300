package dev.omnigraph.server;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.api.ResourceLimitOutput;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one live export per graph: a second one while the first still streams is refused with 413
 * and the {@code stream_export_slots} resource limit, as upstream does, so one slow reader cannot
 * pin several cuts of one graph.
 */
final class ExportSlots {
  static final String RESOURCE = "stream_export_slots";
  static final int LIMIT = 1;

  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  /** A held slot; closing it frees the graph for the next export. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes the export slot of {@code graphId}.
   *
   * @throws HttpFailure 413 while another export of the graph holds it
   */
  Slot acquire(String graphId) {
    if (!busy.add(graphId)) {
      throw new HttpFailure(
          413,
          new ErrorOutput(
              "resource limit exceeded for "
                  + RESOURCE
                  + ": actual "
                  + (LIMIT + 1)
                  + ", limit "
                  + LIMIT
                  + "; another export of graph '"
                  + graphId
                  + "' is still streaming, retry when it has finished",
              ErrorCode.BAD_REQUEST,
              null,
              new ResourceLimitOutput(RESOURCE, LIMIT, LIMIT + 1)),
          Map.of());
    }
    boolean[] released = {false};
    return () -> {
      if (!released[0]) {
        released[0] = true;
        busy.remove(graphId);
      }
    };
  }
}

package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A server's liveness answer: {@code ok}, the server's version and the storage format version it
 * reads and writes.
 *
 * @param status always {@code ok}
 * @param version the server's release version
 * @param internalSchemaVersion the on-disk format version this build reads and writes
 * @param sourceVersion the source revision it was built from; left out of the JSON when unknown
 */
public record HealthOutput(
    String status,
    String version,
    int internalSchemaVersion,
    @JsonInclude(JsonInclude.Include.NON_NULL) String sourceVersion) {
  public HealthOutput {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(version, "version");
  }
}

package dev.omnigraph.engine.log;

import java.util.Objects;

/**
 * One table's exact state in a graph state: the table incarnation's path under the graph root and
 * its Lance version, an unsigned 64-bit id kept as its decimal string (detached versions have the
 * top bit set, so they do not fit a signed long's decimal form).
 */
public record TableVersion(String path, String version) {
  public TableVersion {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    if (path.isEmpty() || path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("table path must be relative to the graph root: " + path);
    }
    Long.parseUnsignedLong(version);
  }

  /** The version as Lance takes it: a (possibly negative) long holding the unsigned value. */
  public long lanceVersion() {
    return Long.parseUnsignedLong(version);
  }
}

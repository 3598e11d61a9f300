package dev.omnigraph.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One object as a store lists it: its key, its size in bytes and when it was last written (the
 * store's own clock: file system time on disk, the server's time on S3).
 */
public record StoredObject(String key, long size, Instant lastModified) {
  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
    if (size < 0) {
      throw new IllegalArgumentException("object size must not be negative, got " + size);
    }
  }
}

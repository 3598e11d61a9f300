package dev.omnigraph.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * The files of one graph root, addressed by relative keys ({@code
 * log/main/00000000000000000001.json}): the only file I/O of the engine besides Lance's own. {@link
 * #putIfAbsent} is atomic: of any number of concurrent callers, in one process or many, exactly one
 * wins, and a reader never sees a partial object. Every method throws {@link StoreException} on an
 * I/O failure, never a raw {@code IOException}.
 */
public interface ObjectStore {
  /** The object's bytes, or empty if it does not exist. */
  Optional<byte[]> read(String key);

  /** Whether the object exists. */
  boolean exists(String key);

  /**
   * Creates the object with {@code data} unless it exists; returns {@code true} if this call
   * created it, {@code false} if it already existed (its content is then unchanged).
   */
  boolean putIfAbsent(String key, byte[] data);

  /**
   * Creates or replaces the object; for derived, rebuildable objects only (hints, caches), never
   * for anything authoritative. Readers see the old or the new content, never a mix; it need not be
   * durable (after a power loss it may be stale or empty), so readers must verify what they read.
   */
  void put(String key, byte[] data);

  /** The keys under {@code prefix} (a folder, ending in {@code /}, or empty), sorted. */
  List<String> list(String prefix);

  /**
   * The objects under {@code prefix} with their sizes and last-modified times, sorted by key: the
   * keys {@link #list} returns, for callers that judge objects by age (garbage collection).
   */
  List<StoredObject> listWithMetadata(String prefix);

  /**
   * The temp files that interrupted writes of this store left behind (a process that died between
   * writing a temp file and linking or renaming it), which {@link #list} never shows; empty for
   * stores that write without temp files. Their keys are valid only for {@link #deleteStrayTemp}.
   */
  default List<StoredObject> listStrayTemps() {
    return List.of();
  }

  /**
   * Deletes a temp file {@link #listStrayTemps} listed; deleting a missing one is not an error. A
   * temp file younger than the longest write may still be in use: callers judge its age first.
   *
   * @throws IllegalArgumentException if {@code key} does not name a temp file of this store
   */
  default void deleteStrayTemp(String key) {
    throw new IllegalArgumentException(
        "the store at " + location() + " writes no temp files, so it has no temp file " + key);
  }

  /** Deletes the object; deleting a missing object is not an error. */
  void delete(String key);

  /** Where this store lives, for messages: a file path or an {@code s3://} URI. */
  String location();
}

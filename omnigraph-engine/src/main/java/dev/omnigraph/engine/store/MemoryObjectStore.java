package dev.omnigraph.engine.store;

import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe {@link ObjectStore} in one JVM's memory, for tests and scratch graphs, that copies
 * bytes in and out and refuses what {@link LocalObjectStore} refuses, so code that passes on it
 * does not fail on disk. Last-modified times come from a clock a test may set.
 */
public final class MemoryObjectStore implements ObjectStore {
  private static final AtomicLong NEXT_ID = new AtomicLong();

  /** An object's bytes (never exposed, so never mutated) and when it was written. */
  private static final class Entry {
    private final byte[] data;
    private final Instant lastModified;

    Entry(byte[] data, Instant lastModified) {
      this.data = data;
      this.lastModified = lastModified;
    }

    byte[] data() {
      return data;
    }

    Instant lastModified() {
      return lastModified;
    }
  }

  private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
  private final Clock clock;

  /**
   * Every folder a write has used. A folder outlives its objects, as an emptied folder does on
   * disk, so a name once used as a folder is refused as a key here exactly as it is there.
   */
  private final Set<String> folders = ConcurrentHashMap.newKeySet();

  /**
   * Serializes writes so the check that a key is neither a folder nor below an object is atomic
   * with the write, as it is on a file system; reads stay lock-free.
   */
  private final Object writeLock = new Object();

  private final String location = "memory:" + NEXT_ID.incrementAndGet();

  /** An empty store whose objects are stamped with the system clock. */
  public MemoryObjectStore() {
    this(Clock.systemUTC());
  }

  /** An empty store whose objects are stamped with {@code clock}'s time when written. */
  public MemoryObjectStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<byte[]> read(String key) {
    Entry entry = objects.get(StoreKeys.checkKey(key));
    return entry == null ? Optional.empty() : Optional.of(entry.data().clone());
  }

  @Override
  public boolean exists(String key) {
    return objects.containsKey(StoreKeys.checkKey(key));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    StoreKeys.checkKey(key);
    byte[] copy = data.clone();
    Failpoints.hit(Failpoint.STORE_BEFORE_PUT_IF_ABSENT);
    boolean won;
    synchronized (writeLock) {
      checkNoFolderCollision("putIfAbsent", key);
      addFolders(key);
      won = objects.putIfAbsent(key, new Entry(copy, clock.instant())) == null;
    }
    // Outside the lock: a paused or crashing writer must not block the others.
    if (won) {
      Failpoints.hit(Failpoint.STORE_AFTER_PUT_IF_ABSENT);
    }
    return won;
  }

  @Override
  public void put(String key, byte[] data) {
    StoreKeys.checkKey(key);
    byte[] copy = data.clone();
    synchronized (writeLock) {
      checkNoFolderCollision("put", key);
      addFolders(key);
      objects.put(key, new Entry(copy, clock.instant()));
    }
  }

  @Override
  public List<String> list(String prefix) {
    return listWithMetadata(prefix).stream().map(StoredObject::key).toList();
  }

  @Override
  public List<StoredObject> listWithMetadata(String prefix) {
    StoreKeys.checkPrefix(prefix);
    List<StoredObject> listed = new ArrayList<>();
    for (Map.Entry<String, Entry> e : objects.tailMap(prefix).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break; // sorted, so every later key is outside the prefix too
      }
      Entry entry = e.getValue();
      listed.add(new StoredObject(e.getKey(), entry.data().length, entry.lastModified()));
    }
    return listed;
  }

  @Override
  public void delete(String key) {
    StoreKeys.checkKey(key);
    synchronized (writeLock) {
      objects.remove(key);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public String toString() {
    return "MemoryObjectStore[" + location + "]";
  }

  private void addFolders(String key) {
    for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
      folders.add(key.substring(0, slash));
    }
  }

  private void checkNoFolderCollision(String operation, String key) {
    if (folders.contains(key)) {
      throw new StoreException(
          operation
              + " of "
              + StoreKeys.quote(key)
              + " in "
              + location
              + " refused: the key names a folder");
    }
    for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
      String folder = key.substring(0, slash);
      if (objects.containsKey(folder)) {
        throw new StoreException(
            "cannot store "
                + StoreKeys.quote(key)
                + " in "
                + location
                + ": "
                + folder
                + " is an object, not a folder");
      }
    }
  }
}

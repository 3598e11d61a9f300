package dev.omnigraph.engine.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An object store that counts each kind of call, for cost gates in any engine test. */
public final class CountingObjectStore extends ForwardingObjectStore {
  public final AtomicInteger reads = new AtomicInteger();
  public final AtomicInteger probes = new AtomicInteger();
  public final AtomicInteger putsIfAbsent = new AtomicInteger();
  public final AtomicInteger puts = new AtomicInteger();
  public final AtomicInteger lists = new AtomicInteger();

  public CountingObjectStore(ObjectStore inner) {
    super(inner);
  }

  public void reset() {
    reads.set(0);
    probes.set(0);
    putsIfAbsent.set(0);
    puts.set(0);
    lists.set(0);
  }

  @Override
  public Optional<byte[]> read(String key) {
    reads.incrementAndGet();
    return super.read(key);
  }

  @Override
  public boolean exists(String key) {
    probes.incrementAndGet();
    return super.exists(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    putsIfAbsent.incrementAndGet();
    return super.putIfAbsent(key, data);
  }

  @Override
  public void put(String key, byte[] data) {
    puts.incrementAndGet();
    super.put(key, data);
  }

  @Override
  public List<String> list(String prefix) {
    lists.incrementAndGet();
    return super.list(prefix);
  }

  @Override
  public List<StoredObject> listWithMetadata(String prefix) {
    lists.incrementAndGet();
    return super.listWithMetadata(prefix);
  }
}

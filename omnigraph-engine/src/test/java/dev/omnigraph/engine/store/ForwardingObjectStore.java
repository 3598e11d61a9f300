package dev.omnigraph.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * An object store that forwards every call to another; test decorators extend it and override only
 * the calls they observe or change.
 */
public abstract class ForwardingObjectStore implements ObjectStore {
  private final ObjectStore inner;

  protected ForwardingObjectStore(ObjectStore inner) {
    this.inner = inner;
  }

  @Override
  public Optional<byte[]> read(String key) {
    return inner.read(key);
  }

  @Override
  public boolean exists(String key) {
    return inner.exists(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    return inner.putIfAbsent(key, data);
  }

  @Override
  public void put(String key, byte[] data) {
    inner.put(key, data);
  }

  @Override
  public List<String> list(String prefix) {
    return inner.list(prefix);
  }

  @Override
  public List<StoredObject> listWithMetadata(String prefix) {
    return inner.listWithMetadata(prefix);
  }

  @Override
  public List<StoredObject> listStrayTemps() {
    return inner.listStrayTemps();
  }

  @Override
  public void deleteStrayTemp(String key) {
    inner.deleteStrayTemp(key);
  }

  @Override
  public void delete(String key) {
    inner.delete(key);
  }

  @Override
  public String location() {
    return inner.location();
  }
}

package dev.omnigraph.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * A view of a store that reads through and refuses every change with {@link StoreException}: what a
 * read-only graph handle uses, so not even a derived hint or index entry is written.
 */
public final class ReadOnlyObjectStore implements ObjectStore {
  private final ObjectStore store;

  public ReadOnlyObjectStore(ObjectStore store) {
    this.store = store;
  }

  @Override
  public Optional<byte[]> read(String key) {
    return store.read(key);
  }

  @Override
  public boolean exists(String key) {
    return store.exists(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    throw refused("create", key);
  }

  @Override
  public void put(String key, byte[] data) {
    throw refused("write", key);
  }

  @Override
  public List<String> list(String prefix) {
    return store.list(prefix);
  }

  @Override
  public List<StoredObject> listWithMetadata(String prefix) {
    return store.listWithMetadata(prefix);
  }

  @Override
  public List<StoredObject> listStrayTemps() {
    return store.listStrayTemps();
  }

  @Override
  public void delete(String key) {
    throw refused("delete", key);
  }

  @Override
  public void deleteStrayTemp(String key) {
    throw refused("delete", key);
  }

  @Override
  public String location() {
    return store.location();
  }

  private StoreException refused(String operation, String key) {
    return new StoreException(
        "cannot "
            + operation
            + " "
            + StoreKeys.quote(key)
            + " in "
            + store.location()
            + ": the store is open read-only");
  }
}

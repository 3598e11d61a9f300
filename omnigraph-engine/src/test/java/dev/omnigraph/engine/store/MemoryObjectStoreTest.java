package dev.omnigraph.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryObjectStoreTest extends FolderNamespaceContractTest {
  @Override
  protected ObjectStore newStore() {
    return new MemoryObjectStore();
  }

  @Test
  void eachStoreHasItsOwnLocation() {
    ObjectStore other = new MemoryObjectStore();
    assertThat(store.location()).startsWith("memory:");
    assertThat(other.location()).startsWith("memory:").isNotEqualTo(store.location());
    store.put("k", bytes("v"));
    assertThat(other.exists("k")).isFalse();
  }
}

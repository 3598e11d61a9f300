package dev.omnigraph.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The {@link ObjectStore} contract plus the file-system namespace rule (an object {@code a} and a
 * folder {@code a/} cannot both exist), for stores that enforce it; S3 has no folders and does not.
 */
abstract class FolderNamespaceContractTest extends ObjectStoreContractTest {
  @Test
  void aKeyBelowAnObjectIsAbsentAndRefused() {
    store.putIfAbsent("a", bytes("a"));
    assertThat(store.read("a/b/c")).isEmpty();
    assertThat(store.exists("a/b")).isFalse();
    store.delete("a/b");
    assertThatThrownBy(() -> store.putIfAbsent("a/b", bytes("b")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("\"a/b\"");
    assertThatThrownBy(() -> store.put("a/b/c", bytes("c")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("\"a/b/c\"");
    assertThat(store.list("")).containsExactly("a");
  }

  @Test
  void aFolderNameIsRefusedAsAKeyEvenOnceEmptied() {
    store.putIfAbsent("a/b", bytes("b"));
    assertThatThrownBy(() -> store.putIfAbsent("a", bytes("a")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("\"a\"");
    store.delete("a/b");
    assertThatThrownBy(() -> store.put("a", bytes("a")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("\"a\"");
    assertThat(store.list("")).isEmpty();
  }
}

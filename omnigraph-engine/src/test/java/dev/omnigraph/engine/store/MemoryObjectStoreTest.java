package dev.omnigraph.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

  @Test
  void objectsAreStampedWithTheStoresClock() {
    Instant t0 = Instant.parse("2030-01-02T03:04:05Z");
    MutableClock clock = new MutableClock(t0);
    MemoryObjectStore timed = new MemoryObjectStore(clock);
    timed.putIfAbsent("a", bytes("a"));
    clock.now = t0.plusSeconds(60);
    timed.put("b", bytes("bb"));
    timed.put("a", bytes("a2"));

    assertThat(timed.listWithMetadata(""))
        .containsExactly(
            new StoredObject("a", 2, t0.plusSeconds(60)),
            new StoredObject("b", 2, t0.plusSeconds(60)));
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock has one zone");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

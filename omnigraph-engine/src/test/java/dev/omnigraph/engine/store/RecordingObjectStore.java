package dev.omnigraph.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An object store that records every call with its key, in order, so cost gates can count the calls
 * of one kind on one family of keys (record puts apart from hint puts, say).
 */
public final class RecordingObjectStore extends ForwardingObjectStore {
  /** The kind of an object-store call. */
  public enum Kind {
    READ,
    EXISTS,
    PUT_IF_ABSENT,
    PUT,
    LIST,
    DELETE
  }

  /** One call: its kind and the key (the prefix, for a list). */
  public record Call(Kind kind, String key) {}

  private final List<Call> calls = new ArrayList<>();

  public RecordingObjectStore(ObjectStore inner) {
    super(inner);
  }

  private void record(Kind kind, String key) {
    synchronized (calls) {
      calls.add(new Call(kind, key));
    }
  }

  /** The calls since construction or the last {@link #reset}, oldest first. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** How many recorded calls are of {@code kind} on a key that {@code keys} accepts. */
  public long count(Kind kind, Predicate<String> keys) {
    return calls().stream().filter(c -> c.kind() == kind && keys.test(c.key())).count();
  }

  /** Forgets the calls recorded so far. */
  public void reset() {
    synchronized (calls) {
      calls.clear();
    }
  }

  @Override
  public Optional<byte[]> read(String key) {
    record(Kind.READ, key);
    return super.read(key);
  }

  @Override
  public boolean exists(String key) {
    record(Kind.EXISTS, key);
    return super.exists(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    record(Kind.PUT_IF_ABSENT, key);
    return super.putIfAbsent(key, data);
  }

  @Override
  public void put(String key, byte[] data) {
    record(Kind.PUT, key);
    super.put(key, data);
  }

  @Override
  public List<String> list(String prefix) {
    record(Kind.LIST, prefix);
    return super.list(prefix);
  }

  @Override
  public void delete(String key) {
    record(Kind.DELETE, key);
    super.delete(key);
  }
}

package dev.omnigraph.bench;

import dev.omnigraph.engine.store.LocalObjectStore;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The local object store's two durable writes, which a commit makes three of (the record with
 * put-if-absent, then the tip hint and the commit-id index entry with put): the part of a commit's
 * latency that is the commit log's own, for reading the write-latency figures.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1)
public class StoreWriteBenchmark {
  /** About the size of a commit record of the bench graph. */
  static final int RECORD_BYTES = 1024;

  /** An empty local store per iteration. */
  @State(Scope.Thread)
  public static class Store {
    ScratchDirectory scratch;
    LocalObjectStore store;
    final byte[] record = filled(RECORD_BYTES);
    long next;

    @Setup(Level.Iteration)
    public void create() {
      scratch = ScratchDirectory.create("store-write");
      store = LocalObjectStore.open(scratch.path());
      next = 1;
    }

    @TearDown(Level.Iteration)
    public void delete() {
      scratch.close();
    }
  }

  /** Create-if-absent of a new record key: temp file, fsync, link, fsync of the folder. */
  @Benchmark
  public boolean putIfAbsentRecord(Store s) {
    return s.store.putIfAbsent(String.format("log/main/%020d.json", s.next++), s.record);
  }

  /** Replace of one small key: temp file, fsync, rename, fsync of the folder. */
  @Benchmark
  public long putHint(Store s) {
    s.store.put(
        "log/main/tip",
        Long.toString(s.next++).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return s.next;
  }

  static byte[] filled(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }
}

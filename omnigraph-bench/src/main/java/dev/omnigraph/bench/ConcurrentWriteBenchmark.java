package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.WriteConflictException;
import dev.omnigraph.engine.txn.Committed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Commit throughput of one-row appends on branch {@code main} of one open graph shared by its
 * writers (a server's situation): one writer, four writers on four disjoint tables, and four
 * writers on the same table. The primary score counts every append call; the secondary counters say
 * what they came to: {@code commits}, {@code reputs} (the same prepared effects put again on a
 * newer record, no Lance work), {@code redos} (prepared again from the newer state, a second Lance
 * write) and {@code gaveUp} (lost {@code MAX_PREPARES} times in a row: a {@link
 * WriteConflictException}, nothing committed).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {
      LanceJvmFlags.OPEN_NIO,
      LanceJvmFlags.NATIVE_ACCESS,
      LanceJvmFlags.UNSAFE_MEMORY
    })
public class ConcurrentWriteBenchmark {

  /** An empty bench graph per iteration, shared by every writer thread. */
  @State(Scope.Benchmark)
  public static class SharedGraph {
    ScratchDirectory scratch;
    Omnigraph graph;
    final AtomicLong ids = new AtomicLong();

    @Setup(Level.Iteration)
    public void create() {
      scratch = ScratchDirectory.create("concurrent-writes");
      graph = Omnigraph.init(scratch.child("graph"), BenchSchema.SOURCE);
    }

    @TearDown(Level.Iteration)
    public void delete() {
      try {
        graph.close();
      } finally {
        scratch.close();
      }
    }
  }

  /**
   * What one writer's appends came to in an iteration; JMH sums these over writers, iterations and
   * forks (so commits per second is {@code commits} over the measured seconds). A write that gave
   * up adds its {@code MAX_PREPARES} preparations to no counter but {@code gaveUp}.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Outcomes {
    public long commits;
    public long reputs;
    public long redos;
    public long gaveUp;

    @Setup(Level.Iteration)
    public void reset() {
      commits = 0;
      reputs = 0;
      redos = 0;
      gaveUp = 0;
    }

    void add(Committed<?> c) {
      commits++;
      reputs += c.reputs();
      redos += c.prepares() - 1;
    }
  }

  /** The baseline: one writer, so no put is ever lost. */
  @Benchmark
  @Threads(1)
  public void oneWriter(SharedGraph g, Outcomes out) {
    appendOne(g, BenchSchema.PERSON, out);
  }

  /** Four writers, each on its own node table: a lost put is re-put without new Lance work. */
  @Benchmark
  @Threads(4)
  public void fourWritersDisjointTables(SharedGraph g, Outcomes out, ThreadParams thread) {
    List<String> types = BenchSchema.WRITER_TYPES;
    appendOne(g, types.get(thread.getThreadIndex() % types.size()), out);
  }

  /** Four writers on one node table: a lost put is prepared again on the winner's table version. */
  @Benchmark
  @Threads(4)
  public void fourWritersSameTable(SharedGraph g, Outcomes out) {
    appendOne(g, BenchSchema.PERSON, out);
  }

  static void appendOne(SharedGraph g, String type, Outcomes out) {
    String id = "n" + g.ids.incrementAndGet();
    try {
      out.add(g.graph.append("main", Map.of(type, List.of(BenchSchema.node(id)))));
    } catch (WriteConflictException e) {
      out.gaveUp++;
    }
  }
}

package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import java.util.List;
import java.util.Map;
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
 * Latency of one durable write commit through {@code Omnigraph.append}, one row to one table and
 * one row each to three tables, beside a raw Lance detached append of one row to a table of the
 * same shape. Every iteration starts from an empty graph and table, so each iteration's commits see
 * the same amount of history (a few hundred fragments at most).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      LanceJvmFlags.OPEN_NIO,
      LanceJvmFlags.NATIVE_ACCESS,
      LanceJvmFlags.UNSAFE_MEMORY
    })
public class WriteLatencyBenchmark {

  /** An empty bench graph per iteration. */
  @State(Scope.Thread)
  public static class Graph {
    ScratchDirectory scratch;
    Omnigraph graph;
    long next;

    @Setup(Level.Iteration)
    public void create() {
      scratch = ScratchDirectory.create("write-latency");
      graph = Omnigraph.init(scratch.child("graph"), BenchSchema.SOURCE);
      next = 0;
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

  /** An empty raw Lance table per iteration. */
  @State(Scope.Thread)
  public static class RawTable {
    ScratchDirectory scratch;
    RawLanceTable table;
    long next;

    @Setup(Level.Iteration)
    public void create() {
      scratch = ScratchDirectory.create("raw-latency");
      table = RawLanceTable.create(scratch.child("person.lance"));
      next = 0;
    }

    @TearDown(Level.Iteration)
    public void delete() {
      try {
        table.close();
      } finally {
        scratch.close();
      }
    }
  }

  /** One row to one node table: one commit record, one detached Lance append. */
  @Benchmark
  public Object omnigraphOneRow(Graph g) {
    String id = "p" + g.next++;
    return g.graph.append("main", Map.of(BenchSchema.PERSON, List.of(BenchSchema.node(id))));
  }

  /** One row each to two node tables and an edge table in one commit. */
  @Benchmark
  public Object omnigraphThreeTables(Graph g) {
    long n = g.next++;
    String person = "p" + n;
    return g.graph.append(
        "main",
        Map.of(
            BenchSchema.PERSON,
            List.of(BenchSchema.node(person)),
            BenchSchema.COMPANY,
            List.of(BenchSchema.node("c" + n)),
            BenchSchema.KNOWS,
            List.of(BenchSchema.edge("k" + n, person, person))));
  }

  /**
   * The raw floor: Fragment.write plus a detached Append on the handle the last commit returned.
   */
  @Benchmark
  public long rawLanceOneRow(RawTable t) {
    t.table.appendOneRowChained("p" + t.next++);
    return t.table.appended();
  }

  /** The raw floor for an engine that holds no handle: open the base version, write, commit. */
  @Benchmark
  public long rawLanceOneRowReopened(RawTable t) {
    t.table.appendOneRowReopened("p" + t.next++);
    return t.table.appended();
  }
}

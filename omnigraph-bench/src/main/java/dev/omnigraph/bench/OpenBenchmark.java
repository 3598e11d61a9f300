package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Open-to-first-read of a graph with {@value #COMMITS} commits of history: {@code Omnigraph.open}
 * then {@code snapshot("main")}, which reads the branch head and counts the rows of all six tables
 * at their versions. Cold: one measurement per fresh JVM (class loading, JIT-less code and the
 * unpacking of Lance's native library included), beside a raw Lance cold open and count of one
 * table; warm: the same call repeated in a warmed-up JVM.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OpenBenchmark {
  /** Commits of history in the graph that is opened. */
  static final int COMMITS = 100;

  /** The history fixture, built in a child JVM if missing so that this fork stays cold. */
  @State(Scope.Benchmark)
  public static class Fixture {
    HistoryFixture fixture;

    @Setup(Level.Trial)
    public void locate() {
      fixture = HistoryFixture.ensureInChildJvm(HistoryFixture.folder(COMMITS), COMMITS);
    }
  }

  /** A fresh JVM per measurement: what a command-line invocation pays before its first answer. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(
      value = 10,
      jvmArgsAppend = {
        LanceJvmFlags.OPEN_NIO,
        LanceJvmFlags.NATIVE_ACCESS,
        LanceJvmFlags.UNSAFE_MEMORY
      })
  public Snapshot omnigraphColdOpenToFirstRead(Fixture f) {
    return openAndRead(f.fixture);
  }

  /** The raw floor of a cold start: open the {@code Person} table at its version and count rows. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(
      value = 10,
      jvmArgsAppend = {
        LanceJvmFlags.OPEN_NIO,
        LanceJvmFlags.NATIVE_ACCESS,
        LanceJvmFlags.UNSAFE_MEMORY
      })
  public long rawLanceColdOpenToFirstRead(Fixture f) {
    HistoryFixture h = f.fixture;
    return RawLanceTable.countRowsOnce(h.graph(), h.personPath(), h.personVersion());
  }

  /** The same open and first read in a JVM that has done it many times already. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  @Fork(
      value = 1,
      jvmArgsAppend = {
        LanceJvmFlags.OPEN_NIO,
        LanceJvmFlags.NATIVE_ACCESS,
        LanceJvmFlags.UNSAFE_MEMORY
      })
  public Snapshot omnigraphWarmOpenToFirstRead(Fixture f) {
    return openAndRead(f.fixture);
  }

  static Snapshot openAndRead(HistoryFixture fixture) {
    try (Omnigraph graph = Omnigraph.open(fixture.graph())) {
      return graph.snapshot("main");
    }
  }
}

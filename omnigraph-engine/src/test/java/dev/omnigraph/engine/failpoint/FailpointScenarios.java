package dev.omnigraph.engine.failpoint;

import dev.omnigraph.engine.log.CommitLog;
import dev.omnigraph.engine.log.CommitLogFixtures;
import dev.omnigraph.engine.store.MemoryObjectStore;

/**
 * For each declared failpoint, how the coverage guard ({@link FailpointCoverageTest}) reaches it
 * through engine code; the switch is exhaustive, so declaring a failpoint without deciding its
 * scenario does not compile.
 */
final class FailpointScenarios {
  private FailpointScenarios() {}

  /** How a failpoint is reached. */
  sealed interface Scenario {
    /** Runs engine code that must hit the failpoint from a call site outside the tests. */
    record Drive(Runnable run) implements Scenario {}

    /**
     * The failpoint has no engine call site yet: the guard reports it as skipped, and fails once a
     * main class references the failpoint, so this cannot outlive the call site's arrival.
     */
    record Pending(String reason) implements Scenario {}
  }

  static Scenario of(Failpoint fp) {
    return switch (fp) {
      // A winning append passes every failpoint of the commit path, store and log.
      case LOG_BEFORE_RECORD_PUT,
          LOG_AFTER_RECORD_PUT,
          LOG_BEFORE_HINT_PUT,
          STORE_BEFORE_PUT_IF_ABSENT,
          STORE_AFTER_PUT_IF_ABSENT ->
          new Scenario.Drive(() ->
              new CommitLog(new MemoryObjectStore())
                  .append(CommitLogFixtures.record("main", 1, "coverage")));
    };
  }
}

package dev.omnigraph.engine.failpoint;

import static dev.omnigraph.engine.failpoint.Failpoint.LOG_AFTER_RECORD_PUT;
import static dev.omnigraph.engine.failpoint.Failpoint.LOG_BEFORE_RECORD_PUT;
import static dev.omnigraph.engine.failpoint.Failpoint.STORE_AFTER_PUT_IF_ABSENT;
import static dev.omnigraph.engine.failpoint.Failpoint.STORE_BEFORE_PUT_IF_ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OMNIGRAPH_FAILPOINTS spec, parsed in-process and applied at start-up of a real JVM. */
class FailpointSpecTest {
  @Test
  void parsesEntriesKindsCountsAndModifiers() {
    Map<Failpoint, Action> actions =
        Failpoints.parseSpec(
            " log.before_record_put=error ; log.after_record_put=1*crash.after(2);"
                + "store.after_put_if_absent=ack-lost.times(3);store.before_put_if_absent=count;");

    assertThat(actions)
        .containsExactly(
            entry(LOG_BEFORE_RECORD_PUT, Action.error()),
            entry(LOG_AFTER_RECORD_PUT, Action.crash().after(2).times(1)),
            entry(STORE_AFTER_PUT_IF_ABSENT, Action.ackLost().times(3)),
            entry(STORE_BEFORE_PUT_IF_ABSENT, Action.count()));
  }

  @Test
  void anActionsToStringParsesBackToIt() {
    for (Action action :
        List.of(
            Action.error(),
            Action.crash().times(2),
            Action.ackLost().after(4),
            Action.crash().after(1).times(1),
            Action.count())) {
      assertThat(Failpoints.parseSpec("log.after_record_put=" + action))
          .containsExactly(entry(LOG_AFTER_RECORD_PUT, action));
    }
  }

  @Test
  void blankAndEnabledArmNothing() {
    assertThat(Failpoints.parseSpec("")).isEmpty();
    assertThat(Failpoints.parseSpec(" ; ;")).isEmpty();
    assertThat(Failpoints.parseSpec("enabled")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          log.before_record_put               | expected name=[n*]kind
          log.nope=error                      | no failpoint is named log.nope
          log.before_record_put=sleep         | unknown action sleep
          log.before_record_put=pause         | pause needs a Rendezvous in the same JVM
          log.before_record_put=0*error       | times(n) needs n >= 1
          log.before_record_put=error.after(x) | expected name=[n*]kind
          log.before_record_put=ack-lost      | comes before one
          log.before_record_put=99999999999999999999*error | For input string
          log.after_record_put=crash;log.after_record_put=error | log.after_record_put is named twice
          """)
  void rejectsBadEntriesNamingThem(String spec, String why) {
    assertThatThrownBy(() -> Failpoints.parseSpec(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OMNIGRAPH_FAILPOINTS entry '")
        .hasMessageContaining(why);
  }

  @Test
  void theEnvironmentAloneEnablesAndArmsASubprocess(@TempDir Path dir) throws Exception {
    String out =
        runProbe(
            dir,
            "store.after_put_if_absent=crash.after(1); log.before_record_put=1*error",
            "store.after_put_if_absent",
            "3",
            "log.before_record_put",
            "2");

    assertThat(out.lines())
        .containsSubsequence(
            "enabled=true",
            "store.after_put_if_absent=ok",
            "store.after_put_if_absent=crash",
            "store.after_put_if_absent=crash",
            "log.before_record_put=error",
            "log.before_record_put=ok",
            "hits=3:2",
            "exit=0");
  }

  @Test
  void withoutPropertyOrEnvironmentHitDoesNothingAndArmRefuses(@TempDir Path dir) throws Exception {
    String out = runProbe(dir, null, "store.after_put_if_absent", "2");

    assertThat(out.lines())
        .containsSubsequence(
            "enabled=false",
            "store.after_put_if_absent=ok",
            "store.after_put_if_absent=ok",
            "arm=failpoints are disabled; run with -Domnigraph.failpoints=enabled",
            "hits=0",
            "exit=0");
  }

  @Test
  void aBadEnvironmentSpecStopsTheProcessAtStartUp(@TempDir Path dir) throws Exception {
    String out = runProbe(dir, "log.before_record_put=sleep(100)", "log.before_record_put", "1");

    assertThat(out)
        .contains("ExceptionInInitializerError")
        .contains("OMNIGRAPH_FAILPOINTS entry 'log.before_record_put=sleep(100)'")
        .doesNotContain("exit=0");
  }

  /** Runs {@link FailpointProbe} in a fresh JVM with only the environment spec, if any. */
  private static String runProbe(Path dir, String spec, String... args) throws Exception {
    String classpath =
        codeSource(Failpoints.class) + File.pathSeparator + codeSource(FailpointProbe.class);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path output = dir.resolve("probe.out");

    ProcessBuilder pb = new ProcessBuilder();
    pb.command().addAll(List.of(java.toString(), "-cp", classpath, FailpointProbe.class.getName()));
    pb.command().addAll(List.of(args));
    pb.environment().remove(Failpoints.ENV_VARIABLE);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    if (spec != null) {
      pb.environment().put(Failpoints.ENV_VARIABLE, spec);
    }
    pb.redirectErrorStream(true).redirectOutput(output.toFile());

    Process process = pb.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return Files.readString(output, StandardCharsets.UTF_8) + "exit=" + process.exitValue() + "\n";
  }

  private static String codeSource(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}

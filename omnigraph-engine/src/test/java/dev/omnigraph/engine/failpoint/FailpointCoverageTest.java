package dev.omnigraph.engine.failpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.omnigraph.engine.failpoint.FailpointScenarios.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The coverage guard: every declared failpoint is reached from engine code by its scenario in
 * {@link FailpointScenarios}, checked by one ordinary test per failpoint so the result does not
 * depend on which other tests ran, in which order, or under which {@code -Dtest} filter.
 */
class FailpointCoverageTest {
  private static final String FAILPOINT_PACKAGE =
      Failpoint.class.getPackageName().replace('.', '/');

  @TestFactory
  Stream<DynamicTest> everyFailpointIsReachedFromEngineCode() {
    return Arrays.stream(Failpoint.values())
        .map(fp ->
            dynamicTest(
                fp.id(),
                () -> {
                  switch (FailpointScenarios.of(fp)) {
                    case Scenario.Drive(Runnable run) -> assertReachedFromEngineCode(fp, run);
                    case Scenario.Pending(String reason) -> assertStillPending(fp, reason);
                  }
                }));
  }

  static void assertReachedFromEngineCode(Failpoint fp, Runnable drive) {
    Armed probe = Failpoints.arm(fp, Action.count());
    try (probe) {
      drive.run();
    }
    assertThat(probe.hits()).as("%s is not reached by its scenario", fp).isPositive();
    assertThat(probe.callSites().stream().filter(c -> !isTestCode(c)))
        .as(
            "%s is reached only from test code %s; its scenario must drive the engine code that"
                + " hits it",
            fp, probe.callSites())
        .isNotEmpty();
  }

  private static void assertStillPending(Failpoint fp, String reason) throws Exception {
    Path main = codeRoot(Failpoint.class);
    Assumptions.assumeTrue(
        Files.isDirectory(main), () -> "main classes are not a directory: " + main);
    assertThat(classesReferencing(main, fp))
        .as(
            "%s is pending (%s) but engine code now references it: replace its Pending scenario"
                + " with a Drive that reaches it",
            fp, reason)
        .isEmpty();
    Assumptions.abort(fp.id() + " has no engine call site yet: " + reason);
  }

  /**
   * The class files under {@code root} whose constant pool names the failpoint's constant (as
   * {@code Failpoint.X} compiles to), other than the enum's own.
   */
  static List<String> classesReferencing(Path root, Failpoint fp) throws IOException {
    byte[] name = fp.name().getBytes(StandardCharsets.UTF_8);
    // A CONSTANT_Utf8 entry: tag 1, a two-byte length, then the bytes; matching the whole entry
    // keeps LOG_X from matching inside OTHER_LOG_X.
    byte[] entry = new byte[name.length + 3];
    entry[0] = 1;
    entry[1] = (byte) (name.length >> 8);
    entry[2] = (byte) name.length;
    System.arraycopy(name, 0, entry, 3, name.length);
    String needle = new String(entry, StandardCharsets.ISO_8859_1);
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".class"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p ->
              !p.equals(FAILPOINT_PACKAGE + "/Failpoint.class")
                  && !p.startsWith(FAILPOINT_PACKAGE + "/Failpoint$"))
          .filter(p -> read(root.resolve(p)).contains(needle))
          .sorted()
          .toList();
    }
  }

  private static String read(Path classFile) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isTestCode(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    return source != null
        && Objects.equals(
            source.getLocation(),
            FailpointCoverageTest.class.getProtectionDomain().getCodeSource().getLocation());
  }

  private static Path codeRoot(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void guardRejectsAScenarioThatDoesNotReachItsFailpoint() {
    assertThatThrownBy(() -> assertReachedFromEngineCode(Failpoint.LOG_BEFORE_HINT_PUT, () -> {}))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("log.before_hint_put is not reached by its scenario");
    assertThat(Failpoints.isArmed(Failpoint.LOG_BEFORE_HINT_PUT)).isFalse();
  }

  @Test
  void guardRejectsADummyCallSiteInTestCode() {
    assertThatThrownBy(() ->
            assertReachedFromEngineCode(
                Failpoint.LOG_BEFORE_HINT_PUT, () -> Failpoints.hit(Failpoint.LOG_BEFORE_HINT_PUT)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("log.before_hint_put is reached only from test code");
  }

  @Test
  void scannerFindsTheClassesThatNameAFailpoint() throws Exception {
    Path tests = codeRoot(FailpointCoverageTest.class);

    assertThat(classesReferencing(tests, Failpoint.STORE_AFTER_PUT_IF_ABSENT))
        .contains(FAILPOINT_PACKAGE + "/FailpointsTest$DummyStore.class")
        .doesNotContain(FAILPOINT_PACKAGE + "/RendezvousTest.class");
    // The enum's own class names every constant; it is not a call site.
    assertThat(classesReferencing(codeRoot(Failpoint.class), Failpoint.STORE_AFTER_PUT_IF_ABSENT))
        .doesNotContain(FAILPOINT_PACKAGE + "/Failpoint.class");
  }
}

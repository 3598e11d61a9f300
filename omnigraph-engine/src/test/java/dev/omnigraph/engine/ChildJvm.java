package dev.omnigraph.engine;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs a test class's {@code main} like this test JVM would:
 * the same java, the same test class path, and the same JDK flags that Lance and Arrow need.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** The command that runs {@code main} with {@code args} in a fresh JVM. */
  static List<String> command(Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(jdkFlags());
    // Children run briefly: C1 alone starts them faster on two cores.
    command.add("-XX:TieredStopAtLevel=1");
    // Surefire starts this JVM from a manifest-only jar but sets java.class.path to the real test
    // class path, so it is the one to hand on.
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return command;
  }

  /**
   * The {@code --} flags this JVM was started with: Surefire's argLine takes them from the parent
   * pom ({@code omnigraph.test.jvmFlags}: {@code --add-opens}, {@code --enable-native-access},
   * {@code --sun-misc-unsafe-memory-access}), so the children get exactly those without a second
   * copy of the list here. Agents (JaCoCo) and system properties are left out: a child needs no
   * coverage file of its own and no failpoints.
   */
  static List<String> jdkFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--"))
        .toList();
  }
}

package dev.omnigraph.bench;

/**
 * The JVM flags Lance and Arrow need on JDK 25, the same as the parent pom's {@code
 * omnigraph.test.jvmFlags}; every benchmark fork gets them (annotations cannot read the pom).
 */
final class LanceJvmFlags {
  static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
  static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
  static final String UNSAFE_MEMORY = "--sun-misc-unsafe-memory-access=allow";

  private LanceJvmFlags() {}
}

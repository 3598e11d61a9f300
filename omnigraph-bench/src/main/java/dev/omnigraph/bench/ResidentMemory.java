package dev.omnigraph.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The process's resident memory as Linux reports it in {@code /proc/self/status}: the JVM reports
 * no resident size, and Lance's and Arrow's native memory is not on the heap. Empty elsewhere.
 */
final class ResidentMemory {
  private ResidentMemory() {}

  /** The resident size now (VmRSS). */
  static OptionalLong current() {
    return field("VmRSS:");
  }

  /** The largest resident size since the process started (VmHWM, the high-water mark). */
  static OptionalLong peak() {
    return field("VmHWM:");
  }

  /** {@code bytes} in MiB with no decimals, or {@code n/a}. */
  static String mib(OptionalLong bytes) {
    return bytes.isPresent()
        ? String.format(Locale.ROOT, "%.0f", bytes.getAsLong() / (1024.0 * 1024.0))
        : "n/a";
  }

  private static OptionalLong field(String name) {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith(name)) {
          String kb = line.substring(name.length()).replace("kB", "").trim();
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}

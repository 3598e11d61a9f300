package dev.omnigraph.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A bench graph with history, kept between runs under the bench base folder: {@code commits}
 * appends of {@link #PEOPLE_PER_COMMIT} people and as many {@code Knows} edges each. This class
 * only finds and describes it; {@link BuildHistoryFixture} builds it, in a child JVM when asked
 * from a benchmark fork that must stay cold (no engine or Lance class loaded before the
 * measurement).
 */
record HistoryFixture(Path graph, long seq, String personPath, String personVersion, long people) {
  /** People (and edges) each commit of the fixture adds. */
  static final int PEOPLE_PER_COMMIT = 10;

  static final String FACTS_FILE = "fixture.properties";

  /** The folder of the fixture of {@code commits} commits under the bench base folder. */
  static Path folder(int commits) {
    return ScratchDirectory.base().resolve("history-" + commits);
  }

  /**
   * The fixture in {@code folder}, built first by a child JVM if it is missing; the calling JVM
   * loads no engine or Lance class.
   */
  static HistoryFixture ensureInChildJvm(Path folder, int commits) {
    Optional<HistoryFixture> present = read(folder, commits);
    if (present.isPresent()) {
      return present.get();
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add(LanceJvmFlags.OPEN_NIO);
    command.add(LanceJvmFlags.NATIVE_ACCESS);
    command.add(LanceJvmFlags.UNSAFE_MEMORY);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BuildHistoryFixture.class.getName());
    command.add(folder.toString());
    command.add(Integer.toString(commits));
    try {
      Process child = new ProcessBuilder(command).inheritIO().start();
      int exit = child.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            "building the history fixture in " + folder + " failed with exit code " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM to build the history fixture", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted building the history fixture", e);
    }
    return read(folder, commits)
        .orElseThrow(
            () -> new IllegalStateException("the history fixture builder left no " + FACTS_FILE));
  }

  /** The fixture in {@code folder}, if a complete one of {@code commits} commits is there. */
  static Optional<HistoryFixture> read(Path folder, int commits) {
    Path facts = folder.resolve(FACTS_FILE);
    if (!Files.isRegularFile(facts)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(facts)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + facts, e);
    }
    if (!Integer.toString(commits).equals(p.getProperty("commits"))) {
      return Optional.empty();
    }
    return Optional.of(
        new HistoryFixture(
            folder.resolve("graph"),
            Long.parseLong(p.getProperty("seq")),
            p.getProperty("person.path"),
            p.getProperty("person.version"),
            Long.parseLong(p.getProperty("people"))));
  }

  /** Records the facts last, atomically, so a half-built fixture is never taken as complete. */
  void write(Path folder, int commits) {
    Properties p = new Properties();
    p.setProperty("commits", Integer.toString(commits));
    p.setProperty("seq", Long.toString(seq));
    p.setProperty("person.path", personPath);
    p.setProperty("person.version", personVersion);
    p.setProperty("people", Long.toString(people));
    Path temp = folder.resolve(FACTS_FILE + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        p.store(out, "omnigraph-bench history fixture");
      }
      Files.move(
          temp,
          folder.resolve(FACTS_FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(FACTS_FILE), e);
    }
  }
}

package dev.omnigraph.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends FolderNamespaceContractTest {
  static final int PROCESSES = 4;
  static final int PROCESS_KEYS = 200;

  @TempDir Path tempDir;

  Path root;

  @Override
  protected ObjectStore newStore() {
    root = tempDir.resolve("graphs/g1");
    return LocalObjectStore.open(root);
  }

  @AfterEach
  void noTempFilesRemain() throws IOException {
    try (Stream<Path> files = Files.walk(tempDir)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith(StoreKeys.TEMP_PREFIX)))
          .as("temp files left behind")
          .isEmpty();
    }
  }

  // --- the files under the root -----------------------------------------------------------------

  @Test
  void openCreatesTheRootAndLocationIsItsAbsolutePath() {
    assertThat(root).isDirectory();
    assertThat(store.location()).isEqualTo(root.toAbsolutePath().normalize().toString());
    assertThat(((LocalObjectStore) store).root()).isEqualTo(root.toAbsolutePath().normalize());
  }

  @Test
  void aKeyIsTheFileAtThatPathUnderTheRoot() throws IOException {
    store.putIfAbsent("log/main/00000000000000000001.json", bytes("{}"));
    assertThat(root.resolve("log/main/00000000000000000001.json")).isRegularFile().hasContent("{}");

    Files.writeString(root.resolve("log/main/written-by-hand"), "hand");
    assertThat(store.list("log/main/"))
        .containsExactly("log/main/00000000000000000001.json", "log/main/written-by-hand");
  }

  @Test
  void putReplacesAnObjectCreatedByPutIfAbsent() throws IOException {
    store.putIfAbsent("hints/main", bytes("old"));
    store.put("hints/main", bytes("new"));
    assertThat(root.resolve("hints/main")).hasContent("new");
    assertThat(store.list("hints/")).containsExactly("hints/main");
  }

  @Test
  void leftoverTempFilesOfACrashedWriterAreInvisible() throws IOException {
    Files.createDirectories(root.resolve("log/main"));
    Path leftover = root.resolve("log/main/.tmp-0123456789abcdef");
    Files.writeString(leftover, "torn");
    try {
      assertThat(store.list("")).isEmpty();
      assertThat(store.putIfAbsent("log/main/1", bytes("1"))).isTrue();
      assertThat(store.list("log/")).containsExactly("log/main/1");
    } finally {
      Files.delete(leftover);
    }
  }

  @Test
  void strayTempFilesAreListedWithTheirAgeAndDeletedOnlyByTheirOwnCall() throws IOException {
    store.putIfAbsent("log/main/1", bytes("1"));
    Path leftover = root.resolve("log/main/.tmp-00ff");
    Files.writeString(leftover, "torn");
    Instant old = Instant.parse("2020-01-01T00:00:00Z");
    Files.setLastModifiedTime(leftover, FileTime.from(old));
    Files.writeString(root.resolve(".tmp-abc"), "at the root");

    assertThat(store.listStrayTemps())
        .containsExactly(
            new StoredObject(
                ".tmp-abc", 11, Files.getLastModifiedTime(root.resolve(".tmp-abc")).toInstant()),
            new StoredObject("log/main/.tmp-00ff", 4, old));
    assertThat(store.listWithMetadata(""))
        .extracting(StoredObject::key)
        .containsExactly("log/main/1");

    assertThatThrownBy(() -> store.deleteStrayTemp("log/main/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a temp file");
    assertThatThrownBy(() -> store.deleteStrayTemp("../.tmp-00"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.deleteStrayTemp("log/main/.tmp-zz"))
        .isInstanceOf(IllegalArgumentException.class);
    store.deleteStrayTemp("log/main/.tmp-00ff");
    store.deleteStrayTemp("log/main/.tmp-00ff");
    store.deleteStrayTemp(".tmp-abc");

    assertThat(store.listStrayTemps()).isEmpty();
    assertThat(store.read("log/main/1")).isPresent();
  }

  @Test
  void openOfAFileIsAStoreExceptionNamingIt() throws IOException {
    Path file = Files.writeString(tempDir.resolve("not-a-folder"), "x");
    assertThatThrownBy(() -> LocalObjectStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void anIoFailureIsAStoreExceptionNamingOperationKeyAndRoot() throws IOException {
    // A symlink loop makes open(2) fail with ELOOP, an I/O error even root cannot bypass.
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    assertThatThrownBy(() -> store.read("loop"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("read")
        .hasMessageContaining("\"loop\"")
        .hasMessageContaining(root.toString())
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.exists("loop"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("exists of \"loop\" in " + root);
    assertThat(store.list("")).isEmpty();
  }

  // --- concurrency on disk ----------------------------------------------------------------------

  @Test
  void aReadNeverSeesAPartialObjectDuringConcurrentPuts() {
    int size = 512 * 1024;
    int rounds = 200;
    store.put("hints/main", filled(size, 0));
    CyclicBarrier start = new CyclicBarrier(2);
    AtomicInteger finished = new AtomicInteger(0); // the last round whose put has returned
    int[] seen = new int[2]; // reads that saw the old content, the new content
    Callable<Void> writer =
        () -> {
          for (int r = 1; r <= rounds; r++) {
            start.await(30, TimeUnit.SECONDS);
            store.put("hints/main", filled(size, r));
            finished.set(r);
          }
          return null;
        };
    Callable<Void> reader =
        () -> {
          for (int r = 1; r <= rounds; r++) {
            start.await(30, TimeUnit.SECONDS);
            // Read for as long as round r's put is in flight: each read must be whole.
            while (true) {
              boolean putReturned = finished.get() >= r;
              byte[] read = store.read("hints/main").orElseThrow();
              int value = uniformValue(read, size);
              assertThat(value).as("round %d", r).isIn(r - 1, r);
              seen[value == r ? 1 : 0]++;
              if (putReturned) {
                assertThat(value).as("read after put returned, round %d", r).isEqualTo(r);
                break;
              }
            }
          }
          return null;
        };
    assertTimeoutPreemptively(Duration.ofMinutes(1), () -> runTogether(List.of(writer, reader)));
    System.out.printf(
        "LocalObjectStoreTest: %d concurrent puts of %d KiB, reads saw old %d, new %d, torn 0%n",
        rounds, size / 1024, seen[0], seen[1]);
  }

  @Test
  void listDuringConcurrentPutIfAbsentsShowsOnlyWholeObjects() {
    int writes = 300;
    AtomicBoolean writerDone = new AtomicBoolean();
    int[] lists = new int[1];
    Callable<Void> writer =
        () -> {
          try {
            for (int i = 0; i < writes; i++) {
              store.putIfAbsent(String.format("log/main/%05d", i), bytes("p" + i));
            }
          } finally {
            writerDone.set(true);
          }
          return null;
        };
    Callable<Void> lister =
        () -> {
          int last = 0;
          boolean wasDone;
          // Temp files appear and vanish in the folder being listed throughout this loop.
          do {
            wasDone = writerDone.get();
            List<String> keys = store.list("log/main/");
            assertThat(keys.size()).isGreaterThanOrEqualTo(last);
            last = keys.size();
            for (String key : keys) {
              String expected = "p" + Integer.parseInt(key.substring("log/main/".length()));
              assertThat(store.read(key))
                  .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes(expected)));
            }
            lists[0]++;
          } while (!wasDone);
          assertThat(last).isEqualTo(writes);
          return null;
        };
    assertTimeoutPreemptively(Duration.ofMinutes(1), () -> runTogether(List.of(writer, lister)));
    System.out.printf("LocalObjectStoreTest: %d lists during %d putIfAbsents%n", lists[0], writes);
  }

  @Test
  void putIfAbsentHasExactlyOneWinnerPerKeyAcrossProcesses() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classpath = System.getProperty("java.class.path");
    Path go = tempDir.resolve("go");
    List<Process> children = new ArrayList<>();
    List<List<String>> outputs = new ArrayList<>();
    long began = System.nanoTime();
    long[] raceNanos = new long[1];
    try {
      assertTimeoutPreemptively(
          Duration.ofMinutes(2),
          () -> {
            for (int p = 0; p < PROCESSES; p++) {
              children.add(
                  new ProcessBuilder(
                          java,
                          "-XX:TieredStopAtLevel=1",
                          "-cp",
                          classpath,
                          PutIfAbsentRacer.class.getName(),
                          root.toString(),
                          go.toString(),
                          "p" + p,
                          Integer.toString(PROCESS_KEYS))
                      .redirectError(tempDir.resolve("racer-p" + p + ".err").toFile())
                      .start());
            }
            List<BufferedReader> readers = new ArrayList<>();
            for (Process child : children) {
              BufferedReader reader =
                  new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
              readers.add(reader);
              // Blocks until that child is at the start gate.
              assertThat(reader.readLine()).isEqualTo("ready");
            }
            long raceStart = System.nanoTime();
            Files.createFile(go);
            for (int p = 0; p < PROCESSES; p++) {
              List<String> lines = new ArrayList<>();
              for (String line = readers.get(p).readLine(); line != null; ) {
                lines.add(line);
                line = readers.get(p).readLine();
              }
              Process child = children.get(p);
              assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
              assertThat(child.exitValue())
                  .as("racer p%d: %s", p, Files.readString(tempDir.resolve("racer-p" + p + ".err")))
                  .isZero();
              assertThat(lines).last().isEqualTo("done");
              outputs.add(lines.subList(0, lines.size() - 1));
            }
            raceNanos[0] = System.nanoTime() - raceStart;
          });
    } finally {
      for (Process child : children) {
        child.destroyForcibly();
      }
    }

    Map<String, String> winnerByKey = new TreeMap<>();
    Map<String, Integer> winsByRacer = new TreeMap<>();
    for (int p = 0; p < PROCESSES; p++) {
      String racer = "p" + p;
      for (String line : outputs.get(p)) {
        assertThat(line).startsWith("won ");
        String key = line.substring("won ".length());
        String previous = winnerByKey.put(key, racer);
        assertThat(previous).as("%s won by %s and %s", key, previous, racer).isNull();
        winsByRacer.merge(racer, 1, Integer::sum);
      }
    }
    assertThat(winnerByKey).hasSize(PROCESS_KEYS);
    for (int i = 0; i < PROCESS_KEYS; i++) {
      String key = PutIfAbsentRacer.key(i);
      byte[] expected = PutIfAbsentRacer.payload(winnerByKey.get(key), i);
      assertThat(store.read(key))
          .as(key)
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
    }
    assertThat(store.list("log/main/")).hasSize(PROCESS_KEYS);
    System.out.printf(
        "LocalObjectStoreTest: %d processes x %d keys raced in %.2f s (%.0f keys/s; %.2f s with JVM"
            + " start), wins per process %s%n",
        PROCESSES,
        PROCESS_KEYS,
        raceNanos[0] / 1e9,
        PROCESS_KEYS / (raceNanos[0] / 1e9),
        (System.nanoTime() - began) / 1e9,
        winsByRacer);
  }

  static byte[] filled(int size, int value) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) value);
    return data;
  }

  /** The one value every byte of {@code data} has, failing on a short or mixed (torn) read. */
  static int uniformValue(byte[] data, int size) {
    assertThat(data).as("length").hasSize(size);
    byte first = data[0];
    for (int i = 1; i < data.length; i++) {
      if (data[i] != first) {
        throw new AssertionError(
            "torn read: byte 0 is " + first + ", byte " + i + " is " + data[i]);
      }
    }
    return Byte.toUnsignedInt(first);
  }
}

package dev.omnigraph.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link ObjectStore} contract; every implementation's test extends this. */
abstract class ObjectStoreContractTest {
  static final int RACE_THREADS = 8;
  static final int RACE_ROUNDS = 1000;

  protected ObjectStore store;

  /** A new, empty store. */
  protected abstract ObjectStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  // --- read, exists, putIfAbsent, put -----------------------------------------------------------

  @Test
  void readOfAMissingKeyIsEmpty() {
    assertThat(store.read("log/main/00000000000000000001.json")).isEmpty();
    assertThat(store.exists("log/main/00000000000000000001.json")).isFalse();
  }

  @Test
  void putIfAbsentWinsOnceAndNeverChangesTheContent() {
    assertThat(store.putIfAbsent("log/main/1.json", bytes("first"))).isTrue();
    assertThat(store.putIfAbsent("log/main/1.json", bytes("second"))).isFalse();
    assertThat(store.putIfAbsent("log/main/1.json", bytes("first"))).isFalse();

    assertThat(store.read("log/main/1.json"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("first")));
    assertThat(store.exists("log/main/1.json")).isTrue();
  }

  @Test
  void putCreatesAndOverwrites() {
    store.put("hints/main", bytes("1"));
    assertThat(store.read("hints/main"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("1")));
    store.put("hints/main", bytes("22"));
    assertThat(store.read("hints/main"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("22")));
    store.put("hints/main", new byte[0]);
    assertThat(store.read("hints/main")).hasValueSatisfying(v -> assertThat(v).isEmpty());
  }

  @Test
  void putIfAbsentLosesToAPut() {
    store.put("k", bytes("put"));
    assertThat(store.putIfAbsent("k", bytes("conditional"))).isFalse();
    assertThat(store.read("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("put")));
  }

  @Test
  void emptyObjectIsAnObject() {
    assertThat(store.putIfAbsent("empty", new byte[0])).isTrue();
    assertThat(store.exists("empty")).isTrue();
    assertThat(store.read("empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(store.list("")).containsExactly("empty");
    assertThat(store.putIfAbsent("empty", bytes("x"))).isFalse();
  }

  @Test
  void everyByteValueRoundTrips() {
    byte[] all = new byte[512];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) (255 - (i % 256));
    }
    assertThat(store.putIfAbsent("binary/cond", all)).isTrue();
    store.put("binary/over", all);
    assertThat(store.read("binary/cond")).hasValueSatisfying(v -> assertThat(v).isEqualTo(all));
    assertThat(store.read("binary/over")).hasValueSatisfying(v -> assertThat(v).isEqualTo(all));
  }

  @Test
  void oneMegabyteObjectRoundTrips() {
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >>> 11));
    }
    assertThat(store.putIfAbsent("big/cond", big)).isTrue();
    store.put("big/over", big);
    assertThat(store.read("big/cond")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
    assertThat(store.read("big/over")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] mine = bytes("original");
    store.putIfAbsent("cond", mine);
    store.put("over", mine);
    Arrays.fill(mine, (byte) 'X');
    assertThat(store.read("cond"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("original")));
    assertThat(store.read("over"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("original")));

    byte[] read = store.read("cond").orElseThrow();
    Arrays.fill(read, (byte) 'Y');
    assertThat(store.read("cond"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("original")));
  }

  @Test
  void unicodeKeysRoundTrip() {
    assertThat(store.putIfAbsent("branches/Zweig-ä-日本", bytes("u"))).isTrue();
    assertThat(store.list("branches/")).containsExactly("branches/Zweig-ä-日本");
    assertThat(store.read("branches/Zweig-ä-日本")).isPresent();
  }

  // --- list -------------------------------------------------------------------------------------

  @Test
  void listOfAnEmptyStoreOrMissingFolderIsEmpty() {
    assertThat(store.list("")).isEmpty();
    assertThat(store.list("log/")).isEmpty();
    assertThat(store.list("no/such/folder/")).isEmpty();
  }

  @Test
  void listIsSortedRecursiveAndScopedToTheFolder() {
    for (String key :
        List.of(
            "log/a/2", "log/a/10", "log/a/1", "log/ab/1", "log/a/sub/x", "log/a.json", "log/b/1")) {
      store.putIfAbsent(key, bytes(key));
    }
    store.put("top", bytes("t"));

    assertThat(store.list("log/a/"))
        .containsExactly("log/a/1", "log/a/10", "log/a/2", "log/a/sub/x");
    assertThat(store.list("log/a/sub/")).containsExactly("log/a/sub/x");
    assertThat(store.list("log/"))
        .containsExactly(
            "log/a.json", "log/a/1", "log/a/10", "log/a/2", "log/a/sub/x", "log/ab/1", "log/b/1");
    assertThat(store.list("")).hasSize(8).isSorted().contains("top");
  }

  @Test
  void listOfAnObjectNameAsAFolderIsEmpty() {
    store.put("log/a", bytes("object"));
    assertThat(store.list("log/a/")).isEmpty();
  }

  @Test
  void listedKeysAreReadable() {
    store.putIfAbsent("x/y/z", bytes("z"));
    for (String key : store.list("")) {
      assertThat(store.read(key)).isPresent();
    }
  }

  @Test
  void listWithMetadataGivesTheListedKeysWithSizesAndWriteTimes() {
    // Stores stamp with their own clock and granularity (whole seconds on S3, the file system's
    // tick on disk), so the window around the writes is widened by a little more than a second.
    Instant before = Instant.now().minusSeconds(2);
    store.putIfAbsent("m/a/1", bytes("one"));
    store.put("m/a/22", bytes("twenty-two"));
    store.putIfAbsent("m/b", new byte[0]);
    store.put("other", bytes("x"));
    Instant after = Instant.now().plusSeconds(2);

    List<StoredObject> listed = store.listWithMetadata("m/");

    assertThat(listed).extracting(StoredObject::key).isEqualTo(store.list("m/"));
    assertThat(listed)
        .extracting(StoredObject::key, StoredObject::size)
        .containsExactly(tuple("m/a/1", 3L), tuple("m/a/22", 10L), tuple("m/b", 0L));
    assertThat(listed).allSatisfy(o -> assertThat(o.lastModified()).isBetween(before, after));
    assertThat(store.listWithMetadata("")).hasSize(4);
    assertThat(store.listWithMetadata("no/such/")).isEmpty();
    assertThatThrownBy(() -> store.listWithMetadata("m"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void completedWritesLeaveNoStrayTemps() {
    store.putIfAbsent("t/1", bytes("1"));
    store.put("t/2", bytes("2"));
    store.put("t/2", bytes("two"));

    assertThat(store.listStrayTemps()).isEmpty();
  }

  // --- delete -----------------------------------------------------------------------------------

  @Test
  void deleteRemovesAndIsIdempotent() {
    store.putIfAbsent("d/1", bytes("1"));
    store.putIfAbsent("d/2", bytes("2"));
    store.delete("d/1");
    store.delete("d/1");
    store.delete("never/existed");

    assertThat(store.read("d/1")).isEmpty();
    assertThat(store.exists("d/1")).isFalse();
    assertThat(store.list("d/")).containsExactly("d/2");
    assertThat(store.putIfAbsent("d/1", bytes("again"))).isTrue();
    assertThat(store.read("d/1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("again")));
  }

  // --- a folder is not an object (the shared namespace rule is in FolderNamespaceContractTest) ---

  @Test
  void aFolderIsNotAnObject() {
    store.putIfAbsent("a/b", bytes("b"));
    assertThat(store.read("a")).isEmpty();
    assertThat(store.exists("a")).isFalse();
    store.delete("a");
    assertThat(store.read("a/b")).isPresent();
  }

  @Test
  void aKeyBelowAnObjectIsAbsent() {
    store.putIfAbsent("a", bytes("a"));
    assertThat(store.read("a/b/c")).isEmpty();
    assertThat(store.exists("a/b")).isFalse();
    store.delete("a/b");
    assertThat(store.list("a/")).isEmpty();
    assertThat(store.list("")).containsExactly("a");
  }

  // --- key validation ---------------------------------------------------------------------------

  static Stream<String> badKeys() {
    return Stream.of(
        "",
        "/abs",
        "/",
        "a/",
        "a//b",
        "..",
        "../x",
        "a/../b",
        "a/..",
        ".",
        "./a",
        "a/./b",
        "a\\b",
        "a\u0000b",
        "a\nb",
        ".tmp-abc",
        "a/.tmp-x/b");
  }

  static Stream<Arguments> operations() {
    List<Arguments> out = new ArrayList<>();
    badKeys()
        .forEach(key -> {
          out.add(Arguments.of("read", key));
          out.add(Arguments.of("exists", key));
          out.add(Arguments.of("putIfAbsent", key));
          out.add(Arguments.of("put", key));
          out.add(Arguments.of("delete", key));
        });
    return out.stream();
  }

  @ParameterizedTest(name = "{0}({1})")
  @MethodSource("operations")
  void badKeysAreRefusedByEveryOperation(String operation, String key) {
    Consumer<String> call =
        switch (operation) {
          case "read" -> k -> store.read(k);
          case "exists" -> k -> store.exists(k);
          case "putIfAbsent" -> k -> store.putIfAbsent(k, bytes("x"));
          case "put" -> k -> store.put(k, bytes("x"));
          case "delete" -> k -> store.delete(k);
          default -> throw new AssertionError(operation);
        };
    String shown = StoreKeys.quote(key);
    assertThatThrownBy(() -> call.accept(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(shown);
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void segmentsUpTo255Utf8BytesAreAccepted() {
    String longest = "d/" + "x".repeat(252) + ".gz";
    assertThat(store.putIfAbsent(longest, bytes("ok"))).isTrue();
    assertThat(store.list("d/")).containsExactly(longest);
    String tooLong = "x".repeat(254) + "ä"; // 256 bytes in 255 chars
    assertThatThrownBy(() -> store.put(tooLong, bytes("no")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255");
  }

  @ParameterizedTest
  @ValueSource(strings = {"log", "/", "/log/", "log//", "../", "./", "a/../", "a\\b/", ".tmp-1/"})
  void badPrefixesAreRefused(String prefix) {
    assertThatThrownBy(() -> store.list(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(StoreKeys.quote(prefix));
  }

  @Test
  void keysThatLookOddButAreValidAreAccepted() {
    for (String key : List.of("a..b", "...", ".hidden", "a b", "a.tmp-", "x/tmp-1", "~", "a:b")) {
      assertThat(store.putIfAbsent(key, bytes(key))).as(key).isTrue();
      assertThat(store.read(key)).as(key).isPresent();
    }
  }

  // --- concurrency ------------------------------------------------------------------------------

  /** The one thread that won {@code round}, failing if none or several did. */
  static int winner(boolean[][] won, int round) {
    int winner = -1;
    for (int t = 0; t < won[round].length; t++) {
      if (won[round][t]) {
        assertThat(winner)
            .as("round %d: threads %d and %d both won", round, winner, t)
            .isEqualTo(-1);
        winner = t;
      }
    }
    assertThat(winner).as("round %d: nobody won", round).isNotEqualTo(-1);
    return winner;
  }

  /**
   * Runs each task on its own thread and waits for all. The first failure is rethrown; the other
   * tasks are interrupted at once, so they neither linger nor report their broken barrier instead.
   */
  static void runTogether(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CompletionService<Void> done = new ExecutorCompletionService<>(pool);
      for (Callable<Void> task : tasks) {
        done.submit(task);
      }
      for (int i = 0; i < tasks.size(); i++) {
        try {
          done.take().get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          switch (e.getCause()) {
            case Error error -> throw error;
            case Exception exception -> throw exception;
            default -> throw e;
          }
        }
      }
    } finally {
      pool.shutdownNow();
      pool.close(); // waits, so no task outlives the test and its temp folder
    }
  }

  static String raceKey(int round) {
    return "race/" + (round / 100) + "/" + round + ".json";
  }

  static byte[] racePayload(int thread, int round) {
    return bytes("{\"thread\":" + thread + ",\"round\":" + round + "}");
  }

  @Test
  void putIfAbsentHasExactlyOneWinnerPerRoundUnderAThreadRace() {
    boolean[][] won =
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> race(RACE_THREADS, RACE_ROUNDS));
    for (int round = 0; round < RACE_ROUNDS; round++) {
      int winner = winner(won, round);
      byte[] expected = racePayload(winner, round);
      int r = round;
      assertThat(store.read(raceKey(round)))
          .as("round %d", round)
          .hasValueSatisfying(v -> assertThat(v).as("round %d", r).isEqualTo(expected));
    }
    assertThat(store.list("race/")).hasSize(RACE_ROUNDS);
  }

  /**
   * Runs {@code rounds} rounds in which {@code threads} threads, released together by a barrier,
   * each putIfAbsent their own payload under the round's fresh key; {@code won[round][thread]}.
   */
  boolean[][] race(int threads, int rounds) throws Exception {
    boolean[][] won = new boolean[rounds][threads];
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Callable<Void>> racers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      racers.add(() -> {
        for (int round = 0; round < rounds; round++) {
          start.await(30, TimeUnit.SECONDS);
          won[round][thread] = store.putIfAbsent(raceKey(round), racePayload(thread, round));
        }
        return null;
      });
    }
    long began = System.nanoTime();
    runTogether(racers); // happens-before: the racers' writes to won are visible after this
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf(
        "%s: putIfAbsent race %d threads x %d rounds in %.2f s = %.0f rounds/s (%.3f ms/round)%n",
        getClass().getSimpleName(),
        threads,
        rounds,
        seconds,
        rounds / seconds,
        seconds * 1e3 / rounds);
    return won;
  }
}

package dev.omnigraph.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM of {@link LocalObjectStoreTest}'s cross-process race: prints {@code ready}, waits at
 * the start gate, then putIfAbsents its own payload under every shared key and prints each key it
 * won.
 */
public final class PutIfAbsentRacer {
  private PutIfAbsentRacer() {}

  /** Arguments: store root, go file, racer id, key count. */
  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    Path go = Path.of(args[1]);
    String racer = args[2];
    int keys = Integer.parseInt(args[3]);
    ObjectStore store = LocalObjectStore.open(root);

    System.out.println("ready");
    System.out.flush();
    // A start gate so every racer begins together: the parent creates the file once all of us are
    // ready. Spinning, not sleeping, keeps the release tight; the deadline keeps a lost parent
    // from leaving us running forever.
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        System.err.println("racer " + racer + ": no go file after 60 s");
        System.exit(2);
      }
      Thread.onSpinWait();
    }
    for (int i = 0; i < keys; i++) {
      if (store.putIfAbsent(key(i), payload(racer, i))) {
        System.out.println("won " + key(i));
      }
    }
    System.out.println("done");
  }

  static String key(int i) {
    return "log/main/" + String.format("%020d", i) + ".json";
  }

  static byte[] payload(String racer, int i) {
    return ("{\"racer\":\"" + racer + "\",\"seq\":" + i + "}").getBytes(UTF_8);
  }
}

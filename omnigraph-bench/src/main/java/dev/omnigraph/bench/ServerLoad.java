package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.server.GraphSpec;
import dev.omnigraph.server.OmnigraphServer;
import dev.omnigraph.server.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounded load test of the HTTP server: a real server on 127.0.0.1 (port 0) serving one graph
 * of 1,000 people, bearer tokens and a policy on, and N client threads (JDK HTTP clients, four
 * actors) that for a fixed time send a mix of reads ({@code POST /query}: a lookup by name and a
 * count, and {@code GET /snapshot}) and writes (half {@code POST /mutate} inserting one person on
 * main, half branch create and delete). Only typed conflicts (409 {@code conflict}) and admission
 * refusals (429 with {@code Retry-After}) are tolerated; anything else is an error. Afterwards
 * every acknowledged write must be visible: each acknowledged insert and branch create present
 * (unless the branch's delete was acknowledged), each refused one absent. Run as {@code java ...
 * ServerLoad [seconds] [clients] [write percent]} (defaults 60, 16, 20); prints a Markdown table.
 */
public final class ServerLoad {
  private static final List<String> ACTORS = List.of("act-a", "act-b", "act-c", "act-d");
  private static final int PEOPLE = 1_000;
  // Each client keeps at most this many of its own branches alive, deleting the oldest first.
  private static final int LIVE_BRANCHES_PER_CLIENT = 3;
  private static final Pattern BRANCH = Pattern.compile("\"(load-[0-9]+-[0-9]+)\"");

  private static final String POLICY =
      """
      version: 1
      groups:
        load: [act-a, act-b, act-c, act-d]
      rules:
        - id: load-read
          allow: { actors: { group: load }, actions: [read], branch_scope: any }
        - id: load-change
          allow: { actors: { group: load }, actions: [change], branch_scope: any }
        - id: load-branches
          allow: { actors: { group: load }, actions: [branch_create, branch_delete], target_branch_scope: any }
      """;

  private static final String BY_NAME =
      "query by_name($name: String) { match { $p: Person { name: $name } } return { $p.name,"
          + " $p.age } }";
  private static final String INSERT =
      "query add($name: String) { insert Person { name: $name, age: 1 } }";
  private static final String INSERTED =
      "query inserted() { match { $p: Person $p.age = 1 } return { $p.name } }";
  private static final Pattern INSERTED_NAME = Pattern.compile("\"(w-[0-9]+-[0-9]+)\"");
  private static final String COUNT =
      "query count_people() { match { $p: Person } return { count($p) as n } }";

  /** What a run measured, and whether the graph held every acknowledged write afterwards. */
  record Result(
      Duration elapsed,
      int clients,
      Kind reads,
      Kind writes,
      long conflicts,
      long refusals,
      List<String> errors,
      List<String> lostWrites) {
    long operations() {
      return reads.count() + writes.count() + conflicts + refusals;
    }

    double throughput() {
      return operations() / (elapsed.toNanos() / 1e9);
    }

    boolean clean() {
      return errors.isEmpty() && lostWrites.isEmpty();
    }
  }

  /** The latencies of one kind of request that succeeded. */
  record Kind(long count, double p50Ms, double p99Ms) {
    static Kind of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new Kind(sorted.length, percentile(sorted, 50), percentile(sorted, 99));
    }

    private static double percentile(long[] sorted, int p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, rank)] / 1e6;
    }
  }

  private ServerLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int writePercent = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Result r = run(Duration.ofSeconds(seconds), clients, writePercent);
    System.out.printf(
        Locale.ROOT,
        "%d clients, %d s, %d%% writes: %.1f requests/s%n%n",
        r.clients(),
        r.elapsed().toSeconds(),
        writePercent,
        r.throughput());
    System.out.println("| requests | count | p50 ms | p99 ms |");
    System.out.println("|---|---:|---:|---:|");
    row("reads (query, snapshot)", r.reads());
    row("writes (mutate insert, branch create/delete)", r.writes());
    System.out.printf(
        Locale.ROOT,
        "%nconflicts (409): %d, admission refusals (429): %d, errors: %d, lost writes: %d%n",
        r.conflicts(),
        r.refusals(),
        r.errors().size(),
        r.lostWrites().size());
    r.errors().stream().limit(10).forEach(e -> System.out.println("error: " + e));
    r.lostWrites().stream().limit(10).forEach(e -> System.out.println("lost: " + e));
    if (!r.clean()) {
      System.exit(1);
    }
  }

  private static void row(String name, Kind k) {
    System.out.printf(
        Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", name, k.count(), k.p50Ms(), k.p99Ms());
  }

  /** Runs the load for {@code duration} with {@code clients} threads and checks the graph after. */
  static Result run(Duration duration, int clients, int writePercent) throws Exception {
    try (ScratchDirectory scratch = ScratchDirectory.create("server-load")) {
      Path graph = scratch.child("graph");
      try (Omnigraph g = Omnigraph.init(graph, BenchSchema.SOURCE)) {
        List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
          people.add(BenchSchema.node("p" + i));
        }
        g.append("main", Map.of(BenchSchema.PERSON, people));
      }
      Path policy = Files.writeString(scratch.child("load.policy.yaml"), POLICY);
      StringBuilder tokens = new StringBuilder("{");
      for (String actor : ACTORS) {
        tokens.append(tokens.length() > 1 ? "," : "").append('"').append(actor);
        tokens.append("\":\"tok-").append(actor).append('"');
      }
      ServerSettings settings =
          new ServerSettings(
              List.of(new GraphSpec("load", graph.toString())),
              "127.0.0.1",
              0,
              false,
              true,
              Optional.of(policy),
              Map.of(),
              Optional.empty(),
              ServerSettings.DEFAULT_STOP_TIMEOUT);
      try (OmnigraphServer server =
          OmnigraphServer.start(
              settings,
              Map.of("OMNIGRAPH_SERVER_BEARER_TOKENS_JSON", tokens.append('}').toString()))) {
        String base = "http://" + server.listenAddress() + "/graphs/load";
        return drive(base, duration, clients, writePercent);
      }
    }
  }

  private static Result drive(String base, Duration duration, int clients, int writePercent)
      throws Exception {
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Client> all = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        Client c = new Client(i, base, "tok-" + ACTORS.get(i % ACTORS.size()), writePercent);
        all.add(c);
        running.add(pool.submit(() -> c.loop(deadline)));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    List<String> errors = new ArrayList<>();
    long conflicts = 0;
    long refusals = 0;
    Samples reads = new Samples();
    Samples writes = new Samples();
    for (Client c : all) {
      errors.addAll(c.errors);
      conflicts += c.conflicts;
      refusals += c.refusals;
      reads.addAll(c.reads);
      writes.addAll(c.writes);
    }
    List<String> lost = verify(base, all, errors);
    return new Result(
        elapsed,
        clients,
        Kind.of(reads.toArray()),
        Kind.of(writes.toArray()),
        conflicts,
        refusals,
        errors,
        lost);
  }

  // Every acknowledged create is present unless its delete was acknowledged; every refused create
  // is absent (a refused write leaves the graph as it was).
  private static List<String> verify(String base, List<Client> clients, List<String> errors) {
    List<String> lost = new ArrayList<>();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/branches"))
                  .header("Authorization", "Bearer tok-" + ACTORS.get(0))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        errors.add("GET /branches after the run: " + r.statusCode() + " " + r.body());
        return lost;
      }
      Set<String> present = new HashSet<>();
      Matcher m = BRANCH.matcher(r.body());
      while (m.find()) {
        present.add(m.group(1));
      }
      HttpResponse<String> q =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/query"))
                  .header("Authorization", "Bearer tok-" + ACTORS.get(0))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"query\":" + quote(INSERTED) + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (q.statusCode() != 200) {
        errors.add("POST /query after the run: " + q.statusCode() + " " + q.body());
        return lost;
      }
      Set<String> people = new HashSet<>();
      Matcher names = INSERTED_NAME.matcher(q.body());
      while (names.find()) {
        people.add(names.group(1));
      }
      for (Client c : clients) {
        for (String p : c.inserted) {
          if (!people.contains(p)) {
            lost.add("acknowledged insert of " + p + " is missing");
          }
        }
        for (String p : c.notInserted) {
          if (people.contains(p)) {
            lost.add(p + " is present although its insert was refused");
          }
        }
      }
      for (Client c : clients) {
        for (String b : c.live) {
          if (!present.contains(b)) {
            lost.add("acknowledged branch " + b + " is missing");
          }
        }
        for (String b : c.deleted) {
          if (present.contains(b)) {
            lost.add("branch " + b + " is present after its delete was acknowledged");
          }
        }
        for (String b : c.refused) {
          if (present.contains(b)) {
            lost.add("branch " + b + " is present although its create was refused");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return lost;
  }

  /** One client thread: its own HTTP client, actor token, random stream and bookkeeping. */
  private static final class Client {
    final int id;
    final String base;
    final String token;
    final int writePercent;
    final SplittableRandom random;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final Samples reads = new Samples();
    final Samples writes = new Samples();
    final List<String> errors = new ArrayList<>();
    final Deque<String> live = new ArrayDeque<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> refused = new ArrayList<>();
    final List<String> inserted = new ArrayList<>();
    final List<String> notInserted = new ArrayList<>();
    long conflicts;
    long refusals;
    int next;

    Client(int id, String base, String token, int writePercent) {
      this.id = id;
      this.base = base;
      this.token = token;
      this.writePercent = writePercent;
      this.random = new SplittableRandom(id);
    }

    void loop(long deadline) {
      try (http) {
        while (System.nanoTime() < deadline) {
          if (random.nextInt(100) < writePercent) {
            write();
          } else {
            read();
          }
        }
      }
    }

    private void read() {
      int pick = random.nextInt(10);
      HttpRequest.Builder b;
      if (pick < 6) {
        String name = "name-p" + random.nextInt(PEOPLE);
        b =
            post(
                "/query",
                "{\"query\":" + quote(BY_NAME) + ",\"params\":{\"name\":" + quote(name) + "}}");
      } else if (pick < 8) {
        b = post("/query", "{\"query\":" + quote(COUNT) + "}");
      } else {
        b = request("/snapshot").GET();
      }
      send(b, reads, "read");
    }

    private void write() {
      if (random.nextBoolean()) {
        insert();
        return;
      }
      if (live.size() >= LIVE_BRANCHES_PER_CLIENT) {
        String victim = live.peekFirst();
        Outcome o = send(request("/branches/" + victim).DELETE(), writes, "delete " + victim);
        if (o == Outcome.OK) {
          live.removeFirst();
          deleted.add(victim);
        }
        return;
      }
      String name = "load-" + id + "-" + next++;
      Outcome o =
          send(
              post("/branches", "{\"name\":\"" + name + "\",\"from\":\"main\"}"),
              writes,
              "create " + name);
      switch (o) {
        case OK -> live.addLast(name);
        case REFUSED -> refused.add(name);
        case FAILED -> {} // its effect is unknown; reported as an error already
      }
    }

    // One person inserted on main through POST /mutate; concurrent inserts may lose a race (409).
    private void insert() {
      String name = "w-" + id + "-" + next++;
      Outcome o =
          send(
              post(
                  "/mutate",
                  "{\"query\":" + quote(INSERT) + ",\"params\":{\"name\":" + quote(name) + "}}"),
              writes,
              "insert " + name);
      switch (o) {
        case OK -> inserted.add(name);
        case REFUSED -> notInserted.add(name);
        case FAILED -> {}
      }
    }

    enum Outcome {
      OK,
      REFUSED,
      FAILED
    }

    private Outcome send(HttpRequest.Builder b, Samples samples, String what) {
      long t0 = System.nanoTime();
      HttpResponse<String> r;
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        errors.add(what + ": " + e);
        return Outcome.FAILED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        errors.add(what + ": interrupted");
        return Outcome.FAILED;
      }
      long took = System.nanoTime() - t0;
      int status = r.statusCode();
      if (status == 200) {
        samples.add(took);
        return Outcome.OK;
      }
      if (status == 409 && r.body().contains("\"code\":\"conflict\"")) {
        conflicts++;
        return Outcome.REFUSED;
      }
      if (status == 429 && r.headers().firstValue("Retry-After").isPresent()) {
        refusals++;
        return Outcome.REFUSED;
      }
      errors.add(what + ": " + status + " " + r.body());
      return Outcome.FAILED;
    }

    private HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder post(String path, String json) {
      return request(path)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A growable list of nanosecond samples. */
  private static final class Samples {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(Samples other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}

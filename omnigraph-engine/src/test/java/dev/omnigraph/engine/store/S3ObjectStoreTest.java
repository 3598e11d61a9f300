package dev.omnigraph.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** The contract on S3Proxy, in process on 127.0.0.1 with an in-memory backend, plus S3 matters. */
class S3ObjectStoreTest extends ObjectStoreContractTest {
  static final String BUCKET = "omnigraph-test";
  static final String ACCESS_KEY = "test-access";
  static final String SECRET_KEY = "test-secret";
  static final AtomicInteger NEXT_ROOT = new AtomicInteger();

  static S3Proxy proxy;
  static URI endpoint;

  /** A client of our own, to look at the bucket from outside the store under test. */
  static S3Client raw;

  final List<S3ObjectStore> opened = new ArrayList<>();
  String prefix;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start(); // Jetty's start returns once the connector is bound
    assertThat(proxy.getState()).isEqualTo("STARTED");
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    raw =
        S3Client.builder()
            .httpClient(Apache5HttpClient.create())
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
    raw.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
  }

  @Override
  protected ObjectStore newStore() {
    prefix = "graphs/g" + NEXT_ROOT.incrementAndGet();
    return open(new S3Location(BUCKET, prefix));
  }

  @AfterEach
  void closeStores() {
    opened.forEach(S3ObjectStore::close);
  }

  S3ObjectStore open(S3Location location) {
    return open(location, endpoint, Duration.ofSeconds(30));
  }

  S3ObjectStore open(S3Location location, URI at, Duration callTimeout) {
    S3ObjectStore opened =
        S3ObjectStore.builder(location)
            .endpoint(at)
            .region("us-east-1")
            .pathStyle(true)
            .credentials(ACCESS_KEY, SECRET_KEY)
            .connectTimeout(Duration.ofSeconds(2))
            .callTimeout(callTimeout)
            .build();
    this.opened.add(opened);
    return opened;
  }

  // --- where the objects are --------------------------------------------------------------------

  @Test
  void locationIsTheS3UriAndKeysLandBelowThePrefix() {
    assertThat(store.location()).isEqualTo("s3://" + BUCKET + "/" + prefix);
    assertThat(store).hasToString("S3ObjectStore[s3://" + BUCKET + "/" + prefix + "]");
    store.putIfAbsent("log/main/1.json", bytes("{}"));
    assertThat(
            raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + "/log/main/1.json"))
                .asUtf8String())
        .isEqualTo("{}");
  }

  @Test
  void aPrefixIsolatesStoresInOneBucket() {
    // "iso/a" is a string prefix of "iso/ab": only the slash keeps them apart.
    String base = "iso" + NEXT_ROOT.incrementAndGet();
    ObjectStore a = open(new S3Location(BUCKET, base + "/a"));
    ObjectStore ab = open(new S3Location(BUCKET, base + "/ab"));
    ObjectStore parent = open(new S3Location(BUCKET, base));

    assertThat(a.putIfAbsent("k", bytes("in a"))).isTrue();
    assertThat(ab.putIfAbsent("k", bytes("in ab"))).isTrue();
    assertThat(a.read("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("in a")));
    assertThat(ab.read("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("in ab")));
    assertThat(a.list("")).containsExactly("k");
    assertThat(ab.list("")).containsExactly("k");
    assertThat(parent.list("")).containsExactly("a/k", "ab/k");

    a.delete("k");
    assertThat(a.exists("k")).isFalse();
    assertThat(ab.exists("k")).isTrue();
  }

  @Test
  void listPagesPastOneThousandKeys() {
    int count = 1234;
    for (int i = 0; i < count; i++) {
      store.put(String.format("many/%05d", i), bytes(Integer.toString(i)));
    }
    // Proves the server did cut the listing, so the store's loop over pages is what was tested.
    ListObjectsV2Response firstPage =
        raw.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix + "/many/"));
    assertThat(firstPage.isTruncated()).isTrue();
    assertThat(firstPage.contents()).hasSizeLessThan(count);

    List<String> keys = store.list("many/");
    assertThat(keys).hasSize(count).isSorted().doesNotHaveDuplicates();
    assertThat(keys.getFirst()).isEqualTo("many/00000");
    assertThat(keys.getLast()).isEqualTo(String.format("many/%05d", count - 1));
  }

  // --- failures ---------------------------------------------------------------------------------

  @Test
  void aFailureIsAStoreExceptionNamingOperationKeyAndS3Location() {
    ObjectStore missing = open(new S3Location("no-such-bucket", "graphs/g"));
    assertThatThrownBy(() -> missing.read("log/1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("read of \"log/1\" in s3://no-such-bucket/graphs/g failed")
        .hasMessageContaining("NoSuchBucket");
    assertThatThrownBy(() -> missing.putIfAbsent("log/1", bytes("x")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("putIfAbsent of \"log/1\" in s3://no-such-bucket/graphs/g failed");
    assertThatThrownBy(() -> missing.put("hint", bytes("x")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("put of \"hint\" in s3://no-such-bucket/graphs/g failed");
    assertThatThrownBy(() -> missing.list("log/"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("list of \"log/\" in s3://no-such-bucket/graphs/g failed");
  }

  @Test
  void wrongCredentialsAreAStoreException() {
    S3ObjectStore forged =
        S3ObjectStore.builder(new S3Location(BUCKET, prefix))
            .endpoint(endpoint)
            .pathStyle(true)
            .credentials(ACCESS_KEY, "not-the-secret")
            .build();
    opened.add(forged);
    assertThatThrownBy(() -> forged.exists("k"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("exists of \"k\" in s3://" + BUCKET + "/" + prefix)
        .hasMessageContaining("403");
  }

  @Test
  void aServerThatIsDownIsAStoreExceptionNotAHang() throws IOException {
    URI down;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } // closed: connections to the port are refused
    ObjectStore unreachable = open(new S3Location(BUCKET, "down"), down, Duration.ofSeconds(5));
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          assertThatThrownBy(() -> unreachable.read("k"))
              .isInstanceOf(StoreException.class)
              .hasMessageContaining("read of \"k\" in s3://" + BUCKET + "/down failed");
          assertThatThrownBy(() -> unreachable.putIfAbsent("k", bytes("x")))
              .isInstanceOf(StoreException.class)
              .hasMessageContaining("putIfAbsent of \"k\"");
        });
  }

  @Test
  void aServerThatNeverAnswersTimesOutAsAStoreException() throws IOException {
    // The kernel completes the TCP handshake into the backlog; nothing ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      URI mute = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      ObjectStore hanging = open(new S3Location(BUCKET, "mute"), mute, Duration.ofMillis(300));
      long began = System.nanoTime();
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            assertThatThrownBy(() -> hanging.exists("k"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("exists of \"k\" in s3://" + BUCKET + "/mute failed");
            assertThatThrownBy(() -> hanging.putIfAbsent("k", bytes("x")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("putIfAbsent of \"k\"");
          });
      System.out.printf(
          "S3ObjectStoreTest: silent server: exists (retried) + putIfAbsent failed in %.2f s%n",
          (System.nanoTime() - began) / 1e9);
    }
  }

  // --- answers S3Proxy never gives (409, a lost answer): a scripted fake server -----------------

  @Test
  void aConflictIsALossIfTheObjectThenExists() throws IOException {
    assertThat(fakePutIfAbsent("409", "200")).isEqualTo(List.of("false", "PUT", "HEAD"));
  }

  @Test
  void aConflictIsRetriedIfTheObjectIsStillAbsent() throws IOException {
    assertThat(fakePutIfAbsent("409", "404", "200"))
        .isEqualTo(List.of("true", "PUT", "HEAD", "PUT"));
  }

  @Test
  void aThirdConflictWithTheObjectStillAbsentIsAStoreException() throws IOException {
    assertThat(fakePutIfAbsent("409", "404", "409", "404", "409", "404"))
        .containsExactly(
            "StoreException: putIfAbsent of \"k\" in s3://fake/g failed: HTTP 409"
                + " ConditionalRequestConflict",
            "PUT",
            "HEAD",
            "PUT",
            "HEAD",
            "PUT",
            "HEAD");
  }

  @Test
  void aLostAnswerIsAWinIfTheObjectCarriesThisCallsToken() throws IOException {
    assertThat(fakePutIfAbsent("drop", "200-mine")).isEqualTo(List.of("true", "PUT", "HEAD"));
  }

  @Test
  void aLostAnswerIsALossIfTheObjectCarriesAnotherToken() throws IOException {
    assertThat(fakePutIfAbsent("drop", "200-other")).isEqualTo(List.of("false", "PUT", "HEAD"));
  }

  @Test
  void aLostAnswerThenA412IsAWinIfOurFirstPutLandedLate() throws IOException {
    assertThat(fakePutIfAbsent("drop", "404", "412", "200-mine"))
        .isEqualTo(List.of("true", "PUT", "HEAD", "PUT", "HEAD"));
  }

  /**
   * Runs one putIfAbsent against a server answering each request with the next scripted answer (a
   * status, {@code drop} to close without answering, {@code 200-mine}/{@code 200-other} for a HEAD
   * whose token is the last PUT's or not), and returns its outcome followed by the methods seen.
   */
  List<String> fakePutIfAbsent(String... script) throws IOException {
    Queue<String> answers = new ConcurrentLinkedQueue<>(List.of(script));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<String> lastToken = new AtomicReference<>("");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.add(exchange.getRequestMethod());
          String token = exchange.getRequestHeaders().getFirst("x-amz-meta-omnigraph-put-token");
          if (token != null) {
            lastToken.set(token);
          }
          exchange.getRequestBody().readAllBytes();
          String answer = answers.poll();
          switch (answer == null ? "500" : answer) {
            case "drop" -> exchange.close();
            case "200-mine" -> answer(exchange, 200, lastToken.get());
            case "200-other" -> answer(exchange, 200, "someone-else");
            default -> answer(exchange, Integer.parseInt(answer == null ? "500" : answer), null);
          }
        });
    server.start();
    String outcome;
    try {
      URI fake = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      ObjectStore store = open(new S3Location("fake", "g"), fake, Duration.ofSeconds(5));
      outcome = Boolean.toString(store.putIfAbsent("k", bytes("x")));
    } catch (StoreException e) {
      outcome = "StoreException: " + e.getMessage().substring(0, e.getMessage().indexOf(':', 60));
    } finally {
      server.stop(0);
    }
    List<String> result = new ArrayList<>();
    result.add(outcome);
    result.addAll(seen);
    return result;
  }

  static void answer(HttpExchange exchange, int status, String token) throws IOException {
    String body =
        status == 409
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
                + "<Code>ConditionalRequestConflict</Code>"
                + "<Message>A conflicting conditional operation is in progress</Message></Error>"
            : "";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (status == 409) {
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
    }
    if (token != null) {
      exchange.getResponseHeaders().add("x-amz-meta-omnigraph-put-token", token);
    }
    boolean noBody = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
    if (!noBody) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  // --- S3Location -------------------------------------------------------------------------------

  @Test
  void locationsParseAndPrint() {
    assertThat(S3Location.parse("s3://b/graphs/g1/")).isEqualTo(new S3Location("b", "graphs/g1"));
    assertThat(S3Location.parse("s3://b/graphs/g1")).hasToString("s3://b/graphs/g1");
    assertThat(S3Location.parse("s3://b")).isEqualTo(new S3Location("b", ""));
    assertThat(S3Location.parse("s3://b/")).hasToString("s3://b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s3://", "s3:///x", "http://b/x", "s3://b/a//c", "s3://b/../x"})
  void badLocationsAreRefused(String uri) {
    assertThatThrownBy(() -> S3Location.parse(uri)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoreAtTheTopOfABucketUsesTheKeysAsTheyAre() {
    String bucket = "top-" + NEXT_ROOT.incrementAndGet();
    raw.createBucket(b -> b.bucket(bucket));
    ObjectStore top = open(new S3Location(bucket, ""));
    assertThat(top.location()).isEqualTo("s3://" + bucket);
    top.putIfAbsent("log/1", bytes("1"));
    assertThat(raw.headObject(b -> b.bucket(bucket).key("log/1")).contentLength()).isEqualTo(1);
    assertThat(top.list("")).containsExactly("log/1");
  }
}

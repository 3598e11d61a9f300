package dev.omnigraph.engine.store;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server (S3Proxy, in-memory backend) in this JVM on 127.0.0.1 with one bucket and
 * fixed keys, for tests of any engine package, and the settings that reach it: an {@link
 * S3ObjectStore} for our objects and the Lance storage options for the tables. Child JVMs reach it
 * through {@link #endpoint()}.
 */
public final class S3ProxyFixture implements AutoCloseable {
  public static final String BUCKET = "omnigraph-test";
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret";
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final URI endpoint;

  private S3ProxyFixture(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** Starts the server on a free port and creates the bucket. */
  public static S3ProxyFixture start() throws Exception {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start(); // Jetty's start returns once the connector is bound
    if (!"STARTED".equals(proxy.getState())) {
      proxy.stop();
      throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
    }
    S3ProxyFixture fixture =
        new S3ProxyFixture(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    try (S3Client raw =
        S3Client.builder()
            .httpClient(Apache5HttpClient.create())
            .endpointOverride(fixture.endpoint)
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build()) {
      raw.createBucket(b -> b.bucket(BUCKET));
    } catch (RuntimeException e) {
      proxy.stop();
      throw e;
    }
    return fixture;
  }

  /** The server's base URI, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** A store rooted at {@code prefix} of the bucket. */
  public S3ObjectStore store(String prefix) {
    return store(endpoint, prefix);
  }

  /** A store on the server at {@code endpoint}, rooted at {@code prefix} of the bucket. */
  public static S3ObjectStore store(URI endpoint, String prefix) {
    return S3ObjectStore.builder(new S3Location(BUCKET, prefix))
        .endpoint(endpoint)
        .region(REGION)
        .pathStyle(true)
        .credentials(ACCESS_KEY, SECRET_KEY)
        .connectTimeout(Duration.ofSeconds(2))
        .callTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * The Lance storage options for tables on the server at {@code endpoint}: its address over plain
   * HTTP, path-style addressing (the bucket is not a host name), the region and the keys.
   */
  public static Map<String, String> lanceOptions(URI endpoint) {
    return Map.of(
        "aws_endpoint",
        endpoint.toString(),
        "allow_http",
        "true",
        "aws_virtual_hosted_style_request",
        "false",
        "aws_region",
        REGION,
        "aws_access_key_id",
        ACCESS_KEY,
        "aws_secret_access_key",
        SECRET_KEY);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping S3Proxy", e);
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }
}

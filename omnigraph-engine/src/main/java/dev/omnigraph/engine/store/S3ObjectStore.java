package dev.omnigraph.engine.store;

import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} on one prefix of an S3 bucket, on AWS or any S3-compatible server (custom
 * endpoint, path-style addressing), whose {@link #putIfAbsent} is a PutObject with {@code
 * If-None-Match: *}, so the server decides the one winner across any number of processes and
 * machines.
 *
 * <p>S3 has no folders: unlike {@link LocalObjectStore}, an object {@code a} and objects under
 * {@code a/} may both exist. Enforcing the file-system rule would cost a HEAD per parent and a LIST
 * per write and still not be atomic, so it is not enforced; engine keys never collide that way.
 *
 * <p>Close it to release its HTTP connections.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  private static final int HTTP_PRECONDITION_FAILED = 412;
  private static final int HTTP_CONFLICT = 409;
  private static final int MAX_CONDITIONAL_ATTEMPTS = 3;

  /** User metadata naming the putIfAbsent call that wrote an object ({@code x-amz-meta-...}). */
  private static final String PUT_TOKEN = "omnigraph-put-token";

  private final S3Location location;
  private final SdkHttpClient http;

  /** Retries transient failures; for the idempotent calls, where a repeat changes nothing. */
  private final S3Client client;

  /**
   * Never retries by itself: a retried conditional PUT whose first attempt landed unseen would get
   * 412 and report our own win as a loss. {@link #putIfAbsent} retries knowing that.
   */
  private final S3Client conditionalClient;

  private S3ObjectStore(Builder builder) {
    this.location = builder.location;
    this.http =
        Apache5HttpClient.builder()
            .connectionTimeout(builder.connectTimeout)
            .socketTimeout(builder.callTimeout)
            .build();
    this.client = newClient(builder, http, AwsRetryStrategy.defaultRetryStrategy());
    this.conditionalClient = newClient(builder, http, AwsRetryStrategy.doNotRetry());
  }

  /** Starts configuring a store on {@code location}. */
  public static Builder builder(S3Location location) {
    return new Builder(location);
  }

  private static S3Client newClient(Builder builder, SdkHttpClient http, RetryStrategy retries) {
    S3ClientBuilder s3 =
        S3Client.builder()
            .httpClient(http)
            .region(Region.of(builder.region))
            .forcePathStyle(builder.pathStyle)
            // Checksums only where S3 requires them: third-party servers differ in how they
            // handle the SDK's default trailing CRC (aws-chunked uploads).
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            // Some S3-compatible servers mishandle "Expect: 100-continue"; our objects are
            // small, so sending the body at once costs little.
            .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build())
            .overrideConfiguration(
                c -> c.retryStrategy(retries).apiCallAttemptTimeout(builder.callTimeout));
    if (builder.endpoint != null) {
      s3.endpointOverride(builder.endpoint);
    }
    if (builder.accessKeyId != null) {
      s3.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(builder.accessKeyId, builder.secretAccessKey)));
    }
    return s3.build();
  }

  /** The bucket and prefix this store lives at. */
  public S3Location s3Location() {
    return location;
  }

  @Override
  public Optional<byte[]> read(String key) {
    String objectKey = objectKey(key);
    try {
      return Optional.of(
          client
              .getObjectAsBytes(b -> b.bucket(location.bucket()).key(objectKey))
              .asByteArrayUnsafe());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    String objectKey = objectKey(key);
    try {
      client.headObject(b -> b.bucket(location.bucket()).key(objectKey));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (SdkException e) {
      throw failure("exists", key, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A 412 is a loss. Two answers leave the outcome open, and are settled before returning:
   *
   * <ul>
   *   <li>A 409 (AWS's ConditionalRequestConflict: another conditional write of the key was in
   *       flight) rejected this request, so it is a loss if the object then exists; if not, the
   *       other write failed and the PUT is tried again.
   *   <li>A failure with no answer (a dropped connection, a server that answered before reading the
   *       body and closed, a timeout) may or may not have landed. Every PUT of one call carries the
   *       same random token in its metadata, so a HEAD settles it exactly: absent, the PUT is tried
   *       again; present, the call won if and only if the object carries its token.
   * </ul>
   *
   * At most {@value #MAX_CONDITIONAL_ATTEMPTS} PUTs are sent; then a {@link StoreException}.
   */
  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    String objectKey = objectKey(key);
    Failpoints.hit(Failpoint.STORE_BEFORE_PUT_IF_ABSENT);
    String token = UUID.randomUUID().toString();
    boolean unanswered = false; // an earlier attempt of this call may have landed
    SdkException last = null;
    for (int attempt = 1; attempt <= MAX_CONDITIONAL_ATTEMPTS; attempt++) {
      try {
        conditionalClient.putObject(
            b ->
                b.bucket(location.bucket())
                    .key(objectKey)
                    .ifNoneMatch("*")
                    .metadata(Map.of(PUT_TOKEN, token)),
            RequestBody.fromBytes(data));
        Failpoints.hit(Failpoint.STORE_AFTER_PUT_IF_ABSENT);
        return true;
      } catch (AwsServiceException e) {
        if (e.statusCode() == HTTP_PRECONDITION_FAILED && !unanswered) {
          return false;
        }
        if (e.statusCode() != HTTP_PRECONDITION_FAILED && e.statusCode() != HTTP_CONFLICT) {
          throw failure("putIfAbsent", key, e);
        }
        Optional<Boolean> settled = settle(key, token, unanswered);
        if (settled.isPresent()) {
          return wonIf(settled.get());
        }
        last = e; // absent after all: the other write failed or was deleted, so the key is free
      } catch (SdkException e) {
        unanswered = true;
        Optional<Boolean> settled;
        try {
          settled = settle(key, token, true);
        } catch (StoreException unsettled) {
          StoreException failure = failure("putIfAbsent", key, e);
          failure.addSuppressed(unsettled);
          throw failure;
        }
        if (settled.isPresent()) {
          return wonIf(settled.get());
        }
        last = e;
      }
    }
    throw failure("putIfAbsent", key, last);
  }

  /**
   * Whether a conditional PUT that did not plainly win still won: empty if the object is absent
   * (nothing is settled), else a win only if an earlier attempt of this call may have landed and
   * the object carries this call's token.
   */
  private Optional<Boolean> settle(String key, String token, boolean unanswered) {
    String objectKey = objectKey(key);
    try {
      Map<String, String> metadata =
          client.headObject(b -> b.bucket(location.bucket()).key(objectKey)).metadata();
      return Optional.of(unanswered && token.equals(metadata.get(PUT_TOKEN)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("putIfAbsent", key, e);
    }
  }

  private static boolean wonIf(boolean won) {
    if (won) {
      Failpoints.hit(Failpoint.STORE_AFTER_PUT_IF_ABSENT);
    }
    return won;
  }

  @Override
  public void put(String key, byte[] data) {
    String objectKey = objectKey(key);
    try {
      client.putObject(
          b -> b.bucket(location.bucket()).key(objectKey), RequestBody.fromBytes(data));
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    return listWithMetadata(prefix).stream().map(StoredObject::key).toList();
  }

  @Override
  public List<StoredObject> listWithMetadata(String prefix) {
    StoreKeys.checkPrefix(prefix);
    String rootPrefix = location.keyPrefix();
    List<StoredObject> listed = new ArrayList<>();
    try {
      String continuation = null;
      do {
        String token = continuation;
        ListObjectsV2Response page =
            client.listObjectsV2(b ->
                b.bucket(location.bucket()).prefix(rootPrefix + prefix).continuationToken(token));
        for (S3Object object : page.contents()) {
          listed.add(
              new StoredObject(
                  object.key().substring(rootPrefix.length()),
                  object.size(),
                  object.lastModified()));
        }
        continuation =
            Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (continuation != null);
    } catch (SdkException e) {
      throw failure("list", prefix, e);
    }
    // S3 lists in UTF-8 byte order, which differs from String order above U+FFFF.
    listed.sort(Comparator.comparing(StoredObject::key));
    return listed;
  }

  @Override
  public void delete(String key) {
    String objectKey = objectKey(key);
    try {
      client.deleteObject(b -> b.bucket(location.bucket()).key(objectKey));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public String location() {
    return location.toString();
  }

  @Override
  public void close() {
    client.close();
    conditionalClient.close();
    http.close();
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + location + "]";
  }

  private String objectKey(String key) {
    return location.objectKey(StoreKeys.checkKey(key));
  }

  private StoreException failure(String operation, String key, SdkException e) {
    String cause =
        e instanceof AwsServiceException service
            ? "HTTP "
                + service.statusCode()
                + " "
                + (service.awsErrorDetails() == null
                    ? ""
                    : service.awsErrorDetails().errorCode() + ": ")
                + e.getMessage()
            : e.toString();
    return new StoreException(
        operation + " of " + StoreKeys.quote(key) + " in " + location + " failed: " + cause, e);
  }

  /** Connection settings for an {@link S3ObjectStore}; only the location is required. */
  public static final class Builder {
    private final S3Location location;
    private URI endpoint;
    private String region = "us-east-1";
    private boolean pathStyle;
    private String accessKeyId;
    private String secretAccessKey;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration callTimeout = Duration.ofSeconds(60);

    private Builder(S3Location location) {
      if (location == null) {
        throw new IllegalArgumentException("S3 location is null");
      }
      this.location = location;
    }

    /** An S3-compatible server's URI (MinIO, S3Proxy, ...); AWS's own endpoint if never set. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The region requests are signed for; {@code us-east-1} if never set. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Whether to address the bucket in the path ({@code host/bucket/key}) rather than the host
     * name; most S3-compatible servers need {@code true}.
     */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Fixed credentials; if never set, the SDK's default chain (environment, profile, role). */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      if (accessKeyId == null || secretAccessKey == null) {
        throw new IllegalArgumentException("S3 access key id and secret must both be given");
      }
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      return this;
    }

    /** How long to wait for a TCP connection; 10 s if never set. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = requirePositive(connectTimeout, "connect timeout");
      return this;
    }

    /**
     * How long one request attempt may take, and the longest silence while reading its answer; 60 s
     * if never set. Idempotent calls retry up to the SDK's default attempts, so one call can take a
     * few times this.
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = requirePositive(callTimeout, "call timeout");
      return this;
    }

    public S3ObjectStore build() {
      if (region == null || region.isEmpty()) {
        throw new IllegalArgumentException("S3 region is empty");
      }
      return new S3ObjectStore(this);
    }

    private static Duration requirePositive(Duration duration, String what) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + duration);
      }
      return duration;
    }
  }
}

package dev.omnigraph.engine;

import dev.omnigraph.engine.store.S3Location;
import dev.omnigraph.engine.store.S3ObjectStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the S3-compatible object store of an {@code s3://} graph: endpoint, region,
 * addressing style and credentials, given to both the engine's own store client and Lance. Absent
 * credentials mean the AWS default chain (environment, profile, instance role).
 *
 * @param endpoint an S3-compatible server (MinIO, S3Proxy, ...); AWS itself when empty
 * @param region the region requests are signed for
 * @param pathStyle address buckets in the path ({@code host/bucket/key}), as most S3-compatible
 *     servers need, rather than in the host name
 * @param allowHttp allow a plain {@code http://} endpoint (local test servers)
 * @param accessKeyId fixed access key id; given together with {@code secretAccessKey}
 * @param secretAccessKey fixed secret access key
 */
public record S3Settings(
    Optional<URI> endpoint,
    String region,
    boolean pathStyle,
    boolean allowHttp,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey) {

  private static final String DEFAULT_REGION = "us-east-1";

  public S3Settings {
    if (region == null || region.isBlank()) {
      throw new InvalidInputException("S3 region is empty; set AWS_REGION or pass a region");
    }
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new InvalidInputException(
          "S3 credentials need both an access key id and a secret access key"
              + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); give both or neither");
    }
    if (endpoint.isPresent()) {
      String scheme = String.valueOf(endpoint.get().getScheme()).toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new InvalidInputException(
            "S3 endpoint " + endpoint.get() + " is not an http:// or https:// URI");
      }
      if (scheme.equals("http") && !allowHttp) {
        throw new InvalidInputException(
            "S3 endpoint "
                + endpoint.get()
                + " is plain http; set AWS_ALLOW_HTTP=true to allow it (test servers only)");
      }
    }
  }

  /** AWS itself, in {@code us-east-1}, with the default credential chain. */
  public static S3Settings defaults() {
    return new S3Settings(
        Optional.empty(), DEFAULT_REGION, false, false, Optional.empty(), Optional.empty());
  }

  /**
   * Settings from the standard AWS variables: {@code AWS_ENDPOINT_URL_S3} (or {@code
   * AWS_ENDPOINT_URL}), {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}, else {@code us-east-1}),
   * {@code AWS_S3_FORCE_PATH_STYLE} (default: true when an endpoint is set), {@code
   * AWS_ALLOW_HTTP}, {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}.
   *
   * @throws InvalidInputException if a variable has a malformed value
   */
  public static S3Settings fromEnvironment(Map<String, String> env) {
    Optional<URI> endpoint =
        value(env, "AWS_ENDPOINT_URL_S3")
            .or(() -> value(env, "AWS_ENDPOINT_URL"))
            .map(S3Settings::endpointUri);
    String region =
        value(env, "AWS_REGION").or(() -> value(env, "AWS_DEFAULT_REGION")).orElse(DEFAULT_REGION);
    boolean pathStyle = flag(env, "AWS_S3_FORCE_PATH_STYLE").orElse(endpoint.isPresent());
    boolean allowHttp = flag(env, "AWS_ALLOW_HTTP").orElse(false);
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        allowHttp,
        value(env, "AWS_ACCESS_KEY_ID"),
        value(env, "AWS_SECRET_ACCESS_KEY"));
  }

  /** The same storage, reached through a different endpoint (for example a local test server). */
  public S3Settings withEndpoint(URI endpoint) {
    return new S3Settings(
        Optional.of(endpoint), region, pathStyle, allowHttp, accessKeyId, secretAccessKey);
  }

  /** The storage options Lance takes for the same store. */
  Map<String, String> lanceOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("aws_region", region);
    endpoint.ifPresent(e -> options.put("aws_endpoint", e.toString()));
    options.put("aws_virtual_hosted_style_request", Boolean.toString(!pathStyle));
    options.put("allow_http", Boolean.toString(allowHttp));
    accessKeyId.ifPresent(k -> options.put("aws_access_key_id", k));
    secretAccessKey.ifPresent(s -> options.put("aws_secret_access_key", s));
    return Map.copyOf(options);
  }

  /** The engine's own client for the graph root at {@code location}. */
  S3ObjectStore store(S3Location location) {
    S3ObjectStore.Builder builder =
        S3ObjectStore.builder(location).region(region).pathStyle(pathStyle);
    endpoint.ifPresent(builder::endpoint);
    if (accessKeyId.isPresent()) {
      builder.credentials(accessKeyId.get(), secretAccessKey.orElseThrow());
    }
    return builder.build();
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "S3Settings[endpoint="
        + endpoint.map(URI::toString).orElse("aws")
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", allowHttp="
        + allowHttp
        + ", credentials="
        + (accessKeyId.isPresent() ? "fixed" : "default chain")
        + "]";
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static Optional<Boolean> flag(Map<String, String> env, String name) {
    return value(env, name)
        .map(v ->
            switch (v.toLowerCase(Locale.ROOT)) {
              case "true", "1", "yes" -> true;
              case "false", "0", "no" -> false;
              default ->
                  throw new InvalidInputException(
                      name + "=" + v + " is not a boolean; use true or false");
            });
  }

  private static URI endpointUri(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("S3 endpoint '" + value + "' is not a URI: " + e.getReason());
    }
  }
}

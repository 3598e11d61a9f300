package dev.omnigraph.engine.store;

/**
 * A graph root on S3: a bucket and a key prefix inside it (empty for the bucket's top), written
 * {@code s3://bucket/prefix}; the prefix follows the {@link StoreKeys} rules so every object key
 * below it is a valid S3 key.
 */
public record S3Location(String bucket, String prefix) {
  private static final String SCHEME = "s3://";

  public S3Location {
    if (bucket == null || bucket.isEmpty() || bucket.contains("/")) {
      throw new IllegalArgumentException(
          "invalid S3 bucket " + (bucket == null ? "null" : StoreKeys.quote(bucket)));
    }
    if (prefix == null) {
      throw new IllegalArgumentException("S3 key prefix is null (use \"\" for the bucket's top)");
    }
    if (!prefix.isEmpty()) {
      try {
        StoreKeys.checkKey(prefix);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid S3 key prefix " + StoreKeys.quote(prefix) + ": " + e.getMessage(), e);
      }
    }
  }

  /** Parses {@code s3://bucket} or {@code s3://bucket/prefix}, ignoring one trailing slash. */
  public static S3Location parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      throw new IllegalArgumentException(
          "not an s3:// location: " + (uri == null ? "null" : StoreKeys.quote(uri)));
    }
    String rest = uri.substring(SCHEME.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    int slash = rest.indexOf('/');
    return slash < 0
        ? new S3Location(rest, "")
        : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The S3 key of {@code key} below this root. */
  String objectKey(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** What {@link #objectKey} prepends: empty, or the prefix and a slash. */
  String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** {@code s3://bucket/prefix}, or {@code s3://bucket} for an empty prefix. */
  @Override
  public String toString() {
    return prefix.isEmpty() ? SCHEME + bucket : SCHEME + bucket + "/" + prefix;
  }
}

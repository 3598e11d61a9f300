package dev.omnigraph.engine;

import dev.omnigraph.engine.store.S3Location;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** Where a graph root lives, parsed from what a user typed: a local folder or an S3 prefix. */
sealed interface GraphAddress {
  /** A folder on local disk, absolute and normalized. */
  record Local(Path path) implements GraphAddress {
    @Override
    public String toString() {
      return path.toString();
    }
  }

  /** A bucket and key prefix on an S3-compatible store. */
  record S3(S3Location location) implements GraphAddress {
    @Override
    public String toString() {
      return location.toString();
    }
  }

  /**
   * Parses a local path, a {@code file:} URI or {@code s3://bucket/prefix}.
   *
   * @throws InvalidInputException for another scheme or a malformed address
   */
  static GraphAddress parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidInputException("graph location is empty; give a folder or s3://bucket/path");
    }
    int colon = uri.indexOf("://");
    String scheme = colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    try {
      return switch (scheme) {
        case "" -> new Local(Path.of(uri).toAbsolutePath().normalize());
        case "file" -> new Local(Path.of(URI.create(uri)).toAbsolutePath().normalize());
        case "s3" -> new S3(S3Location.parse("s3" + uri.substring(colon)));
        default ->
            throw new InvalidInputException(
                "unsupported graph location '"
                    + uri
                    + "': use a local folder, a file:// URI or s3://bucket/path");
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid graph location '" + uri + "': " + e.getMessage(), e);
    }
  }
}

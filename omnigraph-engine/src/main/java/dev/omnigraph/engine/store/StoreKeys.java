package dev.omnigraph.engine.store;

import java.nio.charset.StandardCharsets;

/**
 * The key rules every {@link ObjectStore} enforces, so a key accepted by one store is accepted by
 * all: {@code /}-separated relative segments, none empty, {@code .} or {@code ..}, no backslash or
 * control character, none longer than {@value #MAX_SEGMENT_BYTES} UTF-8 bytes, and no segment
 * starting with {@link #TEMP_PREFIX}.
 */
final class StoreKeys {
  /**
   * Names starting with this are a store's in-flight temp files; reserving them keeps a key from
   * colliding with one and keeps {@code list} free to skip them.
   */
  static final String TEMP_PREFIX = ".tmp-";

  /** The file name limit of common file systems (ext4, XFS, APFS, NTFS in UTF-16 units). */
  static final int MAX_SEGMENT_BYTES = 255;

  private StoreKeys() {}

  /** Returns {@code key} if it is a valid object key, else throws naming it. */
  static String checkKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("object key is null");
    }
    String problem = problem(key);
    if (problem != null) {
      throw new IllegalArgumentException("invalid object key " + quote(key) + ": " + problem);
    }
    return key;
  }

  /** Returns {@code prefix} if it is empty or a valid key followed by {@code /}, else throws. */
  static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("list prefix is null");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    String problem =
        prefix.endsWith("/")
            ? problem(prefix.substring(0, prefix.length() - 1))
            : "a prefix is a folder and must end with '/' (or be empty)";
    if (problem != null) {
      throw new IllegalArgumentException("invalid list prefix " + quote(prefix) + ": " + problem);
    }
    return prefix;
  }

  /** The key quoted for a message, control characters escaped so the message stays printable. */
  static String quote(String key) {
    StringBuilder out = new StringBuilder(key.length() + 2).append('"');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String problem(String key) {
    if (key.isEmpty()) {
      return "a key must not be empty";
    }
    if (key.startsWith("/")) {
      return "a key must be relative, not start with '/'";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\') {
        return "a key must not contain a backslash (the separator is '/')";
      }
      if (Character.isISOControl(c)) {
        return "a key must not contain a control character such as NUL";
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        return "a key must not have an empty segment (a trailing '/' or '//')";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "a key must not have a '" + segment + "' segment";
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        return "a key segment must not be longer than " + MAX_SEGMENT_BYTES + " UTF-8 bytes";
      }
      if (segment.startsWith(TEMP_PREFIX)) {
        return "segments starting with '" + TEMP_PREFIX + "' are reserved for temp files";
      }
    }
    return null;
  }
}

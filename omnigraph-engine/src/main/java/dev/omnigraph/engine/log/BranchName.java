package dev.omnigraph.engine.log;

import java.nio.charset.StandardCharsets;

/**
 * Branch names as users write them ({@code main}, {@code review/new-hires}) and as they appear in
 * object keys, where every character outside {@code [A-Za-z0-9._-]} is percent-encoded so that a
 * branch {@code a/b} is one folder, never a folder inside {@code a}'s.
 */
public final class BranchName {
  /** The branch every graph starts with; it cannot be deleted. */
  public static final String MAIN = "main";

  /** The longest encoded name: one path segment on every file system and object store. */
  static final int MAX_ENCODED_LENGTH = 255;

  private BranchName() {}

  /**
   * Checks a branch name: non-empty after trimming, no leading or trailing {@code /}, no empty
   * segment.
   */
  public static String check(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("branch name cannot be empty");
    }
    if (!name.equals(name.strip())) {
      throw new IllegalArgumentException("branch name '" + name + "' has surrounding whitespace");
    }
    if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
      throw new IllegalArgumentException(
          "branch name '"
              + name
              + "' has an empty path segment; write names like review/new-hires");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException("branch name contains a control character");
      }
    }
    if (encodeChecked(name).length() > MAX_ENCODED_LENGTH) {
      throw new IllegalArgumentException(
          "branch name '"
              + name.substring(0, Math.min(40, name.length()))
              + "...' is too long; keep it under about 80 characters");
    }
    return name;
  }

  /** The folder-safe form of a branch name. */
  public static String encode(String name) {
    check(name);
    return encodeChecked(name);
  }

  private static String encodeChecked(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (plain && !(c == '.' && out.isEmpty())) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  /** The branch name of an encoded folder name. */
  public static String decode(String encoded) {
    byte[] bytes = new byte[encoded.length()];
    int n = 0;
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        bytes[n++] = (byte) Integer.parseInt(encoded.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}

package dev.omnigraph.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token the CLI sends to a server. A server URL under one of the operator config's
 * {@code servers:} (the longest match, on a path boundary) uses that server's own token: {@code
 * OMNIGRAPH_TOKEN_<NAME>} (upper case, {@code -} as {@code _}), else the {@code [<name>]} section
 * of the credentials file; without one, {@code OMNIGRAPH_BEARER_TOKEN}. A server's own token is
 * thereby never sent to another server.
 */
final class BearerToken {
  static final String CREDENTIALS_FILE = "credentials";
  static final String DEFAULT_VARIABLE = "OMNIGRAPH_BEARER_TOKEN";

  private BearerToken() {}

  /**
   * The token for requests to {@code url}, if any.
   *
   * @throws CliException if the credentials file must be read and is malformed or open to others
   */
  static Optional<String> forUrl(String url, OperatorConfig config, CliEnvironment env) {
    Optional<String> keyed =
        serverNamed(url, config.servers())
            .flatMap(name ->
                variable(env, "OMNIGRAPH_TOKEN_" + name.toUpperCase(Locale.ROOT).replace('-', '_'))
                    .or(() ->
                        credential(OperatorConfig.home(env).resolve(CREDENTIALS_FILE), name)));
    return keyed.or(() -> variable(env, DEFAULT_VARIABLE));
  }

  /**
   * The name of the configured server whose URL is the longest path-boundary prefix of {@code url}.
   */
  static Optional<String> serverNamed(String url, Map<String, String> servers) {
    String best = null;
    int bestLength = -1;
    for (Map.Entry<String, String> e : servers.entrySet()) {
      String base = e.getValue();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      boolean under =
          url.equals(base) || (url.startsWith(base) && url.charAt(base.length()) == '/');
      if (under && base.length() > bestLength) {
        best = e.getKey();
        bestLength = base.length();
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<String> variable(CliEnvironment env, String name) {
    return Optional.ofNullable(env.variables().get(name))
        .map(String::strip)
        .filter(t -> !t.isEmpty());
  }

  /**
   * The {@code token} of section {@code [name]} in {@code file}: INI-like sections, {@code key =
   * value} lines, {@code #} comments. A file readable by group or others is refused.
   */
  static Optional<String> credential(Path file, String name) {
    String text;
    try {
      refuseShared(file);
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException("cannot read credentials file " + file + ": " + e.getMessage(), e);
    }
    String section = null;
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0 || section == null) {
        throw new CliException(
            "credentials file "
                + file
                + " line "
                + (i + 1)
                + " is neither a [server] section nor a 'token = ...' line under one");
      }
      if (section.equals(name) && line.substring(0, eq).strip().equals("token")) {
        String token = line.substring(eq + 1).strip();
        if (!token.isEmpty()) {
          return Optional.of(token);
        }
      }
    }
    return Optional.empty();
  }

  private static void refuseShared(Path file) throws IOException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return; // not a POSIX file system: nothing to check against
    }
    for (PosixFilePermission p : permissions) {
      if (p != PosixFilePermission.OWNER_READ
          && p != PosixFilePermission.OWNER_WRITE
          && p != PosixFilePermission.OWNER_EXECUTE) {
        throw new CliException(
            "credentials file "
                + file
                + " is group/world-accessible and is not read; make it private with `chmod 600 "
                + file
                + "`");
      }
    }
  }
}

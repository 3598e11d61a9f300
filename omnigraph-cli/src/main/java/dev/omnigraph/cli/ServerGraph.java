package dev.omnigraph.cli;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A graph on an Omnigraph server: the server's base URL (no trailing slash) and the graph's id,
 * absent when neither {@code --graph} nor a {@code default_graph} named one (the CLI then asks the
 * server which graphs it serves).
 *
 * @param server the server's base URL, {@code http://} or {@code https://}
 * @param graph the graph's id on that server
 */
record ServerGraph(String server, Optional<String> graph) implements GraphAddress {
  ServerGraph {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(graph, "graph");
  }

  /** The URL the graph's routes hang under: {@code <server>/graphs/<id>}, or the server's own. */
  @Override
  public String uri() {
    return graph.map(id -> server + "/graphs/" + pathSegment(id)).orElse(server);
  }

  @Override
  public boolean local() {
    return false;
  }

  @Override
  public String placement() {
    return "served";
  }

  /** {@code text} percent-encoded as one URL path segment or query value (a '/' becomes %2F). */
  static String pathSegment(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}

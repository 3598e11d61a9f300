package dev.omnigraph.server;

import dev.omnigraph.api.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document the server serves: upstream's contract ({@code openapi.json}, kept as a
 * resource) narrowed to the operations this server routes, so a client never finds an operation
 * that would answer 404; in open mode without its security scheme and requirements.
 */
final class OpenApiDocument {
  static final String RESOURCE = "openapi.json";

  private OpenApiDocument() {}

  /** The upstream document, as stored. */
  static ObjectNode contract() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the server jar");
      }
      return (ObjectNode) WireJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document to serve for {@code routes}; {@code open} drops the bearer security. */
  static String served(List<Route> routes, boolean open) {
    ObjectNode doc = contract();
    Set<String> routed = new HashSet<>();
    for (Route r : routes) {
      routed.add(r.method().toLowerCase(Locale.ROOT) + " " + r.path().text());
    }
    ObjectNode paths = (ObjectNode) doc.get("paths");
    List<String> emptyPaths = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      ObjectNode ops = (ObjectNode) path.getValue();
      List<String> drop = new ArrayList<>();
      for (String method : ops.propertyNames()) {
        if (!method.equals("parameters") && !routed.contains(method + " " + path.getKey())) {
          drop.add(method);
        }
      }
      ops.remove(drop);
      if (open) {
        for (JsonNode op : ops) {
          if (op instanceof ObjectNode o) {
            o.remove("security");
          }
        }
      }
      if (ops.propertyNames().stream().allMatch(m -> m.equals("parameters"))) {
        emptyPaths.add(path.getKey());
      }
    }
    paths.remove(emptyPaths);
    if (open && doc.get("components") instanceof ObjectNode components) {
      components.remove("securitySchemes");
    }
    return WireJson.compact(doc);
  }
}

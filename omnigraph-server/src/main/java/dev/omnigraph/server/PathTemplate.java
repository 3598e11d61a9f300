package dev.omnigraph.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route path such as {@code /graphs/{graph_id}/branches/{branch}}: literal segments and named
 * parameters, each parameter exactly one path segment. Matching splits the raw (still encoded) path
 * on {@code /} first and decodes each segment after, so a parameter may hold an encoded slash
 * ({@code review%2Fnew-hires} is the branch {@code review/new-hires}).
 */
record PathTemplate(String text, List<Segment> segments) {
  /** One segment of a template: a literal to equal, or a parameter to capture. */
  sealed interface Segment {
    record Literal(String value) implements Segment {}

    record Param(String name) implements Segment {}
  }

  PathTemplate {
    segments = List.copyOf(segments);
  }

  static PathTemplate parse(String text) {
    if (!text.startsWith("/") || (text.endsWith("/") && text.length() > 1)) {
      throw new IllegalArgumentException("a route path starts with / and does not end with one");
    }
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String part : text.substring(1).split("/", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("empty segment in route path " + text);
      }
      if (part.startsWith("{") && part.endsWith("}")) {
        String name = part.substring(1, part.length() - 1);
        if (names.contains(name)) {
          throw new IllegalArgumentException("parameter {" + name + "} twice in " + text);
        }
        names.add(name);
        segments.add(new Segment.Param(name));
      } else {
        segments.add(new Segment.Literal(part));
      }
    }
    return new PathTemplate(text, segments);
  }

  /** The parameters of {@code rawPath} if it has this template's shape. */
  Optional<Map<String, String>> match(List<String> rawSegments) {
    if (rawSegments.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String raw = rawSegments.get(i);
      switch (segments.get(i)) {
        case Segment.Literal l -> {
          if (!l.value().equals(raw)) {
            return Optional.empty();
          }
        }
        case Segment.Param p -> {
          if (raw.isEmpty()) {
            return Optional.empty();
          }
          params.put(p.name(), decode(raw));
        }
      }
    }
    return Optional.of(params);
  }

  /**
   * How specific the template is for ranking several matches: a literal outranks a parameter at the
   * first position where two templates differ.
   */
  int compareSpecificity(PathTemplate other) {
    for (int i = 0; i < Math.min(segments.size(), other.segments.size()); i++) {
      boolean mine = segments.get(i) instanceof Segment.Literal;
      boolean theirs = other.segments.get(i) instanceof Segment.Literal;
      if (mine != theirs) {
        return mine ? 1 : -1;
      }
    }
    return 0;
  }

  /** {@code rawPath} split into its still-encoded segments ({@code /} alone has one empty one). */
  static List<String> split(String rawPath) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    return List.of(path.split("/", -1));
  }

  private static String decode(String raw) {
    // A '+' in a path is a plus sign, not a space (URLDecoder is for query strings).
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}

package dev.omnigraph.engine.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The case file format of {@code write/conformance.txt}: blocks that start at column 0 with a kind,
 * a name and a title, whose entries are indented two spaces, {@code key: value} on one line or
 * {@code key:} followed by lines indented four spaces; {@code @file} values name a resource.
 */
final class WriteCases {
  private WriteCases() {}

  /** One block: its kind, name, title and entries in order (keys may repeat). */
  record Block(String kind, String name, String title, List<Map.Entry<String, String>> entries) {
    String get(String key) {
      return entries.stream()
          .filter(e -> e.getKey().equals(key))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    @Override
    public String toString() {
      return name + " " + title;
    }
  }

  static String resource(String name) {
    try (InputStream in = WriteCases.class.getResourceAsStream("/write/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource write/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value, or the resource it names with {@code @file}. */
  static String text(String value) {
    return value.startsWith("@") ? resource(value.substring(1)) : value;
  }

  static List<Block> parse(String text) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = text.lines().toList();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        i++;
        continue;
      }
      String[] head = line.split(" ", 3);
      List<Map.Entry<String, String>> entries = new ArrayList<>();
      i++;
      while (i < lines.size() && lines.get(i).startsWith("  ")) {
        String entry = lines.get(i).substring(2);
        int colon = entry.indexOf(':');
        String key = entry.substring(0, colon);
        String value = entry.substring(colon + 1).strip();
        i++;
        if (value.isEmpty()) {
          StringBuilder body = new StringBuilder();
          while (i < lines.size() && lines.get(i).startsWith("    ")) {
            body.append(lines.get(i).substring(4)).append('\n');
            i++;
          }
          value = body.toString();
        }
        entries.add(Map.entry(key, value));
      }
      blocks.add(new Block(head[0], head[1], head.length > 2 ? head[2] : "", entries));
    }
    return blocks;
  }
}

package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares command output with a golden file in {@code src/test/resources/golden} after replacing
 * what differs between runs: the graph's folder, table folders, commit ids (numbered in order of
 * appearance, so equal ids stay equal), creation times and detached dataset versions. Everything
 * else, field names, order, nulls and layout, must match byte for byte.
 */
final class Goldens {
  private static final Pattern TABLE = Pattern.compile("<graph>/tables/[^\"\\s:]+");
  private static final Pattern ULID = Pattern.compile("\\b[0-9A-HJKMNP-TV-Z]{26}\\b");
  private static final Pattern CREATED = Pattern.compile("\"created_at\": \\d+");
  private static final Pattern VERSION = Pattern.compile("\"published_dataset_version\": \\d+");

  private Goldens() {}

  static String normalize(String text, String graphRoot) {
    String out = text.replace(graphRoot, "<graph>");
    out = TABLE.matcher(out).replaceAll("<graph>/tables/<table>");
    Map<String, String> ids = new LinkedHashMap<>();
    Matcher m = ULID.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String id = ids.computeIfAbsent(m.group(), k -> "<id-" + (ids.size() + 1) + ">");
      m.appendReplacement(sb, Matcher.quoteReplacement(id));
    }
    m.appendTail(sb);
    out = CREATED.matcher(sb.toString()).replaceAll("\"created_at\": <micros>");
    return VERSION.matcher(out).replaceAll("\"published_dataset_version\": <version>");
  }

  static void assertMatches(String actual, String graphRoot, String goldenName) {
    assertThat(normalize(actual, graphRoot))
        .as("golden/%s", goldenName)
        .isEqualTo(CliRunner.resource("golden/" + goldenName));
  }
}

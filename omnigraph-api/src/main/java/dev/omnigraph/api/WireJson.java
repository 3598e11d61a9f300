package dev.omnigraph.api;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes wire records as JSON the way upstream clients see it: record components in snake_case and
 * declaration order, compact for streams and pretty for people. The pretty form matches upstream's
 * exactly (two-space indent, {@code "key": value}, every array element on its own line, {@code []}
 * and {@code {}} for empty ones), so golden files compare byte for byte.
 */
public final class WireJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private static final ObjectWriter PRETTY = MAPPER.writer().with(prettyPrinter());

  private WireJson() {}

  private static DefaultPrettyPrinter prettyPrinter() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  /** The mapper wire records are written and read with. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** {@code value} as one line of JSON. */
  public static String compact(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** {@code value} as indented JSON, without a trailing newline. */
  public static String pretty(Object value) {
    return PRETTY.writeValueAsString(value);
  }
}

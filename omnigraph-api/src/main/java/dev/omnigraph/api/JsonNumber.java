package dev.omnigraph.api;

import java.math.BigDecimal;
import java.util.Objects;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A JSON number written exactly as {@code text}: how a result value keeps upstream's spelling of a
 * float ({@code 10000000000.0}, {@code 1e-7}), which Java's own number formatting does not share.
 *
 * @param text a JSON number literal
 */
@JsonSerialize(using = JsonNumber.Writer.class)
public record JsonNumber(String text) {
  public JsonNumber {
    Objects.requireNonNull(text, "text");
    // BigDecimal accepts a superset of JSON's number grammar; the pattern narrows it to JSON's.
    if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      throw new IllegalArgumentException("not a JSON number: " + text);
    }
  }

  /** The number's value. */
  public BigDecimal value() {
    return new BigDecimal(text);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Writes the text as a number token, unchanged. */
  static final class Writer extends ValueSerializer<JsonNumber> {
    @Override
    public void serialize(JsonNumber value, JsonGenerator gen, SerializationContext ctxt) {
      gen.writeNumber(value.text());
    }
  }
}

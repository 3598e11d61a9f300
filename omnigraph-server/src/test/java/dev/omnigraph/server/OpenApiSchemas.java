package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A small JSON-schema check of response bodies against the contract's component schemas: {@code
 * $ref}, {@code type} (one or a list, {@code null} included), {@code required}, {@code properties}
 * (and no property the schema does not declare), {@code items}, {@code enum}, {@code oneOf}, {@code
 * minimum} and the int32/int64 formats; a schema with none of these accepts anything. That is every
 * keyword the contract's schemas for these routes use, so a library would add nothing but weight.
 */
final class OpenApiSchemas {
  static final JsonNode DOC = OpenApiDocument.contract();

  private OpenApiSchemas() {}

  /** The schema of the {@code status} answer of {@code method path} in the contract. */
  static JsonNode responseSchema(String method, String path, int status) {
    JsonNode op = DOC.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    assertThat(op.isMissingNode()).as("%s %s is in the contract", method, path).isFalse();
    JsonNode response = op.path("responses").path(Integer.toString(status));
    assertThat(response.isMissingNode())
        .as("%s %s documents status %d", method, path, status)
        .isFalse();
    return response.path("content").path("application/json").path("schema");
  }

  /** Asserts {@code body} is a valid {@code status} answer of {@code method path}. */
  static void assertConforms(String method, String path, int status, JsonNode body) {
    List<String> problems = new ArrayList<>();
    check(body, responseSchema(method, path, status), "$", problems);
    assertThat(problems).as("%s %s %d: %s", method, path, status, body).isEmpty();
  }

  /** The problems of {@code value} against {@code schema}, empty when it conforms. */
  static List<String> problems(JsonNode value, JsonNode schema) {
    List<String> problems = new ArrayList<>();
    check(value, schema, "$", problems);
    return problems;
  }

  private static void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asString();
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      JsonNode target = DOC.path("components").path("schemas").path(name);
      if (target.isMissingNode()) {
        problems.add(at + ": unresolved " + ref);
        return;
      }
      check(value, target, at, problems);
      return;
    }
    if (!schema.has("type")
        && !schema.has("oneOf")
        && !schema.has("enum")
        && !schema.has("properties")) {
      // An unconstrained schema ({} or a description only) accepts any value.
      return;
    }
    if (schema.has("oneOf")) {
      int matches = 0;
      for (JsonNode alternative : schema.get("oneOf")) {
        if (problems(value, alternative).isEmpty()) {
          matches++;
        }
      }
      if (matches != 1) {
        problems.add(at + ": matches " + matches + " oneOf alternatives, not exactly 1");
      }
      return;
    }
    if (schema.has("type")) {
      List<String> types = new ArrayList<>();
      if (schema.get("type").isArray()) {
        schema.get("type").forEach(t -> types.add(t.asString()));
      } else {
        types.add(schema.get("type").asString());
      }
      String actual = typeOf(value);
      boolean ok = types.contains(actual) || (actual.equals("integer") && types.contains("number"));
      if (!ok) {
        problems.add(at + ": is " + actual + ", expected " + types);
        return;
      }
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(value);
      }
      if (!found) {
        problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isIntegralNumber()) {
      BigInteger n = value.bigIntegerValue();
      boolean unsigned = schema.has("minimum") && schema.get("minimum").asLong() >= 0;
      if (schema.has("minimum") && n.compareTo(schema.get("minimum").bigIntegerValue()) < 0) {
        problems.add(at + ": " + value + " is below the minimum " + schema.get("minimum"));
      }
      // The contract is generated from Rust types: an unsigned one is rendered as its signed
      // format plus `minimum: 0`, so such a field holds the unsigned range (u64 up to 2^64 - 1).
      int bits =
          switch (schema.path("format").asString("")) {
            case "int32" -> 32;
            case "int64" -> 64;
            default -> 0;
          };
      if (bits > 0 && n.bitLength() > (unsigned ? bits : bits - 1)) {
        problems.add(at + ": " + value + " does not fit " + schema.get("format").asString());
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asString())) {
          problems.add(at + ": missing required property " + required.asString());
        }
      }
      for (Map.Entry<String, JsonNode> p : value.properties()) {
        if (properties.has(p.getKey())) {
          check(p.getValue(), properties.get(p.getKey()), at + "." + p.getKey(), problems);
        } else {
          problems.add(at + ": property " + p.getKey() + " is not in the schema");
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      int i = 0;
      for (JsonNode item : value) {
        check(item, schema.get("items"), at + "[" + i++ + "]", problems);
      }
    }
  }

  private static String typeOf(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isString()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    return "number";
  }
}

package dev.omnigraph.server;

import dev.omnigraph.api.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads request bodies strictly, as upstream's serde types do: unknown fields, trailing content,
 * and scalars of the wrong JSON type are refused rather than ignored or coerced.
 */
final class RequestJson {
  private static final JsonMapper STRICT =
      WireJson.mapper()
          .rebuild()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private RequestJson() {}

  /**
   * {@code body} as {@code type}.
   *
   * @throws HttpFailure 400 naming what is wrong with it
   */
  static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw HttpFailure.badRequest("request body is empty; send a JSON object");
    }
    try {
      T value = STRICT.readValue(body, type);
      if (value == null) {
        throw HttpFailure.badRequest("request body is null; send a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw HttpFailure.badRequest(
          "invalid request body: unknown field `"
              + e.getPropertyName()
              + "`, expected one of "
              + e.getKnownPropertyIds().stream().map(id -> "`" + id + "`").sorted().toList());
    } catch (JacksonException e) {
      String detail = e.getOriginalMessage();
      throw HttpFailure.badRequest(
          "invalid request body: " + (detail == null ? e.getClass().getSimpleName() : detail));
    }
  }
}

package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The error envelope: a message that names the problem and the fix, and the error's code when it
 * has one of the closed set (absent fields are left out of the JSON).
 *
 * @param error the message, one line for people
 * @param code the error's code; {@code null} for failure classes signalled by a typed detail
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorOutput(String error, ErrorCode code) {
  public ErrorOutput {
    Objects.requireNonNull(error, "error");
  }
}

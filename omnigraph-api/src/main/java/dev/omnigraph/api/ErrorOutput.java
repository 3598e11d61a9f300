package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The error envelope: a message that names the problem and the fix, and the error's code when it
 * has one of the closed set (absent fields are left out of the JSON).
 *
 * @param error the message, one line for people
 * @param code the error's code; {@code null} for failure classes signalled by a typed detail
 * @param preconditionFailure the detail of a conditional write that lost, else {@code null}
 * @param resourceLimit the detail of a request over a bounded resource, else {@code null}
 * @param keyConflict the detail of a strict insert of an id that exists, else {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorOutput(
    String error,
    ErrorCode code,
    PreconditionFailureOutput preconditionFailure,
    ResourceLimitOutput resourceLimit,
    KeyConflictOutput keyConflict) {
  public ErrorOutput {
    Objects.requireNonNull(error, "error");
  }

  /** An envelope with at most the precondition and resource-limit details. */
  public ErrorOutput(
      String error,
      ErrorCode code,
      PreconditionFailureOutput preconditionFailure,
      ResourceLimitOutput resourceLimit) {
    this(error, code, preconditionFailure, resourceLimit, null);
  }

  /** An envelope with at most the precondition detail. */
  public ErrorOutput(String error, ErrorCode code, PreconditionFailureOutput preconditionFailure) {
    this(error, code, preconditionFailure, null, null);
  }

  /** An envelope without a typed detail. */
  public ErrorOutput(String error, ErrorCode code) {
    this(error, code, null, null, null);
  }
}

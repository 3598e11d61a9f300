package dev.omnigraph.cli;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.engine.BranchExistsException;
import dev.omnigraph.engine.BranchNameConflictException;
import dev.omnigraph.engine.BranchNotFoundException;
import dev.omnigraph.engine.CleanupConflictException;
import dev.omnigraph.engine.CommitNotFoundException;
import dev.omnigraph.engine.CommitReclaimedException;
import dev.omnigraph.engine.CorruptGraphException;
import dev.omnigraph.engine.GraphAlreadyExistsException;
import dev.omnigraph.engine.GraphNotFoundException;
import dev.omnigraph.engine.InvalidInputException;
import dev.omnigraph.engine.KeyConflictException;
import dev.omnigraph.engine.OmnigraphException;
import dev.omnigraph.engine.ReadOnlyGraphException;
import dev.omnigraph.engine.ResourceLimitException;
import dev.omnigraph.engine.StorageException;
import dev.omnigraph.engine.UnsupportedFeatureException;
import dev.omnigraph.engine.UnsupportedFormatException;
import dev.omnigraph.engine.WriteConflictException;
import dev.omnigraph.lang.source.CompileError;

/**
 * How a command's failure is reported: the error envelope (message and wire code), the kind (the
 * engine's stable code, or the CLI's own), and the process exit code. {@link #of} is the one place
 * errors are classified.
 *
 * @param envelope the message and code, as a server would send them
 * @param kind a stable snake_case name of the failure class, shown with {@code --verbose}
 * @param exitCode the process exit code
 * @param display what stderr shows: {@code error: <message>}, or a compile error rendered with its
 *     place in the source
 */
record Failure(ErrorOutput envelope, String kind, int exitCode, String display) {
  /** The kind of a failure the CLI found itself (addressing, config, input files, refusals). */
  static final String CLI_KIND = "invalid_usage";

  /** The kind of a schema or query that does not compile. */
  static final String COMPILE_KIND = "compile_error";

  /** The kind of anything unforeseen: a bug, reported as such. */
  static final String INTERNAL_KIND = "internal";

  /**
   * Classifies {@code error}; every kind of engine error is named, so a new kind fails to compile.
   */
  static Failure of(Throwable error) {
    return switch (error) {
      case OmnigraphException e ->
          of(new ErrorOutput(message(e), wireCode(e)), e.code(), ExitCode.FAILURE);
      case CompileError e ->
          new Failure(
              new ErrorOutput(e.getMessage(), ErrorCode.BAD_REQUEST),
              COMPILE_KIND,
              ExitCode.FAILURE,
              e.render());
      // A server's answer: its own message and code; a lost conditional write exits 4 as locally.
      case ServerException e ->
          new Failure(
              e.envelope(),
              e.envelope().code() == null ? "http_" + e.status() : e.envelope().code().wireName(),
              e.status() == 412 ? ExitCode.PRECONDITION_FAILED : ExitCode.FAILURE,
              "error: " + e.envelope().error());
      case CliException e ->
          of(new ErrorOutput(message(e), ErrorCode.BAD_REQUEST), CLI_KIND, ExitCode.FAILURE);
      default ->
          of(
              new ErrorOutput(
                  "internal error: "
                      + error.getClass().getName()
                      + (error.getMessage() == null ? "" : ": " + error.getMessage())
                      + " (a bug; rerun with --verbose for the stack trace and report it)",
                  ErrorCode.INTERNAL),
              INTERNAL_KIND,
              ExitCode.FAILURE);
    };
  }

  private static Failure of(ErrorOutput envelope, String kind, int exitCode) {
    return new Failure(envelope, kind, exitCode, "error: " + envelope.error());
  }

  // The upstream envelope code of each engine error kind, as a server answers it.
  private static ErrorCode wireCode(OmnigraphException error) {
    return switch (error) {
      case InvalidInputException e -> ErrorCode.BAD_REQUEST;
      case GraphNotFoundException e -> ErrorCode.NOT_FOUND;
      case BranchNotFoundException e -> ErrorCode.NOT_FOUND;
      case CommitNotFoundException e -> ErrorCode.NOT_FOUND;
      case GraphAlreadyExistsException e -> ErrorCode.CONFLICT;
      case BranchExistsException e -> ErrorCode.CONFLICT;
      case BranchNameConflictException e -> ErrorCode.CONFLICT;
      case WriteConflictException e -> ErrorCode.CONFLICT;
      case CleanupConflictException e -> ErrorCode.CONFLICT;
      case KeyConflictException e -> ErrorCode.CONFLICT;
      // Upstream answers resource limits with 413 and code bad_request.
      case ResourceLimitException e -> ErrorCode.BAD_REQUEST;
      // Upstream answers a reclaimed historical version with 500 outside the change routes.
      case CommitReclaimedException e -> ErrorCode.INTERNAL;
      case ReadOnlyGraphException e -> ErrorCode.FORBIDDEN;
      case StorageException e -> ErrorCode.INTERNAL;
      case CorruptGraphException e -> ErrorCode.INTERNAL;
      case UnsupportedFormatException e -> ErrorCode.INTERNAL;
      case UnsupportedFeatureException e -> ErrorCode.BAD_REQUEST;
    };
  }

  private static String message(Throwable error) {
    String m = error.getMessage();
    return m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
  }
}

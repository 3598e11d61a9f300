package dev.omnigraph.server;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.api.KeyConflictOutput;
import dev.omnigraph.api.ResourceLimitOutput;
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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failure becomes an HTTP answer: every engine error kind is named in a total
 * switch (a new kind fails to compile here), with the status and envelope code upstream answers.
 */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  static HttpFailure of(Throwable error) {
    return switch (error) {
      case HttpFailure f -> f;
      case OmnigraphException e -> engine(e);
      case CompileError e -> HttpFailure.badRequest(e.getMessage());
      default -> {
        LOG.error("internal error while handling a request", error);
        yield new HttpFailure(
            500,
            new ErrorOutput(
                "internal error: "
                    + error.getClass().getName()
                    + (error.getMessage() == null ? "" : ": " + error.getMessage()),
                ErrorCode.INTERNAL),
            Map.of());
      }
    };
  }

  private static HttpFailure engine(OmnigraphException e) {
    int status =
        switch (e) {
          case InvalidInputException x -> 400;
          case GraphNotFoundException x -> 404;
          case BranchNotFoundException x -> 404;
          case CommitNotFoundException x -> 404;
          case GraphAlreadyExistsException x -> 409;
          case BranchExistsException x -> 409;
          case BranchNameConflictException x -> 409;
          case WriteConflictException x -> 409;
          case CleanupConflictException x -> 409;
          case KeyConflictException x -> 409;
          case ResourceLimitException x -> 413;
          // Upstream answers a reclaimed historical version with 500 outside the change routes.
          case CommitReclaimedException x -> 500;
          case ReadOnlyGraphException x -> 403;
          case StorageException x -> 500;
          case CorruptGraphException x -> 500;
          case UnsupportedFormatException x -> 500;
          // A valid request this build cannot do yet: the caller's to change, like the CLI says.
          case UnsupportedFeatureException x -> 400;
        };
    if (status == 500) {
      LOG.error("engine failure ({})", e.code(), e);
    }
    // The kinds with a typed detail carry it; every other kind has neither (both null).
    ResourceLimitOutput resourceLimit =
        e instanceof ResourceLimitException r
            ? new ResourceLimitOutput(r.resource(), r.limit(), r.actual())
            : null;
    KeyConflictOutput keyConflict =
        e instanceof KeyConflictException k
            ? KeyConflictOutput.of(k.entityKind(), k.typeName(), k.entityId())
            : null;
    return new HttpFailure(
        status,
        new ErrorOutput(message(e), ErrorCode.forStatus(status), null, resourceLimit, keyConflict),
        Map.of());
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}

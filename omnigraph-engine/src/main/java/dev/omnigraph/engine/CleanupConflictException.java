package dev.omnigraph.engine;

/**
 * A cleanup found, before deleting anything, that a branch was created, deleted or re-created while
 * it planned, so its plan might have deleted what that branch needs: nothing was deleted, and
 * running cleanup again is safe.
 */
public final class CleanupConflictException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "cleanup_conflict";

  CleanupConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return CODE;
  }
}

package dev.omnigraph.engine;

/**
 * Every failure the facade reports for a request it could not do: one subclass per kind, each with
 * a stable {@link #code()}, so a server or CLI maps them with one total switch. Schema and query
 * source errors are reported separately as {@link dev.omnigraph.lang.source.CompileError}.
 */
public abstract sealed class OmnigraphException extends RuntimeException
    permits BranchExistsException,
        BranchNameConflictException,
        BranchNotFoundException,
        CleanupConflictException,
        CommitNotFoundException,
        CommitReclaimedException,
        CorruptGraphException,
        GraphAlreadyExistsException,
        GraphNotFoundException,
        InvalidInputException,
        ReadOnlyGraphException,
        StorageException,
        UnsupportedFeatureException,
        UnsupportedFormatException,
        WriteConflictException {
  private static final long serialVersionUID = 1L;

  OmnigraphException(String message) {
    super(message);
  }

  OmnigraphException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The kind's stable snake_case code, part of the public contract (never renamed). */
  public abstract String code();
}

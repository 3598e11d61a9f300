package dev.omnigraph.lang.source;

/**
 * The class of a {@link CompileError}; each kind has the message prefix upstream users see, so
 * tools that match on {@code "parse error: "} keep working.
 */
public enum ErrorKind {
  /** The text does not follow the grammar, or a declaration is malformed. */
  PARSE("parse error: "),
  /** A query does not typecheck against the schema; the detail starts with its T-code. */
  TYPE("type error: "),
  /** A query typechecks but cannot be planned (lowered to a pipeline) as written. */
  PLAN("plan error: "),
  /** The declarations do not form a consistent catalog (duplicates, unknown endpoints, ...). */
  CATALOG("catalog error: "),
  /** A stored, accepted schema IR breaks an invariant. */
  INVALID_IR("invalid accepted SchemaIR: "),
  /** Matching a desired schema against the accepted one failed. */
  RESOLUTION("schema identity resolution failed: "),
  /** The identity allocator has no ids left. */
  ALLOCATOR_EXHAUSTED("schema identity allocator exhausted: "),
  /** An identity of zero was found or requested; ids start at one. */
  ZERO_ID("schema identity id must be non-zero: "),
  /** The schema identity domain is not a canonical ULID or does not match. */
  INVALID_DOMAIN("invalid schema identity domain: ");

  private final String prefix;

  ErrorKind(String prefix) {
    this.prefix = prefix;
  }

  /** The prefix of every message of this kind, e.g. {@code "parse error: "}. */
  public String prefix() {
    return prefix;
  }
}

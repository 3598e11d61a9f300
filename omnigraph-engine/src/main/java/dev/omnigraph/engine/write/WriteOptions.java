package dev.omnigraph.engine.write;

import java.util.Objects;
import java.util.Optional;

/**
 * Who makes a write and, optionally, the commit id the branch head must still have for it to
 * commit: with {@code ifCommit} set, the write fails with a conflict instead of landing on a branch
 * that moved (compare-and-swap on the head, never retried).
 */
public record WriteOptions(String actor, Optional<String> ifCommit) {
  /** The actor recorded when the caller names none. */
  public static final String DEFAULT_ACTOR = "omnigraph";

  public WriteOptions {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(ifCommit, "ifCommit");
    if (actor.isBlank()) {
      throw new IllegalArgumentException("actor must not be blank");
    }
  }

  /** The default actor, unconditional. */
  public static WriteOptions defaults() {
    return new WriteOptions(DEFAULT_ACTOR, Optional.empty());
  }

  /** This write, committed only while the branch head is commit {@code commitId}. */
  public WriteOptions ifCommit(String commitId) {
    return new WriteOptions(actor, Optional.of(commitId));
  }

  /** This write, made by {@code name}. */
  public WriteOptions actor(String name) {
    return new WriteOptions(name, ifCommit);
  }
}

package dev.omnigraph.engine.write;

import java.util.Objects;
import java.util.Optional;

/**
 * How to run a JSONL load: its {@link LoadMode}; {@code from}, a branch to create the target branch
 * from when it does not exist yet; who writes and an optional head precondition ({@link
 * WriteOptions}); and how many rows of one type are built into an Arrow batch before it is written
 * out, which bounds the memory a load uses for row data.
 */
public record LoadOptions(LoadMode mode, Optional<String> from, WriteOptions write, int batchRows) {
  /** Rows per type buffered before they are written out, unless chosen otherwise. */
  public static final int DEFAULT_BATCH_ROWS = 8192;

  public LoadOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(write, "write");
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
  }

  /** A load in {@code mode} into an existing branch, by the default actor. */
  public static LoadOptions of(LoadMode mode) {
    return new LoadOptions(mode, Optional.empty(), WriteOptions.defaults(), DEFAULT_BATCH_ROWS);
  }

  /** This load, creating the target branch from branch {@code source} if it is missing. */
  public LoadOptions from(String source) {
    return new LoadOptions(mode, Optional.of(source), write, batchRows);
  }

  /** This load with {@code options} for actor and precondition. */
  public LoadOptions write(WriteOptions options) {
    return new LoadOptions(mode, from, options, batchRows);
  }

  /** This load with batches of {@code rows} rows. */
  public LoadOptions batchRows(int rows) {
    return new LoadOptions(mode, from, write, rows);
  }
}

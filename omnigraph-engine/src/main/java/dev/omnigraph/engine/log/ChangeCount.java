package dev.omnigraph.engine.log;

/** How many rows of one type a commit inserted, updated and deleted. */
public record ChangeCount(long inserted, long updated, long deleted) {
  public ChangeCount {
    if (inserted < 0 || updated < 0 || deleted < 0) {
      throw new IllegalArgumentException("change counts cannot be negative");
    }
  }
}

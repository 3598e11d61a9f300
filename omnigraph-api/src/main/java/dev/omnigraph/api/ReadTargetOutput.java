package dev.omnigraph.api;

/**
 * What a read ran against: a branch's newest state or a snapshot (a commit id); the other is {@code
 * null}.
 */
public record ReadTargetOutput(String branch, String snapshot) {
  /** The newest state of {@code branch}. */
  public static ReadTargetOutput ofBranch(String branch) {
    return new ReadTargetOutput(branch, null);
  }

  /** The state at commit {@code snapshot}. */
  public static ReadTargetOutput ofSnapshot(String snapshot) {
    return new ReadTargetOutput(null, snapshot);
  }
}

package dev.omnigraph.engine.log;

/**
 * A pending creation of branch {@code branch} as record {@code seq} of its log, held in the log of
 * each path-prefix ancestor name: until that slot of {@code branch}'s log is filled (by the
 * branch's first record, or by a fence that refuses it), the ancestor name cannot be created.
 */
public record NameHold(String branch, long seq) {
  public NameHold {
    BranchName.check(branch);
    if (seq < 1) {
      throw new IllegalArgumentException("commit sequence numbers start at 1, got " + seq);
    }
  }
}

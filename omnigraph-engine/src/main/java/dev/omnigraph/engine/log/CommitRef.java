package dev.omnigraph.engine.log;

/** A reference to one commit record: its branch, its sequence number there, and its commit id. */
public record CommitRef(String branch, long seq, String commitId) {
  public CommitRef {
    BranchName.check(branch);
    if (seq < 1) {
      throw new IllegalArgumentException("commit sequence numbers start at 1, got " + seq);
    }
  }
}

package dev.omnigraph.engine;

/** A commit named by a request (a branch and a seq, or a commit reference) does not exist. */
public final class CommitNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String root;
  private final String branch;
  private final long seq;

  public CommitNotFoundException(String root, String branch, long seq, String detail) {
    super(
        "commit "
            + seq
            + " of branch '"
            + branch
            + "' not found in the graph at "
            + root
            + ": "
            + detail
            + "; list the branch's commits to pick one that exists");
    this.root = root;
    this.branch = branch;
    this.seq = seq;
  }

  /** The graph root that was searched. */
  public String root() {
    return root;
  }

  /** The branch that was searched. */
  public String branch() {
    return branch;
  }

  /** The commit sequence number that was asked for. */
  public long seq() {
    return seq;
  }
}

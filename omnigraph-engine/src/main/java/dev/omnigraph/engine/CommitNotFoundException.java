package dev.omnigraph.engine;

/** A commit named by a request (a branch and a seq, or a commit reference) does not exist. */
public final class CommitNotFoundException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "commit_not_found";

  private final String root;
  private final String branch;
  private final long seq;
  private final String commitId;

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
    this.commitId = null;
  }

  /** No record of any branch has commit id {@code commitId}. */
  public CommitNotFoundException(String root, String commitId) {
    super(
        "commit '"
            + commitId
            + "' not found in the graph at "
            + root
            + "; list a branch's commits to pick one that exists");
    this.root = root;
    this.branch = null;
    this.seq = 0;
    this.commitId = commitId;
  }

  /** The commit id that was asked for, when the request named one. */
  public java.util.Optional<String> commitId() {
    return java.util.Optional.ofNullable(commitId);
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

  @Override
  public String code() {
    return CODE;
  }
}

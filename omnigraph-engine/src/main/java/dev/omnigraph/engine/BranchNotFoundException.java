package dev.omnigraph.engine;

/** A branch named by a request has no commit record in the graph. */
public final class BranchNotFoundException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "branch_not_found";

  private final String root;
  private final String branch;

  public BranchNotFoundException(String root, String branch) {
    super(
        "branch '"
            + branch
            + "' not found in the graph at "
            + root
            + "; check the name, or create the branch first");
    this.root = root;
    this.branch = branch;
  }

  /** The graph root that was searched. */
  public String root() {
    return root;
  }

  /** The branch that does not exist. */
  public String branch() {
    return branch;
  }

  @Override
  public String code() {
    return CODE;
  }
}

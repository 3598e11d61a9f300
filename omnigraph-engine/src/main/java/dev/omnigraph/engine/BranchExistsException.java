package dev.omnigraph.engine;

/** A branch named for creation already exists (or another writer created it first). */
public final class BranchExistsException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "branch_exists";

  private final String root;
  private final String branch;

  public BranchExistsException(String root, String branch) {
    super(
        "branch '"
            + branch
            + "' already exists in the graph at "
            + root
            + "; pick another name, or delete the branch first");
    this.root = root;
    this.branch = branch;
  }

  /** The graph root that holds the branch. */
  public String root() {
    return root;
  }

  /** The branch that already exists. */
  public String branch() {
    return branch;
  }

  @Override
  public String code() {
    return CODE;
  }
}

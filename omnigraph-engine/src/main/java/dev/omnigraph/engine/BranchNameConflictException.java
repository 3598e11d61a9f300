package dev.omnigraph.engine;

/**
 * Two live branch names would be path-prefix related ({@code a} and {@code a/b}): creating one
 * while the other lives, or deleting a branch that still has live descendants.
 */
public final class BranchNameConflictException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "branch_name_conflict";

  private final String root;
  private final String branch;
  private final String other;

  public BranchNameConflictException(String root, String branch, String other, String message) {
    super(message);
    this.root = root;
    this.branch = branch;
    this.other = other;
  }

  /** The graph root. */
  public String root() {
    return root;
  }

  /** The branch the request named. */
  public String branch() {
    return branch;
  }

  /** The live branch it conflicts with. */
  public String other() {
    return other;
  }

  @Override
  public String code() {
    return CODE;
  }
}

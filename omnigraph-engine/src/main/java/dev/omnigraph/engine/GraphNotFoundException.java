package dev.omnigraph.engine;

/** {@link Omnigraph#open} found no graph at its root: no commit record 1 on branch main. */
public final class GraphNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String root;

  public GraphNotFoundException(String root) {
    super("no graph at " + root + "; run init first");
    this.root = root;
  }

  /** The graph root that holds no graph. */
  public String root() {
    return root;
  }
}

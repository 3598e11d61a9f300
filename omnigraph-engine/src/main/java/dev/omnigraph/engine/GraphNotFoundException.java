package dev.omnigraph.engine;

/** {@link Omnigraph#open} found no graph at its root: no commit record 1 on branch main. */
public final class GraphNotFoundException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "graph_not_found";

  private final String root;

  public GraphNotFoundException(String root) {
    super("no graph at " + root + "; run init first");
    this.root = root;
  }

  /** The graph root that holds no graph. */
  public String root() {
    return root;
  }

  @Override
  public String code() {
    return CODE;
  }
}

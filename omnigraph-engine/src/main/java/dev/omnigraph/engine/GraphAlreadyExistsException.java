package dev.omnigraph.engine;

/**
 * {@link Omnigraph#init} found a graph at its root (or lost the race to create one): nothing of
 * this attempt is visible, and the existing graph is unchanged.
 */
public final class GraphAlreadyExistsException extends OmnigraphException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this kind. */
  public static final String CODE = "graph_already_exists";

  private final String root;

  public GraphAlreadyExistsException(String root) {
    super(
        "graph already initialized at " + root + "; open it instead, or init into an empty folder");
    this.root = root;
  }

  /** The graph root that already holds a graph. */
  public String root() {
    return root;
  }

  @Override
  public String code() {
    return CODE;
  }
}

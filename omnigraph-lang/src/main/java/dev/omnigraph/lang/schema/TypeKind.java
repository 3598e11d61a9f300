package dev.omnigraph.lang.schema;

/** The three kinds of schema declaration a migration step can name. */
public enum TypeKind {
  INTERFACE("interface"),
  NODE("node"),
  EDGE("edge");

  private final String label;

  TypeKind(String label) {
    this.label = label;
  }

  /** The lowercase name used in plan output, JSON and entity strings. */
  public String label() {
    return label;
  }

  /** Whether declarations of this kind own a table (nodes and edges do, interfaces do not). */
  public boolean hasTable() {
    return this != INTERFACE;
  }

  /** The entity string of the declaration {@code name}, e.g. {@code node:Person}. */
  public String entity(String name) {
    return label + ":" + name;
  }

  /** The entity string of property {@code property} of {@code owner}: {@code node:Person.age}. */
  public String entity(String owner, String property) {
    return label + ":" + owner + "." + property;
  }
}

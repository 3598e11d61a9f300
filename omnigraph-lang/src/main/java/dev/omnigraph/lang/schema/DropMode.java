package dev.omnigraph.lang.schema;

/**
 * What dropping a type or property does to the data it held: {@code SOFT} leaves it to older
 * commits (time travel reads it until garbage collection), {@code HARD} makes it unreachable at
 * once and is chosen only with {@code allow_data_loss}.
 */
public enum DropMode {
  SOFT("soft"),
  HARD("hard");

  private final String label;

  DropMode(String label) {
    this.label = label;
  }

  /** The lowercase name used in plan output and JSON. */
  public String label() {
    return label;
  }
}

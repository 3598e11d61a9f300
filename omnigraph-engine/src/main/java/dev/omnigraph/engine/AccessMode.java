package dev.omnigraph.engine;

/** How a graph is opened: read-only handles refuse every write and write nothing themselves. */
public enum AccessMode {
  READ_WRITE,
  READ_ONLY
}

package dev.omnigraph.cli;

/**
 * What kind of address a verb can work with (upstream's capability classes): the flags a verb
 * accepts follow from it, and a flag it cannot consume is refused with a message saying why.
 */
enum Capability {
  /** Works on any graph address: a storage URI, {@code --store}, or a server. */
  ANY("any"),
  /** Needs direct access to the graph's storage; never goes through a server. */
  DIRECT("direct"),
  /** Touches no graph at all. */
  LOCAL("local");

  private final String label;

  Capability(String label) {
    this.label = label;
  }

  /** The name used in messages and help ("a direct command"). */
  String label() {
    return label;
  }
}

package dev.omnigraph.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything on a command line that says which graph to work on, before the rules are applied.
 *
 * @param uri the verb's own address (its positional {@code URI} or {@code --uri})
 * @param uriLabel how messages name that address ("a graph URI", "--uri")
 * @param store {@code --store}
 * @param server {@code --server}
 * @param cluster {@code --cluster}
 * @param graph {@code --graph}
 * @param profile {@code --profile}
 * @param envProfile {@code OMNIGRAPH_PROFILE}, weaker than {@code --profile}
 * @param actor {@code --as}
 */
record ScopeFlags(
    Optional<String> uri,
    String uriLabel,
    Optional<String> store,
    Optional<String> server,
    Optional<String> cluster,
    Optional<String> graph,
    Optional<String> profile,
    Optional<String> envProfile,
    Optional<String> actor) {
  /** How messages name a positional graph address. */
  static final String POSITIONAL = "a graph URI";

  ScopeFlags {
    Objects.requireNonNull(uriLabel, "uriLabel");
  }

  /** The flags with the verb's own address set. */
  ScopeFlags withUri(Optional<String> address, String label) {
    return new ScopeFlags(
        address, label, store, server, cluster, graph, profile, envProfile, actor);
  }
}

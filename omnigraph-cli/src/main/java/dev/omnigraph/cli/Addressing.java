package dev.omnigraph.cli;

import dev.omnigraph.cli.OperatorConfig.Profile;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Upstream's addressing guard and scope precedence, applied to a verb: a flag the verb's capability
 * cannot consume is refused with the reason and the fix; at most one explicit address (URI, {@code
 * --store}, {@code --server}, {@code --cluster}); then an explicit address wins over a profile
 * ({@code --profile}, then {@code OMNIGRAPH_PROFILE}), which wins over {@code defaults.server},
 * then {@code defaults.store}. A server scope names a server by URL or by its name in {@code
 * servers:}, and the graph on it by {@code --graph} or a {@code default_graph}; cluster scopes are
 * recognised and validated, then refused as not supported yet.
 */
final class Addressing {
  private static final String STORAGE_FORMS = "a path, file:// or s3:// URI";

  private Addressing() {}

  /**
   * Refuses every address flag for a verb that touches no graph. The profile from the environment
   * is not a flag the user typed here, so it is ignored.
   */
  static void checkLocal(Verb verb, ScopeFlags flags) {
    List<String> given = new ArrayList<>();
    flags.uri().ifPresent(u -> given.add(flags.uriLabel()));
    flags.store().ifPresent(s -> given.add("--store"));
    flags.server().ifPresent(s -> given.add("--server"));
    flags.cluster().ifPresent(s -> given.add("--cluster"));
    flags.graph().ifPresent(s -> given.add("--graph"));
    flags.profile().ifPresent(s -> given.add("--profile"));
    flags.actor().ifPresent(s -> given.add("--as"));
    if (!given.isEmpty()) {
      String names = String.join(", ", given);
      throw new CliException(
          "`"
              + verb.name()
              + "` is a local command; it uses no graph or actor, so "
              + names
              + (given.size() == 1 ? " does" : " do")
              + " not apply. Drop "
              + names
              + ".");
    }
  }

  /**
   * The one graph {@code verb} works on, by its storage: a server scope is refused as not supported
   * by this verb yet.
   *
   * @param config the operator config, read only when no explicit address decides
   * @throws CliException naming the rule that was broken and the fix
   */
  static GraphTarget resolve(Verb verb, ScopeFlags flags, Supplier<OperatorConfig> config) {
    return switch (address(verb, flags, config)) {
      case GraphTarget t -> t;
      case ServerGraph s ->
          throw CliException.notSupportedYet(
              "`"
                  + verb.name()
                  + "` through a server (--server, a server profile or"
                  + " defaults.server)",
              "address the graph by its storage (" + STORAGE_FORMS + ") or --store");
    };
  }

  /**
   * The one graph {@code verb} works on: its storage or a graph on a server.
   *
   * @param config the operator config, read only when it is needed
   * @throws CliException naming the rule that was broken and the fix
   */
  static GraphAddress address(Verb verb, ScopeFlags flags, Supplier<OperatorConfig> config) {
    if (verb.capability() == Capability.LOCAL) {
      throw new IllegalArgumentException(verb.name() + " addresses no graph");
    }
    // As upstream's guard: a flag the verb cannot use is named before addresses are compared, so
    // `optimize --server x g` says why --server does not apply rather than that it clashes.
    checkCapability(verb, flags);
    List<String> explicit = new ArrayList<>();
    flags.uri().ifPresent(u -> explicit.add(flags.uriLabel()));
    flags.store().ifPresent(s -> explicit.add("--store"));
    flags.server().ifPresent(s -> explicit.add("--server"));
    flags.cluster().ifPresent(s -> explicit.add("--cluster"));
    if (explicit.size() > 1) {
      throw new CliException(
          String.join(", ", explicit)
              + " are mutually exclusive: address the graph one way ("
              + STORAGE_FORMS
              + ", --store, --server or --cluster)");
    }
    Optional<String> storage = flags.uri().or(flags::store);
    String storageLabel = flags.uri().isPresent() ? flags.uriLabel() : "--store";
    if (storage.isPresent() && isHttp(storage.get())) {
      throw remoteStorage(verb, storage.get());
    }
    GraphAddress address;
    if (storage.isPresent()) {
      if (flags.graph().isPresent()) {
        throw singleGraph(storageLabel);
      }
      address = new GraphTarget(storage.get());
    } else if (flags.server().isPresent()) {
      address = served(flags.server().get(), "--server", flags.graph(), config);
    } else if (flags.cluster().isPresent()) {
      throw clusterNotSupported(verb);
    } else {
      address = fromConfig(verb, flags, config.get());
    }
    checkActor(verb, flags, address);
    return address;
  }

  // --as names the actor of a direct write; a served write is recorded under the token's actor.
  private static void checkActor(Verb verb, ScopeFlags flags, GraphAddress address) {
    if (flags.actor().isEmpty() || !verb.writes() || verb.capability() != Capability.ANY) {
      return;
    }
    if (address instanceof ServerGraph) {
      throw new CliException(
          "`--as` is not allowed on a served write: the server records the actor its bearer token"
              + " names. Drop --as (or address the graph by its storage to write as another"
              + " actor)");
    }
    if (!recordsActor(verb)) {
      throw CliException.notSupportedYet(
          "--as on `" + verb.name() + "`",
          "the engine records this write under its own actor; drop --as");
    }
  }

  /**
   * The server {@code server} names (a URL, or a name from {@code servers:}) and the graph on it.
   */
  private static ServerGraph served(
      String server, String label, Optional<String> graph, Supplier<OperatorConfig> configs) {
    String url;
    if (isHttp(server)) {
      url = server;
    } else if (configs.get().servers().containsKey(server)) {
      OperatorConfig config = configs.get();
      url = config.servers().get(server);
      if (!isHttp(url)) {
        throw new CliException(
            "operator config "
                + config.file()
                + ": 'servers."
                + server
                + ".url' must be an http:// or https:// URL (got '"
                + url
                + "')");
      }
    } else {
      OperatorConfig config = configs.get();
      throw new CliException(
          "server '"
              + server
              + "' (from "
              + label
              + ") is neither an http:// or https:// URL nor a server named in "
              + config.file()
              + (config.servers().isEmpty()
                  ? " (it names none)"
                  : " (named servers: "
                      + String.join(", ", new TreeSet<>(config.servers().keySet()))
                      + ")"));
    }
    URI parsed;
    try {
      parsed = new URI(url);
    } catch (URISyntaxException e) {
      throw new CliException(
          "server URL '" + url + "' (from " + label + ") is not a valid URL: " + e.getReason(), e);
    }
    if (parsed.getHost() == null || parsed.getQuery() != null || parsed.getFragment() != null) {
      throw new CliException(
          "server URL '"
              + url
              + "' (from "
              + label
              + ") is not a server's base URL; give one like http://127.0.0.1:8080");
    }
    if (graph.isPresent() && graph.get().isBlank()) {
      throw new CliException("--graph must not be empty; give the graph's id on the server");
    }
    String base = url;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return new ServerGraph(base, graph);
  }

  private static void checkCapability(Verb verb, ScopeFlags flags) {
    if (verb.capability() == Capability.DIRECT) {
      if (flags.server().isPresent()) {
        throw doesNotApply(
            verb,
            "--server",
            "addresses a remote server",
            "Pass the graph's storage address (" + STORAGE_FORMS + ") or --store.");
      }
      if (flags.actor().isPresent()) {
        throw doesNotApply(verb, "--as", "names the actor of a served write", "Drop --as.");
      }
      if (flags.cluster().isPresent() && !acceptsCluster(verb)) {
        throw doesNotApply(
            verb,
            "--cluster",
            "addresses a cluster's graphs",
            "Pass the graph's storage address (" + STORAGE_FORMS + ") or --store.");
      }
    } else {
      if (flags.cluster().isPresent()) {
        throw doesNotApply(
            verb,
            "--cluster",
            "addresses a cluster for maintenance",
            "Address the graph with its storage address (" + STORAGE_FORMS + ") or --store.");
      }
    }
  }

  // The writes whose commits the engine records under a caller-chosen actor.
  private static boolean recordsActor(Verb verb) {
    return verb.name().equals("mutate") || verb.name().equals("load");
  }

  // Upstream's direct maintenance verbs (and lint) can address a graph inside a cluster.
  private static boolean acceptsCluster(Verb verb) {
    return verb.name().equals("lint")
        || verb.name().equals("optimize")
        || verb.name().equals("repair")
        || verb.name().equals("cleanup");
  }

  private static GraphAddress fromConfig(Verb verb, ScopeFlags flags, OperatorConfig config) {
    Optional<String> profileName = flags.profile().or(flags::envProfile);
    if (profileName.isPresent()) {
      String name = profileName.get();
      Profile profile = config.profiles().get(name);
      if (profile == null) {
        throw new CliException(
            "unknown profile '"
                + name
                + "'"
                + (flags.profile().isPresent() ? "" : " (from OMNIGRAPH_PROFILE)")
                + "; "
                + (config.profiles().isEmpty()
                    ? "no profiles are defined in " + config.file()
                    : "defined profiles: "
                        + String.join(", ", new TreeSet<>(config.profiles().keySet()))));
      }
      return switch (profile.kind()) {
        case STORE -> {
          if (flags.graph().isPresent()) {
            throw singleGraph("profile '" + name + "' (a store)");
          }
          yield new GraphTarget(profile.target());
        }
        case SERVER -> {
          if (verb.capability() == Capability.DIRECT) {
            throw doesNotApply(
                verb,
                "profile '" + name + "'",
                "addresses a remote server",
                "Pass the graph's storage address (" + STORAGE_FORMS + ") or --store.");
          }
          yield served(
              profile.target(),
              "profile '" + name + "'",
              flags.graph().or(profile::defaultGraph),
              () -> config);
        }
        case CLUSTER -> {
          if (!acceptsCluster(verb)) {
            throw doesNotApply(
                verb,
                "profile '" + name + "'",
                "addresses a cluster",
                "Address the graph with its storage address (" + STORAGE_FORMS + ") or --store.");
          }
          throw clusterNotSupported(verb);
        }
      };
    }
    OperatorConfig.Defaults defaults = config.defaults();
    if (defaults.server().isPresent() && verb.capability() == Capability.ANY) {
      return served(
          defaults.server().get(),
          "defaults.server",
          flags.graph().or(defaults::defaultGraph),
          () -> config);
    }
    if (defaults.store().isPresent()) {
      if (flags.graph().isPresent()) {
        throw singleGraph("defaults.store");
      }
      return new GraphTarget(defaults.store().get());
    }
    if (flags.graph().isPresent()) {
      throw new CliException(
          "--graph selects a graph on a server or cluster; give --server <url> or --cluster <dir>"
              + " with it, or address the graph by its storage ("
              + STORAGE_FORMS
              + " or --store) without --graph");
    }
    throw new CliException(
        "no graph addressed: `"
            + verb.name()
            + "` needs a graph; pass its storage address ("
            + STORAGE_FORMS
            + ") or --store <uri>, or set defaults.store in "
            + config.file());
  }

  private static boolean isHttp(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  private static CliException remoteStorage(Verb verb, String address) {
    if (verb.capability() == Capability.DIRECT) {
      return new CliException(
          "`"
              + verb.name()
              + "` needs direct storage access and cannot work through a remote server ("
              + address
              + "); run it where the graph's storage is reachable and pass its address ("
              + STORAGE_FORMS
              + ")");
    }
    return new CliException(
        "a remote graph must be addressed with `--server <url>`, not as a storage address ("
            + address
            + "); storage addresses are "
            + STORAGE_FORMS);
  }

  private static CliException singleGraph(String what) {
    return new CliException(
        "--graph selects a graph on a server or cluster, but "
            + what
            + " is already a single graph; drop --graph");
  }

  // Upstream's wording: "`<verb>` is a <capability> command; <flag meaning> and does not apply."
  private static CliException doesNotApply(Verb verb, String flag, String meaning, String remedy) {
    String article = verb.capability() == Capability.ANY ? "an " : "a ";
    return new CliException(
        "`"
            + verb.name()
            + "` is "
            + article
            + verb.capability().label()
            + " command; "
            + flag
            + " "
            + meaning
            + " and does not apply. "
            + remedy);
  }

  private static CliException clusterNotSupported(Verb verb) {
    return CliException.notSupportedYet(
        "Addressing a graph inside a cluster (`" + verb.name() + "` with --cluster)",
        "address the graph by its storage (" + STORAGE_FORMS + ") or --store");
  }
}

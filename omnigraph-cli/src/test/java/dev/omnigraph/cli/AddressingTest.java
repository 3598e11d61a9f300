package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The addressing guard and scope precedence, without a graph: which flags reach which target. */
class AddressingTest {
  static final Verb SNAPSHOT = Verb.read("snapshot", Capability.ANY);
  static final Verb BRANCH_DELETE = Verb.write("branch delete", Capability.ANY);
  static final Verb INIT = Verb.write("init", Capability.DIRECT);
  static final Verb LINT = Verb.read("lint", Capability.DIRECT);
  static final Verb OPTIMIZE = Verb.write("optimize", Capability.DIRECT);
  static final Path CONFIG = Path.of("/home/op/.omnigraph/config.yaml");

  static ScopeFlags none() {
    return new ScopeFlags(
        Optional.empty(),
        ScopeFlags.POSITIONAL,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static ScopeFlags uri(String u) {
    return none().withUri(Optional.of(u), ScopeFlags.POSITIONAL);
  }

  static ScopeFlags with(
      ScopeFlags f, String store, String server, String cluster, String graph, String actor) {
    return new ScopeFlags(
        f.uri(),
        f.uriLabel(),
        Optional.ofNullable(store).or(f::store),
        Optional.ofNullable(server).or(f::server),
        Optional.ofNullable(cluster).or(f::cluster),
        Optional.ofNullable(graph).or(f::graph),
        f.profile(),
        f.envProfile(),
        Optional.ofNullable(actor).or(f::actor));
  }

  static ScopeFlags profile(ScopeFlags f, String flag, String env) {
    return new ScopeFlags(
        f.uri(),
        f.uriLabel(),
        f.store(),
        f.server(),
        f.cluster(),
        f.graph(),
        Optional.ofNullable(flag),
        Optional.ofNullable(env),
        f.actor());
  }

  static Supplier<OperatorConfig> config(String yaml) {
    return () -> OperatorConfig.parse(CONFIG, yaml, w -> {});
  }

  static final Supplier<OperatorConfig> NO_CONFIG = () -> OperatorConfig.empty(CONFIG);

  static final Supplier<OperatorConfig> UNREAD =
      () -> {
        throw new AssertionError("an explicit address must not read the operator config");
      };

  static String refusal(Verb verb, ScopeFlags flags, Supplier<OperatorConfig> config) {
    return assertThatThrownBy(() -> Addressing.resolve(verb, flags, config))
        .isInstanceOf(CliException.class)
        .actual()
        .getMessage();
  }

  @Test
  void anExplicitAddressWinsWithoutReadingTheConfig() {
    assertThat(Addressing.resolve(SNAPSHOT, uri("/g"), UNREAD)).isEqualTo(new GraphTarget("/g"));
    assertThat(
            Addressing.resolve(SNAPSHOT, with(none(), "s3://b/g", null, null, null, null), UNREAD))
        .isEqualTo(new GraphTarget("s3://b/g"));
    assertThat(Addressing.resolve(INIT, uri("file:///g"), UNREAD))
        .isEqualTo(new GraphTarget("file:///g"));
  }

  @Test
  void atMostOneExplicitAddress() {
    assertThat(refusal(SNAPSHOT, with(uri("/g"), "/h", null, null, null, null), UNREAD))
        .isEqualTo(
            "a graph URI, --store are mutually exclusive: address the graph one way (a path,"
                + " file:// or s3:// URI, --store, --server or --cluster)");
    assertThat(refusal(SNAPSHOT, with(none(), "/h", "http://s", null, null, null), UNREAD))
        .startsWith("--store, --server are mutually exclusive");
    assertThat(refusal(OPTIMIZE, with(uri("/g"), null, null, "c", null, null), UNREAD))
        .startsWith("a graph URI, --cluster are mutually exclusive");
    ScopeFlags branchUri = none().withUri(Optional.of("/g"), "--uri");
    assertThat(refusal(BRANCH_DELETE, with(branchUri, null, "http://s", null, null, null), UNREAD))
        .startsWith("--uri, --server are mutually exclusive");
  }

  @Test
  void anHttpStorageAddressMustBeAServer() {
    assertThat(refusal(SNAPSHOT, uri("https://graph.example.com"), UNREAD))
        .isEqualTo(
            "a remote graph must be addressed with `--server <url>`, not as a storage address"
                + " (https://graph.example.com); storage addresses are a path, file:// or s3://"
                + " URI");
    assertThat(refusal(SNAPSHOT, with(none(), "HTTP://x", null, null, null, null), UNREAD))
        .contains("must be addressed with `--server <url>`");
    assertThat(refusal(LINT, uri("http://127.0.0.1:1"), UNREAD))
        .startsWith("`lint` needs direct storage access and cannot work through a remote server");
  }

  @Test
  void graphWithASingleGraphAddressIsRefused() {
    assertThat(refusal(SNAPSHOT, with(uri("/g"), null, null, null, "x", null), UNREAD))
        .isEqualTo(
            "--graph selects a graph on a server or cluster, but a graph URI is already a single"
                + " graph; drop --graph");
    assertThat(refusal(SNAPSHOT, with(none(), "/g", null, null, "x", null), UNREAD))
        .contains("but --store is already a single graph");
    assertThat(
            refusal(
                SNAPSHOT,
                with(none(), null, null, null, "x", null),
                config("defaults:\n  store: /g\n")))
        .contains("but defaults.store is already a single graph");
    assertThat(refusal(SNAPSHOT, with(none(), null, null, null, "x", null), NO_CONFIG))
        .startsWith("--graph selects a graph on a server or cluster; give --server <url>");
  }

  @Test
  void wrongPlaneFlagsNameTheVerbTheirCapabilityAndTheFix() {
    assertThat(refusal(LINT, with(none(), null, "http://s", null, null, null), UNREAD))
        .isEqualTo(
            "`lint` is a direct command; --server addresses a remote server and does not apply."
                + " Pass the graph's storage address (a path, file:// or s3:// URI) or --store.");
    assertThat(refusal(INIT, with(none(), null, null, "/c", "g", null), UNREAD))
        .startsWith("`init` is a direct command; --cluster addresses a cluster's graphs");
    assertThat(refusal(SNAPSHOT, with(none(), null, null, "/c", "g", null), UNREAD))
        .startsWith(
            "`snapshot` is an any command; --cluster addresses a cluster for maintenance"
                + " and does not apply.");
    assertThat(refusal(LINT, with(uri("/g"), null, null, null, null, "a"), UNREAD))
        .isEqualTo(
            "`lint` is a direct command; --as names the actor of a served write and does not"
                + " apply. Drop --as.");
    for (String m :
        new String[] {
          refusal(LINT, with(none(), null, "http://s", null, null, null), UNREAD),
          refusal(SNAPSHOT, uri("http://x"), UNREAD)
        }) {
      assertThat(m).doesNotEndWith(" ").doesNotContain("\n");
    }
  }

  @Test
  void actorOnAReadIsHarmlessAndOnAWriteNotSupportedYet() {
    assertThat(Addressing.resolve(SNAPSHOT, with(uri("/g"), null, null, null, null, "a"), UNREAD))
        .isEqualTo(new GraphTarget("/g"));
    assertThat(refusal(BRANCH_DELETE, with(uri("/g"), null, null, null, null, "a"), UNREAD))
        .contains("--as on `branch delete` is not supported yet");
  }

  @Test
  void serverScopesNameAServerByUrlOrConfigNameAndTheGraphOnIt() {
    assertThat(
            Addressing.address(
                SNAPSHOT, with(none(), null, "http://s:8/", null, "g", null), UNREAD))
        .isEqualTo(new ServerGraph("http://s:8", Optional.of("g")));
    assertThat(
            Addressing.address(SNAPSHOT, with(none(), null, "https://s", null, null, null), UNREAD))
        .isEqualTo(new ServerGraph("https://s", Optional.empty()));
    Supplier<OperatorConfig> cfg =
        config(
            """
            servers:
              prod: { url: "https://graph.example.com/" }
            defaults:
              server: prod
              default_graph: knowledge
            profiles:
              remote: { server: prod, default_graph: spike }
            """);
    assertThat(Addressing.address(SNAPSHOT, with(none(), null, "prod", null, "g", null), cfg))
        .isEqualTo(new ServerGraph("https://graph.example.com", Optional.of("g")));
    assertThat(Addressing.address(SNAPSHOT, none(), cfg))
        .isEqualTo(new ServerGraph("https://graph.example.com", Optional.of("knowledge")));
    assertThat(Addressing.address(SNAPSHOT, profile(none(), "remote", null), cfg))
        .isEqualTo(new ServerGraph("https://graph.example.com", Optional.of("spike")));
    assertThat(
            Addressing.address(
                SNAPSHOT, with(profile(none(), "remote", null), null, null, null, "x", null), cfg))
        .isEqualTo(new ServerGraph("https://graph.example.com", Optional.of("x")));
    assertThat(new ServerGraph("http://s", Optional.of("a/b c")).uri())
        .isEqualTo("http://s/graphs/a%2Fb%20c");
    assertThat(new ServerGraph("http://s", Optional.empty()).placement()).isEqualTo("served");
    assertThat(new ServerGraph("http://s", Optional.empty()).local()).isFalse();
  }

  @Test
  void badServerScopesAreRefusedNamingTheFix() {
    assertThat(refusal(SNAPSHOT, with(none(), null, "staging", null, "g", null), NO_CONFIG))
        .isEqualTo(
            "server 'staging' (from --server) is neither an http:// or https:// URL nor a server"
                + " named in "
                + CONFIG
                + " (it names none)");
    assertThat(
            refusal(
                SNAPSHOT,
                with(none(), null, "staging", null, "g", null),
                config("servers:\n  prod: { url: http://p }\n  dev: { url: http://d }\n")))
        .endsWith("(named servers: dev, prod)");
    assertThat(refusal(SNAPSHOT, with(none(), null, "http://", null, "g", null), UNREAD))
        .startsWith("server URL 'http://' (from --server) is not a valid URL");
    assertThat(refusal(SNAPSHOT, with(none(), null, "http://s?x=1", null, "g", null), UNREAD))
        .isEqualTo(
            "server URL 'http://s?x=1' (from --server) is not a server's base URL; give one like"
                + " http://127.0.0.1:8080");
    assertThat(refusal(SNAPSHOT, with(none(), null, "http://s", null, " ", null), UNREAD))
        .startsWith("--graph must not be empty");
  }

  /** Upstream's C9: `--as` on a served write fails before any request. */
  @Test
  void asOnAServedWriteIsRefusedAndVerbsWithoutServerModeSaySo() {
    assertThat(
            refusal(
                BRANCH_DELETE, with(none(), null, "http://127.0.0.1:1", null, "g", "a"), UNREAD))
        .startsWith("`--as` is not allowed on a served write");
    Verb load = Verb.write("load", Capability.ANY);
    assertThat(refusal(load, with(none(), null, "http://s", null, "g", "a"), UNREAD))
        .startsWith("`--as` is not allowed on a served write");
    assertThat(refusal(load, with(none(), null, "http://s", null, "g", null), UNREAD))
        .isEqualTo(
            "`load` through a server (--server, a server profile or defaults.server) is not"
                + " supported yet by this build; address the graph by its storage (a path, file://"
                + " or s3:// URI) or --store");
    assertThat(refusal(LINT, with(none(), null, null, "/c", "g", null), UNREAD))
        .startsWith("Addressing a graph inside a cluster (`lint` with --cluster)")
        .contains("is not supported yet");
  }

  @Test
  void profilesBeatDefaultsAndTheFlagBeatsTheEnvironment() {
    Supplier<OperatorConfig> cfg =
        config(
            """
            defaults:
              store: /default
            profiles:
              a: { store: /a }
              b: { store: /b }
              remote: { server: prod }
              brain: { cluster: brain, default_graph: k }
            """);
    assertThat(Addressing.resolve(SNAPSHOT, none(), cfg)).isEqualTo(new GraphTarget("/default"));
    assertThat(Addressing.resolve(SNAPSHOT, profile(none(), null, "b"), cfg))
        .isEqualTo(new GraphTarget("/b"));
    assertThat(Addressing.resolve(SNAPSHOT, profile(none(), "a", "b"), cfg))
        .isEqualTo(new GraphTarget("/a"));
    assertThat(Addressing.resolve(SNAPSHOT, profile(uri("/x"), "a", "b"), UNREAD))
        .isEqualTo(new GraphTarget("/x"));
    assertThat(refusal(SNAPSHOT, profile(none(), "remote", null), cfg))
        .startsWith("server 'prod' (from profile 'remote') is neither an http:// or https:// URL");
    assertThat(refusal(INIT, profile(none(), "remote", null), cfg))
        .startsWith("`init` is a direct command; profile 'remote' addresses a remote server");
    assertThat(refusal(SNAPSHOT, profile(none(), "brain", null), cfg))
        .startsWith("`snapshot` is an any command; profile 'brain' addresses a cluster");
    assertThat(refusal(LINT, profile(none(), "brain", null), cfg)).contains("not supported yet");
    assertThat(refusal(SNAPSHOT, profile(none(), "nope", null), cfg))
        .isEqualTo("unknown profile 'nope'; defined profiles: a, b, brain, remote");
    assertThat(refusal(SNAPSHOT, profile(none(), null, "nope"), NO_CONFIG))
        .isEqualTo(
            "unknown profile 'nope' (from OMNIGRAPH_PROFILE); no profiles are defined in "
                + CONFIG);
  }

  @Test
  void directVerbsSkipADefaultServer() {
    assertThat(refusal(INIT, none(), config("defaults:\n  server: prod\n")))
        .startsWith("no graph addressed: `init` needs a graph");
  }

  @Test
  void nothingAddressedNamesTheWaysToAddressAGraph() {
    assertThat(refusal(SNAPSHOT, none(), NO_CONFIG))
        .isEqualTo(
            "no graph addressed: `snapshot` needs a graph; pass its storage address (a path,"
                + " file:// or s3:// URI) or --store <uri>, or set defaults.store in "
                + CONFIG);
  }

  @Test
  void localVerbsRefuseEveryAddressFlag() {
    Verb version = Verb.read("version", Capability.LOCAL);
    Addressing.checkLocal(version, profile(none(), null, "from-env"));
    assertThatThrownBy(
            () -> Addressing.checkLocal(version, with(none(), "/g", null, null, "x", "a")))
        .hasMessage(
            "`version` is a local command; it uses no graph or actor, so --store, --graph, --as do"
                + " not apply. Drop --store, --graph, --as.");
    assertThatThrownBy(() -> Addressing.resolve(version, uri("/g"), UNREAD))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void targetsKnowWhetherTheyAreLocal() {
    assertThat(new GraphTarget("/g").local()).isTrue();
    assertThat(new GraphTarget("rel/g").local()).isTrue();
    assertThat(new GraphTarget("file:///g").local()).isTrue();
    assertThat(new GraphTarget("FILE:///g").local()).isTrue();
    assertThat(new GraphTarget("s3://b/g").local()).isFalse();
    assertThat(new GraphTarget("s3://b/g").placement()).isEqualTo("direct, remote");
    assertThat(new GraphTarget("/g").placement()).isEqualTo("direct, local");
  }

  /** Upstream's C16: a flag the verb cannot use is named even beside a graph URI. */
  @Test
  void aFlagTheVerbCannotUseIsRefusedBeforeAddressesAreCompared() {
    assertThat(refusal(OPTIMIZE, with(uri("/g"), null, "x", null, null, null), UNREAD))
        .isEqualTo(
            "`optimize` is a direct command; --server addresses a remote server and does not"
                + " apply. Pass the graph's storage address (a path, file:// or s3:// URI) or"
                + " --store.");
    assertThat(refusal(OPTIMIZE, with(uri("/g"), null, null, null, null, "a"), UNREAD))
        .isEqualTo(
            "`optimize` is a direct command; --as names the actor of a served write and does not"
                + " apply. Drop --as.");
    assertThat(refusal(SNAPSHOT, with(none(), "/h", "http://s", "c", null, null), UNREAD))
        .startsWith("`snapshot` is an any command; --cluster addresses a cluster for maintenance");
  }
}

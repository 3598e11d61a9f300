package dev.omnigraph.cli;

import dev.omnigraph.api.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The operator's own settings, {@code config.yaml} in {@code $OMNIGRAPH_HOME} (default {@code
 * ~/.omnigraph}): the default actor, named servers and clusters, defaults (output format, table
 * style, a default store or server), profiles and query aliases. A missing file is an empty config;
 * a malformed one is an error naming the file and the key; unknown keys are warned about and
 * ignored, so a newer file still works with an older CLI.
 *
 * @param file where the config was read from (whether or not it exists)
 * @param actor {@code operator.actor}: the default for {@code --as}
 * @param servers server name to URL
 * @param clusters cluster name to storage root
 * @param defaults the {@code defaults} section
 * @param profiles profile name to its scope
 * @param aliases alias name to the stored query it runs
 */
record OperatorConfig(
    Path file,
    Optional<String> actor,
    Map<String, String> servers,
    Map<String, String> clusters,
    Defaults defaults,
    Map<String, Profile> profiles,
    Map<String, Alias> aliases) {
  static final String FILE_NAME = "config.yaml";

  OperatorConfig {
    Objects.requireNonNull(file, "file");
    servers = Map.copyOf(servers);
    clusters = Map.copyOf(clusters);
    Objects.requireNonNull(defaults, "defaults");
    profiles = Map.copyOf(profiles);
    aliases = Map.copyOf(aliases);
  }

  /**
   * The {@code defaults} section.
   *
   * @param output the read format when neither {@code --json} nor {@code --format} is given
   * @param tableMaxColumnWidth the widest a table column grows
   * @param tableCellLayout what the table does with longer cells
   * @param server the default served scope (never together with {@code store})
   * @param store the default graph storage address
   * @param defaultGraph the graph on the default server
   */
  record Defaults(
      Optional<ReadFormat> output,
      OptionalInt tableMaxColumnWidth,
      Optional<CellLayout> tableCellLayout,
      Optional<String> server,
      Optional<String> store,
      Optional<String> defaultGraph) {
    static final Defaults NONE =
        new Defaults(
            Optional.empty(),
            OptionalInt.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    /** The table style these defaults ask for. */
    TableStyle tableStyle() {
      return new TableStyle(
          tableMaxColumnWidth.orElse(TableStyle.DEFAULT.maxColumnWidth()),
          tableCellLayout.orElse(TableStyle.DEFAULT.layout()));
    }
  }

  /** What a profile addresses. */
  enum ScopeKind {
    SERVER,
    CLUSTER,
    STORE;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A named scope: exactly one of a server, a cluster or a store, and for servers and clusters
   * optionally the graph on it.
   */
  record Profile(String name, ScopeKind kind, String target, Optional<String> defaultGraph) {}

  /**
   * A named stored-query call: the query, the names of its positional arguments, fixed parameters,
   * and optionally the server, graph and output format it uses.
   */
  record Alias(
      String name,
      Optional<String> server,
      Optional<String> graph,
      String query,
      List<String> args,
      Map<String, Object> params,
      Optional<ReadFormat> format) {
    Alias {
      args = List.copyOf(args);
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
  }

  /** The folder of the operator's files: {@code $OMNIGRAPH_HOME} (with {@code ~} expanded). */
  static Path home(CliEnvironment env) {
    String configured = env.variables().get("OMNIGRAPH_HOME");
    if (configured == null || configured.isBlank()) {
      return env.home().resolve(".omnigraph");
    }
    if (configured.equals("~")) {
      return env.home();
    }
    if (configured.startsWith("~/")) {
      return env.home().resolve(configured.substring(2));
    }
    return Path.of(configured);
  }

  /**
   * Reads the operator config of {@code env}; each unknown key goes to {@code warn}.
   *
   * @throws CliException if the file cannot be read or is not a valid config
   */
  static OperatorConfig load(CliEnvironment env, Consumer<String> warn) {
    Path file = home(env).resolve(FILE_NAME);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return empty(file);
    } catch (IOException e) {
      throw new CliException("cannot read operator config " + file + ": " + e.getMessage(), e);
    }
    return parse(file, text, warn);
  }

  static OperatorConfig empty(Path file) {
    return new OperatorConfig(
        file, Optional.empty(), Map.of(), Map.of(), Defaults.NONE, Map.of(), Map.of());
  }

  /** Parses {@code text} as the config at {@code file}. */
  static OperatorConfig parse(Path file, String text, Consumer<String> warn) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(text);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where =
          at == null || at.getLineNr() < 1
              ? ""
              : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new CliException(
          "operator config " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage(),
          e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return empty(file);
    }
    Node top = new Node(file, "", root, warn);
    top.only("operator", "servers", "clusters", "defaults", "profiles", "aliases");
    Optional<String> actor =
        top.object("operator")
            .flatMap(op -> {
              op.only("actor");
              return op.string("actor");
            });
    Map<String, String> servers = named(top, "servers", "url");
    Map<String, String> clusters = named(top, "clusters", "root");
    Defaults defaults = top.object("defaults").map(OperatorConfig::defaults).orElse(Defaults.NONE);
    Map<String, Profile> profiles = new TreeMap<>();
    for (Map.Entry<String, Node> e : top.entries("profiles").entrySet()) {
      profiles.put(e.getKey(), profile(e.getKey(), e.getValue()));
    }
    Map<String, Alias> aliases = new TreeMap<>();
    for (Map.Entry<String, Node> e : top.entries("aliases").entrySet()) {
      aliases.put(e.getKey(), alias(e.getKey(), e.getValue()));
    }
    return new OperatorConfig(file, actor, servers, clusters, defaults, profiles, aliases);
  }

  private static Map<String, String> named(Node top, String section, String field) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Node> e : top.entries(section).entrySet()) {
      Node entry = e.getValue();
      entry.only(field);
      out.put(e.getKey(), entry.string(field).orElseThrow(() -> entry.missing(field)));
    }
    return out;
  }

  private static Defaults defaults(Node d) {
    d.only(
        "output",
        "table_max_column_width",
        "table_cell_layout",
        "server",
        "store",
        "default_graph");
    Optional<ReadFormat> output =
        d.string("output")
            .map(s ->
                ReadFormat.named(s)
                    .orElseThrow(
                        () -> d.invalid("output", "must be one of " + ReadFormat.names(), s)));
    OptionalInt width = d.positiveInt("table_max_column_width");
    Optional<CellLayout> layout =
        d.string("table_cell_layout")
            .map(s ->
                CellLayout.named(s)
                    .orElseThrow(
                        () -> d.invalid("table_cell_layout", "must be truncate or wrap", s)));
    Optional<String> server = d.string("server");
    Optional<String> store = d.string("store");
    Optional<String> graph = d.string("default_graph");
    if (server.isPresent() && store.isPresent()) {
      throw d.error("sets both server and store; keep one (a default scope is one or the other)");
    }
    if (store.isPresent() && graph.isPresent()) {
      throw d.error(
          "sets default_graph with store; a store is already one graph, so drop default_graph");
    }
    return new Defaults(output, width, layout, server, store, graph);
  }

  private static Profile profile(String name, Node p) {
    p.only("server", "cluster", "store", "default_graph");
    List<ScopeKind> kinds = new ArrayList<>();
    for (ScopeKind k : ScopeKind.values()) {
      if (p.string(k.key()).isPresent()) {
        kinds.add(k);
      }
    }
    if (kinds.size() != 1) {
      throw p.error("must set exactly one of server, cluster or store");
    }
    ScopeKind kind = kinds.get(0);
    Optional<String> graph = p.string("default_graph");
    if (kind == ScopeKind.STORE && graph.isPresent()) {
      throw p.error(
          "sets default_graph with store; a store is already one graph, so drop default_graph");
    }
    return new Profile(name, kind, p.string(kind.key()).orElseThrow(), graph);
  }

  private static Alias alias(String name, Node a) {
    a.only("server", "graph", "query", "args", "params", "format");
    Optional<ReadFormat> format =
        a.string("format")
            .map(s ->
                ReadFormat.named(s)
                    .orElseThrow(
                        () -> a.invalid("format", "must be one of " + ReadFormat.names(), s)));
    return new Alias(
        name,
        a.string("server"),
        a.string("graph"),
        a.string("query").orElseThrow(() -> a.missing("query")),
        a.strings("args"),
        a.params("params"),
        format);
  }

  /** One mapping of the YAML tree, read strictly: errors name the file and the dotted key. */
  private record Node(Path file, String path, JsonNode node, Consumer<String> warn) {
    Node {
      if (!node.isObject()) {
        throw new CliException(
            "operator config " + file + ": " + label(path) + " must be a mapping of keys");
      }
    }

    private static String label(String path) {
      return path.isEmpty() ? "the top level" : "'" + path + "'";
    }

    private String key(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    void only(String... known) {
      Set<String> ok = Set.of(known);
      for (String name : node.propertyNames()) {
        if (!ok.contains(name)) {
          warn.accept("operator config " + file + ": unknown key '" + key(name) + "' is ignored");
        }
      }
    }

    CliException error(String problem) {
      return new CliException("operator config " + file + ": " + label(path) + " " + problem);
    }

    CliException invalid(String name, String rule, Object got) {
      return new CliException(
          "operator config " + file + ": '" + key(name) + "' " + rule + " (got '" + got + "')");
    }

    CliException missing(String name) {
      return new CliException("operator config " + file + ": '" + key(name) + "' is required");
    }

    private Optional<JsonNode> present(String name) {
      JsonNode v = node.get(name);
      return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    Optional<String> string(String name) {
      return present(name)
          .map(v -> {
            if (!v.isString()) {
              throw invalid(name, "must be a string", v);
            }
            String s = v.asString();
            if (s.isBlank()) {
              throw invalid(name, "must not be empty", s);
            }
            return s;
          });
    }

    OptionalInt positiveInt(String name) {
      Optional<JsonNode> v = present(name);
      if (v.isEmpty()) {
        return OptionalInt.empty();
      }
      if (!v.get().isIntegralNumber() || !v.get().canConvertToInt() || v.get().asInt() < 1) {
        throw invalid(name, "must be a positive whole number", v.get());
      }
      return OptionalInt.of(v.get().asInt());
    }

    Optional<Node> object(String name) {
      return present(name).map(v -> new Node(file, key(name), v, warn));
    }

    Map<String, Node> entries(String name) {
      Map<String, Node> out = new LinkedHashMap<>();
      object(name)
          .ifPresent(section -> {
            for (Map.Entry<String, JsonNode> e : section.node().properties()) {
              out.put(e.getKey(), new Node(file, section.key(e.getKey()), e.getValue(), warn));
            }
          });
      return out;
    }

    List<String> strings(String name) {
      Optional<JsonNode> v = present(name);
      if (v.isEmpty()) {
        return List.of();
      }
      if (!v.get().isArray()) {
        throw invalid(name, "must be a list of strings", v.get());
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : v.get()) {
        if (!item.isString()) {
          throw invalid(name, "must be a list of strings", v.get());
        }
        out.add(item.asString());
      }
      return out;
    }

    Map<String, Object> params(String name) {
      Optional<JsonNode> v = present(name);
      if (v.isEmpty()) {
        return Map.of();
      }
      if (!v.get().isObject()) {
        throw invalid(name, "must be a mapping of parameter names to values", v.get());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.get().properties()) {
        out.put(e.getKey(), WireJson.mapper().treeToValue(e.getValue(), Object.class));
      }
      return out;
    }
  }
}

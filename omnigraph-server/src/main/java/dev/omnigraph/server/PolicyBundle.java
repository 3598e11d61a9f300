package dev.omnigraph.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A validated allow-only policy bundle ({@code *.policy.yaml}): groups of actor ids, the protected
 * branches, and rules that each grant one group some actions, optionally only on protected or
 * unprotected branches. A bundle is for graphs or for the server ({@code graph_list}), never both.
 *
 * @param source where the bundle was read from, for messages
 * @param kind which resource its actions apply to
 * @param groups group name to its actor ids
 * @param protectedBranches the branches the {@code protected} scopes mean
 * @param rules the rules, in file order
 */
record PolicyBundle(
    String source,
    PolicyAction.Resource kind,
    Map<String, List<String>> groups,
    Set<String> protectedBranches,
    List<Rule> rules) {

  /** Which branches a scoped rule covers. */
  enum BranchScope {
    ANY,
    PROTECTED,
    UNPROTECTED
  }

  /**
   * One grant: the actors of {@code group} may do {@code actions}, within {@code scope} when set
   * (on the request's branch for read/export/change, on its target branch for the branch and schema
   * actions).
   */
  record Rule(String id, String group, List<PolicyAction> actions, Optional<BranchScope> scope) {
    Rule {
      actions = List.copyOf(actions);
    }
  }

  PolicyBundle {
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    protectedBranches = Collections.unmodifiableSet(new LinkedHashSet<>(protectedBranches));
    rules = List.copyOf(rules);
  }

  // The file's shape, read strictly: an unknown or misspelt key is an error, never ignored.
  record BundleFile(
      Integer version,
      Map<String, List<String>> groups,
      List<String> protectedBranches,
      List<RuleFile> rules) {}

  record RuleFile(String id, AllowFile allow) {}

  record AllowFile(
      ActorsFile actors, List<String> actions, String branchScope, String targetBranchScope) {}

  record ActorsFile(String group) {}

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Reads and validates the bundle at {@code file} as one for {@code kind}. */
  static PolicyBundle load(Path file, PolicyAction.Resource kind) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ServerBootException("cannot read policy file " + file + ": " + e, e);
    }
    return parse(text, file.toString(), kind);
  }

  /** Parses and validates {@code yaml}; {@code source} names it in messages. */
  static PolicyBundle parse(String yaml, String source, PolicyAction.Resource kind) {
    BundleFile file;
    try {
      file = YAML.readValue(yaml, BundleFile.class);
    } catch (JacksonException e) {
      throw invalid(source, e.getOriginalMessage().lines().findFirst().orElse("unreadable"));
    }
    if (file == null) {
      throw invalid(source, "the file is empty; it needs at least `version: 1`");
    }
    if (file.version() == null || file.version() != 1) {
      throw invalid(source, "`version` must be 1, got " + file.version());
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    if (file.groups() != null) {
      for (Map.Entry<String, List<String>> g : file.groups().entrySet()) {
        String name = g.getKey() == null ? "" : g.getKey().strip();
        if (name.isEmpty()) {
          throw invalid(source, "a group name is blank");
        }
        if (g.getValue() == null || g.getValue().isEmpty()) {
          throw invalid(source, "group '" + name + "' has no actors; list at least one");
        }
        List<String> actors = new ArrayList<>();
        for (String actor : g.getValue()) {
          if (actor == null || actor.isBlank()) {
            throw invalid(source, "group '" + name + "' lists a blank actor id");
          }
          actors.add(actor.strip());
        }
        groups.put(name, actors);
      }
    }
    Set<String> protectedBranches = new LinkedHashSet<>();
    if (file.protectedBranches() != null) {
      for (String b : file.protectedBranches()) {
        if (b == null || b.isBlank()) {
          throw invalid(source, "`protected_branches` lists a blank branch name");
        }
        protectedBranches.add(b.strip());
      }
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (file.rules() != null) {
      for (RuleFile r : file.rules()) {
        Rule rule = rule(source, r, groups, kind);
        if (!ids.add(rule.id())) {
          throw invalid(source, "rule id '" + rule.id() + "' is used twice; ids must be unique");
        }
        rules.add(rule);
      }
    }
    return new PolicyBundle(source, kind, groups, protectedBranches, rules);
  }

  private static Rule rule(
      String source, RuleFile r, Map<String, List<String>> groups, PolicyAction.Resource kind) {
    if (r == null || r.id() == null || r.id().isBlank()) {
      throw invalid(source, "a rule has no `id`; give every rule a unique id");
    }
    String id = r.id().strip();
    String where = "rule '" + id + "': ";
    AllowFile allow = r.allow();
    if (allow == null) {
      throw invalid(source, where + "it has no `allow`");
    }
    if (allow.actors() == null || allow.actors().group() == null) {
      throw invalid(source, where + "`allow.actors` must name one group: `{ group: <name> }`");
    }
    String group = allow.actors().group().strip();
    if (!groups.containsKey(group)) {
      throw invalid(source, where + "group '" + group + "' is not defined under `groups`");
    }
    if (allow.actions() == null || allow.actions().isEmpty()) {
      throw invalid(source, where + "`allow.actions` must list at least one action");
    }
    List<PolicyAction> actions = new ArrayList<>();
    for (String name : allow.actions()) {
      PolicyAction action =
          PolicyAction.byWireName(name == null ? "" : name.strip())
              .orElseThrow(() ->
                  invalid(
                      source,
                      where
                          + "unknown action '"
                          + name
                          + "'; the actions are read, export, change, schema_apply,"
                          + " branch_create, branch_delete, branch_merge, admin, invoke_query and"
                          + " graph_list"));
      if (!actions.contains(action)) {
        actions.add(action);
      }
    }
    boolean server = actions.contains(PolicyAction.GRAPH_LIST);
    if (server && actions.size() > 1) {
      throw invalid(
          source, where + "graph_list cannot share a rule with per-graph actions; split the rule");
    }
    PolicyAction.Resource ruleKind =
        server ? PolicyAction.Resource.SERVER : PolicyAction.Resource.GRAPH;
    if (ruleKind != kind) {
      throw invalid(
          source,
          where
              + (kind == PolicyAction.Resource.GRAPH
                  ? "graph_list is a server action; put it in the server policy bundle"
                      + " (--server-policy)"
                  : "a server policy bundle grants only graph_list; put per-graph actions in a"
                      + " graph bundle (--policy)"));
    }
    if (allow.branchScope() != null && allow.targetBranchScope() != null) {
      throw invalid(source, where + "give at most one of `branch_scope` and `target_branch_scope`");
    }
    Optional<BranchScope> scope = Optional.empty();
    if (allow.branchScope() != null || allow.targetBranchScope() != null) {
      PolicyAction.ScopeKey key =
          allow.branchScope() != null
              ? PolicyAction.ScopeKey.BRANCH
              : PolicyAction.ScopeKey.TARGET_BRANCH;
      String value =
          key == PolicyAction.ScopeKey.BRANCH ? allow.branchScope() : allow.targetBranchScope();
      String keyName = key == PolicyAction.ScopeKey.BRANCH ? "branch_scope" : "target_branch_scope";
      for (PolicyAction a : actions) {
        if (a.scopeKey() != key) {
          throw invalid(
              source,
              where
                  + "`"
                  + keyName
                  + "` does not apply to action "
                  + a.wireName()
                  + switch (a.scopeKey()) {
                    case BRANCH -> "; use `branch_scope`";
                    case TARGET_BRANCH -> "; use `target_branch_scope`";
                    case NONE -> ", which takes no scope";
                  });
        }
      }
      scope = Optional.of(scope(source, where, keyName, value));
    }
    return new Rule(id, group, actions, scope);
  }

  private static BranchScope scope(String source, String where, String key, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "any" -> BranchScope.ANY;
      case "protected" -> BranchScope.PROTECTED;
      case "unprotected" -> BranchScope.UNPROTECTED;
      default ->
          throw invalid(
              source,
              where + "`" + key + "` is '" + value + "'; use any, protected or unprotected");
    };
  }

  private static ServerBootException invalid(String source, String problem) {
    return new ServerBootException("invalid policy file " + source + ": " + problem);
  }

  /** The groups {@code actor} belongs to, in file order. */
  List<String> groupsOf(String actor) {
    List<String> out = new ArrayList<>();
    groups.forEach((g, actors) -> {
      if (actors.contains(actor)) {
        out.add(g);
      }
    });
    return out;
  }
}

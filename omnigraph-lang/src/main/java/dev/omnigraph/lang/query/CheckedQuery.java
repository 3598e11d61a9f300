package dev.omnigraph.lang.query;

import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import java.util.List;
import java.util.Map;

/**
 * A query that passed the typechecker against a catalog, with what checking learned: parameter
 * types, the variables of the top-level match and of each {@code not { }} block, the resolved
 * direction and edge type of every traversal (negation scopes included), and for mutations each
 * statement's target kind. Maps are keyed by the AST records themselves (their spans make equal
 * records the same source position).
 */
public record CheckedQuery(
    QueryDecl decl,
    Catalog catalog,
    Map<String, PropType> paramTypes,
    Map<String, VarType> variables,
    Map<Clause.Negation, Map<String, VarType>> negationScopes,
    Map<Clause.Traversal, ResolvedTraversal> traversals,
    List<MutationTarget> mutationTargets) {
  public CheckedQuery {
    paramTypes = Map.copyOf(paramTypes);
    variables = Map.copyOf(variables);
    negationScopes = Map.copyOf(negationScopes);
    traversals = Map.copyOf(traversals);
    mutationTargets = List.copyOf(mutationTargets);
  }

  /**
   * A traversal as the typechecker resolved it: the edge type's declared name (the query may spell
   * it in another case), the direction, and the node types of source and target variables.
   */
  public record ResolvedTraversal(
      String edgeType, Direction direction, String sourceType, String targetType) {}

  /** The kind of type a mutation statement targets: node types and edge types share no names. */
  public enum TargetKind {
    NODE,
    EDGE
  }

  /** A mutation statement's target: its kind and type name. */
  public record MutationTarget(TargetKind kind, String typeName) {}
}

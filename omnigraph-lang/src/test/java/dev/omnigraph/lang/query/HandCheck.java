package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.CheckedQuery.MutationTarget;
import dev.omnigraph.lang.query.CheckedQuery.ResolvedTraversal;
import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.ScalarType;
import dev.omnigraph.lang.schema.VectorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The typechecker's resolution without its checks: parameter types, variable types and traversal
 * directions by the rules of spec §2.3, for testing the lowerer's own refusals on queries the
 * typechecker rejects first.
 */
final class HandCheck {
  private HandCheck() {}

  static CheckedQuery check(QueryDecl decl, Catalog catalog) {
    Map<String, PropType> params = new HashMap<>();
    for (QueryDecl.Param p : decl.params()) {
      params.put(p.name(), paramType(p.typeName(), p.nullable()));
    }
    Map<String, VarType> variables = new HashMap<>();
    Map<Clause.Negation, Map<String, VarType>> scopes = new HashMap<>();
    Map<Clause.Traversal, ResolvedTraversal> traversals = new HashMap<>();
    walk(decl.match(), variables, scopes, traversals, catalog);
    List<MutationTarget> targets = new ArrayList<>();
    for (Mutation m : decl.mutations()) {
      targets.add(
          catalog.node(m.typeName()).isPresent()
              ? new MutationTarget(TargetKind.NODE, m.typeName())
              : new MutationTarget(
                  TargetKind.EDGE, catalog.edge(m.typeName()).orElseThrow().name()));
    }
    return new CheckedQuery(decl, catalog, params, variables, scopes, traversals, targets);
  }

  private static void walk(
      List<Clause> clauses,
      Map<String, VarType> table,
      Map<Clause.Negation, Map<String, VarType>> scopes,
      Map<Clause.Traversal, ResolvedTraversal> traversals,
      Catalog catalog) {
    for (Clause c : clauses) {
      switch (c) {
        case Clause.Binding b -> table.put(b.variable(), new VarType.NodeVar(b.typeName()));
        case Clause.Traversal t -> {
          Catalog.EdgeType edge = catalog.edge(t.edgeName()).orElseThrow();
          String from = edge.fromType();
          String to = edge.toType();
          Direction d;
          if (t.undirected()) {
            d = Direction.BOTH;
          } else if (table.get(t.source()) instanceof VarType.NodeVar(String s)) {
            d = s.equals(from) ? Direction.OUT : Direction.IN;
          } else if (table.get(t.target()) instanceof VarType.NodeVar(String s)) {
            d = s.equals(to) ? Direction.OUT : Direction.IN;
          } else {
            d = Direction.OUT;
          }
          String sourceType = d == Direction.IN ? to : from;
          String targetType = d == Direction.IN ? from : to;
          traversals.put(t, new ResolvedTraversal(edge.name(), d, sourceType, targetType));
          if (!t.source().equals("_")) {
            table.putIfAbsent(t.source(), new VarType.NodeVar(sourceType));
          }
          if (!t.target().equals("_")) {
            table.putIfAbsent(t.target(), new VarType.NodeVar(targetType));
          }
          t.edgeBinding()
              .filter(w -> !w.equals("_"))
              .ifPresent(w -> table.put(w, new VarType.EdgeVar(edge.name())));
        }
        case Clause.Filter f -> {}
        case Clause.Negation n -> {
          Map<String, VarType> inner = new HashMap<>(table);
          walk(n.clauses(), inner, scopes, traversals, catalog);
          scopes.put(n, inner);
        }
      }
    }
  }

  private static PropType paramType(String name, boolean nullable) {
    if (name.startsWith("[")) {
      return PropType.listOf(scalar(name.substring(1, name.length() - 1)), nullable);
    }
    return PropType.of(scalar(name), nullable);
  }

  private static ScalarType scalar(String name) {
    if (name.startsWith("Vector(")) {
      return new VectorType(Integer.parseInt(name.substring(7, name.length() - 1)));
    }
    return BaseType.named(name).orElseThrow();
  }
}

package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.CheckedQuery.MutationTarget;
import dev.omnigraph.lang.query.CheckedQuery.ResolvedTraversal;
import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.query.Expr.AggregateFunction;
import dev.omnigraph.lang.query.QueryDecl.Ordering;
import dev.omnigraph.lang.query.QueryDecl.Param;
import dev.omnigraph.lang.query.QueryDecl.Projection;
import dev.omnigraph.lang.query.VarType.EdgeVar;
import dev.omnigraph.lang.query.VarType.NodeVar;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Checks one query declaration against a catalog in the rule order of the query-language spec (§2.2
 * parameters, §2.3 reads, §2.4 expressions, §2.5 mutations) and reports the first violation as a
 * {@link CompileError} of kind {@link ErrorKind#TYPE} whose detail starts with its T-code.
 *
 * <p>Decisions on the upstream gaps of spec §4.11 (and a few neighbouring ones) taken here:
 *
 * <ul>
 *   <li>(a) A {@code $x} used as a prop-match value or a mutation value must be a declared
 *       parameter; upstream ignores an undeclared one in a prop-match, here it is T14 ("match
 *       variable `$x` must be a declared query parameter").
 *   <li>(b) A list or vector literal is never an inline prop-match value: on a list property it is
 *       T3 "list equality is not supported", on a vector property T3 (upstream accepts it and
 *       silently ignores the match), elsewhere the ordinary T3 type mismatch.
 *   <li>(c) Ranking and search calls cannot be projected: {@code nearest} (T15), {@code
 *       search}/{@code fuzzy} (T19), {@code match_text}/{@code bm25} (T20), {@code rrf} (T21) in
 *       {@code return}, anywhere in the projection, are rejected here instead of failing at run
 *       time.
 *   <li>(d) A variable bound twice to the same node type is allowed; lowering merges the bindings.
 *   <li>(e) Placement of the same calls elsewhere, by the same codes: ranking calls ({@code
 *       nearest}, {@code bm25}, {@code rrf}) only as a whole {@code order} item (rrf's arms inside
 *       it), never in a {@code match} filter; search calls ({@code search}, {@code fuzzy}, {@code
 *       match_text}) only as a standalone match clause (parsed as {@code call = true}), never
 *       compared otherwise, nested, or in {@code order}. Upstream typechecks these and then drops
 *       or fails them at run time.
 *   <li>(f) A bare alias reference in {@code return} is rejected (upstream: run-time error
 *       "unsupported projection expression"); an aggregate over an aggregate or over an alias
 *       reference is T8 (upstream: run-time error).
 *   <li>(g) A parameter name declared twice is rejected (upstream keeps the last declaration).
 *   <li>(h) The empty list literal {@code []} fits any list property as a mutation value (upstream
 *       types it {@code [String]} and so rejects {@code []} for {@code [I32]}).
 * </ul>
 *
 * <p>Declared parameter types are read by {@link QueryParams#declaredType}, the same rule the
 * run-time parameter binding uses; this class only adds the span and the reserved-name check.
 *
 * <p>Mutation targets are looked up by exact name (node first, so a node type wins over a
 * same-named edge type), as upstream does; traversal edge words are looked up exactly, then
 * ignoring case.
 */
final class QueryTypechecker {
  /** The hidden parameter {@code now()} is bound to; users may not declare it. */
  static final String NOW_PARAM = QueryParams.RESERVED_NOW;

  private final QueryDecl decl;
  private final Catalog catalog;
  private final SourceText source;
  private final Map<String, PropType> params;
  private final Map<Clause.Negation, Map<String, VarType>> negationScopes = new LinkedHashMap<>();
  private final Map<Clause.Traversal, ResolvedTraversal> traversals = new LinkedHashMap<>();

  /** The type the checker gives an expression: a scalar, a node, or an aggregate. */
  sealed interface Ty {
    /** A scalar or list value of a property, parameter or literal type. */
    record Scalar(PropType type) implements Ty {}

    /** A bare node variable. */
    record Node(String typeName) implements Ty {}

    /** {@code fn(arg)}; the argument's type decides min/max results. */
    record Agg(AggregateFunction function, Ty argument) implements Ty {}

    /** An alias reference to no earlier projection, accepted as upstream does ("aggregate"). */
    record UnknownAlias() implements Ty {}
  }

  private QueryTypechecker(QueryDecl decl, Catalog catalog, SourceText source) {
    this.decl = decl;
    this.catalog = catalog;
    this.source = source;
    this.params = paramTypes(decl.params());
  }

  /**
   * Typechecks {@code decl}, a read or a mutation, against {@code catalog}; errors carry spans in
   * {@code source}, the text {@code decl} was parsed from.
   */
  static CheckedQuery check(QueryDecl decl, Catalog catalog, SourceText source) {
    QueryTypechecker checker = new QueryTypechecker(decl, catalog, source);
    return decl.isMutation() ? checker.checkMutations() : checker.checkRead();
  }

  /** Like {@link #check}, for callers that can only run reads: a mutation is a plan error. */
  static CheckedQuery checkRead(QueryDecl decl, Catalog catalog, SourceText source) {
    if (decl.isMutation()) {
      throw new CompileError(
          ErrorKind.PLAN,
          "mutation query cannot be typechecked with read-query API",
          decl.span(),
          source);
    }
    return check(decl, catalog, source);
  }

  /** The result columns of a checked read, in projection order; empty for a mutation. */
  static List<ResultField> resultSchema(CheckedQuery checked) {
    QueryDecl decl = checked.decl();
    if (decl.isMutation()) {
      return List.of();
    }
    QueryTypechecker checker = new QueryTypechecker(decl, checked.catalog(), null);
    Map<String, Ty> aliases = new HashMap<>();
    List<ResultField> fields = new ArrayList<>();
    for (Projection p : decl.returns()) {
      Ty type = checker.resolve(p.expr(), checked.variables(), aliases);
      p.alias().ifPresent(a -> aliases.put(a, type));
      fields.add(checker.field(columnName(p), type));
    }
    return List.copyOf(fields);
  }

  /**
   * The column a projection produces, named as the executor names it: the alias, else {@code v.p}
   * for {@code $v.p}, the name of a variable or parameter, {@code literal}, the hidden parameter
   * for {@code now()}, and for an aggregate the column of its argument.
   */
  static String columnName(Projection projection) {
    return projection.alias().orElseGet(() -> columnName(projection.expr()));
  }

  private static String columnName(Expr expr) {
    return switch (expr) {
      case Expr.PropAccess p -> p.variable() + "." + p.property();
      case Expr.Variable v -> v.name();
      case Expr.Lit l -> "literal";
      case Expr.Now n -> NOW_PARAM;
      case Expr.Aggregate a -> columnName(a.argument());
      case Expr.AliasRef a -> a.name();
      case Expr.Nearest n -> "nearest";
      case Expr.Search s -> "search";
      case Expr.Fuzzy f -> "fuzzy";
      case Expr.MatchText m -> "match_text";
      case Expr.Bm25 b -> "bm25";
      case Expr.Rrf r -> "rrf";
    };
  }

  // ---------------------------------------------------------------------------------------------
  // §2.2 parameters

  private Map<String, PropType> paramTypes(List<Param> declared) {
    Map<String, PropType> out = new LinkedHashMap<>();
    for (Param p : declared) {
      if (p.name().equals(NOW_PARAM)) {
        throw error(
            null,
            "parameter name `$"
                + NOW_PARAM
                + "` is reserved for runtime timestamp injection; rename the parameter",
            p.span());
      }
      PropType type;
      try {
        type = QueryParams.declaredType(p);
      } catch (CompileError e) {
        throw error(
            null,
            e.detail()
                + "; use a base type (String, Bool, I32, I64, U32, U64, F32, F64, Date, DateTime,"
                + " Blob), a list `[T]` of one, or `Vector(d)` with 1 <= d <= 2147483647",
            p.span());
      }
      if (out.putIfAbsent(p.name(), type) != null) {
        throw error(
            null,
            "parameter `$" + p.name() + "` is declared more than once; rename or remove one",
            p.span());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // §2.3 reads

  private CheckedQuery checkRead() {
    Map<String, VarType> vars = new LinkedHashMap<>();
    checkClauses(decl.match(), vars);

    Map<String, Ty> aliases = new HashMap<>();
    Map<String, Expr> aliasExprs = new HashMap<>();
    for (Projection p : decl.returns()) {
      if (p.expr() instanceof Expr.AliasRef a) {
        throw error(
            null,
            "`"
                + a.name()
                + "` cannot be projected in `return`: a bare name refers to a projection alias,"
                + " which only `order` can use; project `$var` or `$var.prop` instead",
            a.span());
      }
      firstSearchCall(p.expr()).ifPresent(call -> rejectPlacement(call, Place.RETURN));
      Ty type = resolve(p.expr(), vars, aliases);
      rejectBlobReadValue(type, p.expr());
      if (p.alias().isPresent()) {
        aliases.put(p.alias().get(), type);
        aliasExprs.put(p.alias().get(), p.expr());
      }
    }

    for (Ordering o : decl.order()) {
      checkOrderPlacement(o.expr());
      Ty type = resolve(o.expr(), vars, aliases);
      rejectBlobReadValue(type, o.expr());
    }

    Optional<Ordering> rrf =
        decl.order().stream().filter(o -> containsRrf(o.expr(), aliasExprs, 0)).findFirst();
    if (rrf.isPresent() && decl.limit().isEmpty()) {
      throw error(
          "T21",
          "rrf ordering requires a limit clause; add `limit N` after `order` to bound the fused"
              + " ranking",
          rrf.get().span());
    }
    Optional<Ordering> nearest =
        decl.order().stream()
            .filter(o -> containsStandaloneNearest(o.expr(), aliasExprs, 0))
            .findFirst();
    if (nearest.isPresent()) {
      if (decl.limit().isEmpty()) {
        throw error(
            "T17",
            "nearest ordering requires a limit clause; add `limit N` after `order` (N is the"
                + " number of nearest neighbours)",
            nearest.get().span());
      }
      for (Ordering o : decl.order()) {
        if (o.expr() instanceof Expr.AliasRef) {
          throw error(
              "T18",
              "alias-based ordering is not supported together with nearest in phase 1; order by"
                  + " `$var.prop` instead of the alias",
              o.span());
        }
      }
    }

    boolean aggregate = decl.returns().stream().anyMatch(p -> p.expr() instanceof Expr.Aggregate);
    if (aggregate) {
      for (Projection p : decl.returns()) {
        if (!(p.expr() instanceof Expr.Aggregate
            || p.expr() instanceof Expr.PropAccess
            || p.expr() instanceof Expr.Variable)) {
          throw error(
              "T9",
              "non-aggregate expressions in an aggregate query must be property accesses or"
                  + " variables; they are the group keys",
              p.span());
        }
      }
    }

    return new CheckedQuery(decl, catalog, params, vars, negationScopes, traversals, List.of());
  }

  private void checkClauses(List<Clause> clauses, Map<String, VarType> vars) {
    for (Clause clause : clauses) {
      switch (clause) {
        case Clause.Binding b -> checkBinding(b, vars);
        case Clause.Traversal t -> checkTraversal(t, vars);
        case Clause.Filter f -> checkFilter(f, vars);
        case Clause.Negation n -> checkNegation(n, vars);
      }
    }
  }

  private void checkNegation(Clause.Negation negation, Map<String, VarType> vars) {
    Set<String> outer = Set.copyOf(vars.keySet());
    // Inner bindings are existential: they must not leak into the enclosing scope.
    Map<String, VarType> inner = new LinkedHashMap<>(vars);
    checkClauses(negation.clauses(), inner);
    if (negation.clauses().stream().noneMatch(c -> referencesOuter(c, outer))) {
      throw error(
          "T9",
          "negation block must reference at least one outer-bound variable; use a variable bound"
              + " before the block inside it, e.g. `not { $p knows $x }`",
          negation.span());
    }
    negationScopes.put(negation, Map.copyOf(inner));
  }

  // A nested negation does not count: it only correlates with its own enclosing block.
  private static boolean referencesOuter(Clause clause, Set<String> outer) {
    return switch (clause) {
      case Clause.Binding b -> outer.contains(b.variable());
      case Clause.Traversal t -> outer.contains(t.source()) || outer.contains(t.target());
      case Clause.Filter f ->
          !disjoint(variablesOf(f.left()), outer) || !disjoint(variablesOf(f.right()), outer);
      case Clause.Negation n -> false;
    };
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    return a.stream().noneMatch(b::contains);
  }

  private static Set<String> variablesOf(Expr expr) {
    Set<String> out = new HashSet<>();
    collectVariables(expr, out);
    return out;
  }

  private static void collectVariables(Expr expr, Set<String> out) {
    switch (expr) {
      case Expr.PropAccess p -> out.add(p.variable());
      case Expr.Variable v -> out.add(v.name());
      case Expr.Nearest n -> {
        out.add(n.variable());
        collectVariables(n.query(), out);
      }
      case Expr.Search s -> {
        collectVariables(s.field(), out);
        collectVariables(s.query(), out);
      }
      case Expr.Fuzzy f -> {
        collectVariables(f.field(), out);
        collectVariables(f.query(), out);
        f.maxEdits().ifPresent(m -> collectVariables(m, out));
      }
      case Expr.MatchText m -> {
        collectVariables(m.field(), out);
        collectVariables(m.query(), out);
      }
      case Expr.Bm25 b -> {
        collectVariables(b.field(), out);
        collectVariables(b.query(), out);
      }
      case Expr.Rrf r -> {
        collectVariables(r.primary(), out);
        collectVariables(r.secondary(), out);
        r.k().ifPresent(k -> collectVariables(k, out));
      }
      case Expr.Aggregate a -> collectVariables(a.argument(), out);
      case Expr.Now n -> {}
      case Expr.Lit l -> {}
      case Expr.AliasRef a -> {}
    }
  }

  // ---- bindings

  private void checkBinding(Clause.Binding binding, Map<String, VarType> vars) {
    Catalog.NodeType node =
        catalog
            .node(binding.typeName())
            .orElseThrow(() ->
                error(
                    "T1",
                    "unknown node type `"
                        + binding.typeName()
                        + "`"
                        + known("node types", catalog.nodeTypes().keySet()),
                    binding.span()));
    for (Clause.PropMatch pm : binding.propMatches()) {
      PropType prop = node.properties().get(pm.property());
      if (prop == null) {
        throw error(
            "T2",
            "type `"
                + node.name()
                + "` has no property `"
                + pm.property()
                + "`"
                + known("properties", node.properties().keySet()),
            pm.span());
      }
      if (prop.isBlob()) {
        throw error(
            "T3",
            "blob property `"
                + node.name()
                + "."
                + pm.property()
                + "` cannot be used in match patterns; Blob values are only readable through the"
                + " blob API",
            pm.span());
      }
      checkMatchValue(pm, prop);
    }
    VarType existing = vars.get(binding.variable());
    switch (existing) {
      case null -> vars.put(binding.variable(), new NodeVar(node.name()));
      case EdgeVar e ->
          throw error(
              "T23",
              "variable `$"
                  + binding.variable()
                  + "` is bound to edge type `"
                  + e.edgeType()
                  + "` and cannot be rebound as node type `"
                  + node.name()
                  + "`; give the node its own variable",
              binding.span());
      case NodeVar n -> {
        // Same type twice is decision (d): allowed, lowering merges the two bindings.
        if (!n.typeName().equals(node.name())) {
          throw error(
              null,
              "variable `$"
                  + binding.variable()
                  + "` already bound to type `"
                  + n.typeName()
                  + "`, cannot rebind to `"
                  + node.name()
                  + "`; use a different variable name",
              binding.span());
        }
      }
    }
  }

  private void checkMatchValue(Clause.PropMatch pm, PropType prop) {
    String property = pm.property();
    switch (pm.value()) {
      case Expr.Lit lit -> {
        Literal value = lit.value();
        if (value instanceof Literal.ListLiteral) {
          if (prop.list()) {
            throw error(
                "T3",
                "list equality is not supported for property `"
                    + property
                    + "`; use a scalar value to match list membership",
                pm.span());
          }
          if (prop.isVector()) {
            throw error(
                "T3",
                "vector literals cannot be matched inline for property `"
                    + property
                    + "`; rank by similarity with `order { nearest($v."
                    + property
                    + ", [...]) }` instead",
                pm.span());
          }
        }
        if (prop.list()) {
          PropType litType = literalType(value, lit.span());
          if (!compatible(litType, element(prop))) {
            throw error(
                "T3",
                "property `"
                    + property
                    + "` has type "
                    + prop.displayName()
                    + " but membership match got "
                    + litType.displayName(),
                pm.span());
          }
        } else {
          checkLiteral(value, prop, property, pm.span());
        }
      }
      case Expr.Variable v -> {
        PropType actual = params.get(v.name());
        if (actual == null) {
          throw undeclared("match", v.name(), prop.list() ? element(prop) : prop, v.span());
        }
        if (prop.list()) {
          if (actual.list()) {
            throw error(
                "T7",
                "list equality is not supported for property `"
                    + property
                    + "`; use a scalar parameter for membership matching",
                pm.span());
          }
          if (!compatible(actual, element(prop))) {
            throw error(
                "T7",
                "cannot compare "
                    + actual.displayName()
                    + " membership against "
                    + prop.displayName()
                    + " for property `"
                    + property
                    + "`",
                pm.span());
          }
        } else if (!compatible(actual, prop)) {
          throw cannotAssign(actual, prop, property, pm.span());
        }
      }
      case Expr.Now n -> checkNow(prop, property, pm.span());
    }
  }

  // ---- traversals

  private void checkTraversal(Clause.Traversal t, Map<String, VarType> vars) {
    Catalog.EdgeType edge =
        Optional.ofNullable(catalog.edgeTypes().get(t.edgeName()))
            .or(() -> catalog.edge(t.edgeName()))
            .orElseThrow(() ->
                error(
                    "T4",
                    "unknown edge type `"
                        + t.edgeName()
                        + "`"
                        + known("edge types", catalog.edgeTypes().keySet()),
                    t.span()));
    if (t.minHops() < 1) {
      throw error(
          "T15", "traversal min hop bound must be >= 1; write {1," + maxText(t) + "}", t.span());
    }
    if (t.maxHops().isEmpty()) {
      throw error(
          "T15",
          "unbounded traversal is disabled; use bounded traversal {min,max}, e.g. {"
              + t.minHops()
              + ","
              + Math.max(t.minHops(), 3)
              + "}",
          t.span());
    }
    if (t.maxHops().getAsLong() < t.minHops()) {
      throw error(
          "T15",
          "invalid traversal bounds {"
              + t.minHops()
              + ","
              + t.maxHops().getAsLong()
              + "}; max must be >= min",
          t.span());
    }
    String signature = edge.name() + ": " + edge.fromType() + " -> " + edge.toType();
    if (t.undirected() && !edge.fromType().equals(edge.toType())) {
      throw error(
          "T22",
          "undirected traversal `<"
              + edge.name()
              + ">` requires a same-endpoint-type edge, but `"
              + signature
              + "` is asymmetric; use the directional form",
          t.span());
    }
    if (t.edgeBinding().isPresent()) {
      String w = t.edgeBinding().get();
      if (t.minHops() != 1 || t.maxHops().getAsLong() != 1) {
        throw error(
            "T23",
            "edge binding `$"
                + w
                + "` cannot be combined with traversal bounds; a multi-hop traversal matches a"
                + " path of edges, not one edge",
            t.span());
      }
      if (!w.equals("_")) {
        if (w.equals(t.source()) || w.equals(t.target())) {
          throw error(
              "T23",
              "edge binding `$"
                  + w
                  + "` cannot reuse a traversal endpoint name; edge bindings and node endpoints"
                  + " need distinct names",
              t.span());
        }
        if (vars.containsKey(w)) {
          throw error(
              "T23",
              "variable `$" + w + "` is already bound; an edge binding needs a fresh name",
              t.span());
        }
        vars.put(w, new EdgeVar(edge.name()));
      }
    }

    VarType src = vars.get(t.source());
    VarType dst = vars.get(t.target());
    Direction direction;
    if (src != null) {
      String type = endpointType(src, t.source(), t.span());
      if (type.equals(edge.fromType())) {
        direction = Direction.OUT;
        bindEndpoint(vars, t.target(), edge.toType(), edge, t.span());
      } else if (type.equals(edge.toType())) {
        direction = Direction.IN;
        bindEndpoint(vars, t.target(), edge.fromType(), edge, t.span());
      } else {
        throw notAnEndpoint(t.source(), type, signature, t.span());
      }
    } else if (dst != null) {
      String type = endpointType(dst, t.target(), t.span());
      if (type.equals(edge.toType())) {
        direction = Direction.OUT;
        bindEndpoint(vars, t.source(), edge.fromType(), edge, t.span());
      } else if (type.equals(edge.fromType())) {
        direction = Direction.IN;
        bindEndpoint(vars, t.source(), edge.toType(), edge, t.span());
      } else {
        throw notAnEndpoint(t.target(), type, signature, t.span());
      }
    } else {
      direction = Direction.OUT;
      bindEndpoint(vars, t.source(), edge.fromType(), edge, t.span());
      bindEndpoint(vars, t.target(), edge.toType(), edge, t.span());
    }
    if (t.undirected()) {
      direction = Direction.BOTH;
    }
    boolean reversed = direction == Direction.IN;
    traversals.put(
        t,
        new ResolvedTraversal(
            edge.name(),
            direction,
            reversed ? edge.toType() : edge.fromType(),
            reversed ? edge.fromType() : edge.toType()));
  }

  private static String maxText(Clause.Traversal t) {
    return t.maxHops().isPresent() ? String.valueOf(Math.max(1, t.maxHops().getAsLong())) : "3";
  }

  private String endpointType(VarType bound, String variable, Span span) {
    return switch (bound) {
      case NodeVar n -> n.typeName();
      case EdgeVar e ->
          throw error(
              "T23",
              "edge binding `$"
                  + variable
                  + "` cannot be used as a traversal endpoint; traversal endpoints must be node"
                  + " bindings",
              span);
    };
  }

  private CompileError notAnEndpoint(String variable, String type, String signature, Span span) {
    return error(
        "T5",
        "variable `$"
            + variable
            + "` has type `"
            + type
            + "`, which is not an endpoint of edge `"
            + signature
            + "`",
        span);
  }

  private void bindEndpoint(
      Map<String, VarType> vars,
      String variable,
      String expected,
      Catalog.EdgeType edge,
      Span span) {
    if (variable.equals("_")) {
      return;
    }
    VarType existing = vars.get(variable);
    if (existing == null) {
      vars.put(variable, new NodeVar(expected));
      return;
    }
    String type = endpointType(existing, variable, span);
    if (!type.equals(expected)) {
      throw error(
          "T5",
          "variable `$"
              + variable
              + "` has type `"
              + type
              + "` but edge `"
              + edge.name()
              + "` expects `"
              + expected
              + "`",
          span);
    }
  }

  // ---- filters

  private void checkFilter(Clause.Filter f, Map<String, VarType> vars) {
    checkFilterPlacement(f);
    Ty left = resolve(f.left(), vars, Map.of());
    Ty right = resolve(f.right(), vars, Map.of());
    if (!(left instanceof Ty.Scalar(PropType l)) || !(right instanceof Ty.Scalar(PropType r))) {
      throw error(
          "T7",
          "filter comparisons require scalar operands, got "
              + display(left)
              + " and "
              + display(right)
              + "; compare properties (`$v.prop`), parameters or literals",
          f.span());
    }
    if (l.isBlob() || r.isBlob()) {
      throw error("T7", "blob comparisons in filters are not supported", f.span());
    }
    switch (f.op()) {
      case CONTAINS -> checkContains(f, l, r);
      case STARTS_WITH, STRING_CONTAINS -> {
        if (l.list() || l.scalar() != BaseType.STRING) {
          throw error(
              "T7",
              f.op().symbol() + " requires a String property on the left, got " + l.displayName(),
              f.span());
        }
        if (r.list() || r.scalar() != BaseType.STRING) {
          throw error(
              "T7",
              f.op().symbol() + " requires a String right operand, got " + r.displayName(),
              f.span());
        }
      }
      case EQ, NE, GT, LT, GE, LE -> {
        if (l.list() || r.list()) {
          throw error(
              "T7",
              "list comparisons in filters are not supported; use `contains` for list membership",
              f.span());
        }
        if (l.isVector() || r.isVector()) {
          throw error(
              "T7",
              "vector comparisons in filters are not supported; rank by similarity with"
                  + " `order { nearest(...) }`",
              f.span());
        }
        if (!compatible(l, r)) {
          throw error(
              "T7",
              "cannot compare " + l.displayName() + " with " + r.displayName() + hint(l, r),
              f.span());
        }
      }
    }
  }

  // Date, DateTime and String never convert implicitly; the literal constructors do.
  private static String hint(PropType l, PropType r) {
    if (l.list() || r.list()) {
      return "";
    }
    if (isPair(l, r, BaseType.STRING, BaseType.DATE)) {
      return "; write dates as date(\"YYYY-MM-DD\")";
    }
    if (isPair(l, r, BaseType.STRING, BaseType.DATE_TIME)) {
      return "; write date-times as datetime(\"YYYY-MM-DDTHH:MM:SSZ\")";
    }
    return "";
  }

  private static boolean isPair(PropType l, PropType r, BaseType a, BaseType b) {
    return (l.scalar() == a && r.scalar() == b) || (l.scalar() == b && r.scalar() == a);
  }

  private void checkContains(Clause.Filter f, PropType l, PropType r) {
    // Overloaded on the left operand: a list tests membership, a scalar String a substring.
    if (!l.list() && l.scalar() == BaseType.STRING) {
      if (r.list() || r.scalar() != BaseType.STRING) {
        throw error(
            "T7",
            "string contains requires a String right operand, got " + r.displayName(),
            f.span());
      }
      return;
    }
    if (!l.list()) {
      throw error(
          "T7",
          "contains requires a list property (membership) or a String property (substring) on"
              + " the left, got "
              + l.displayName(),
          f.span());
    }
    if (r.list()) {
      throw error(
          "T7", "contains requires a scalar right operand; test one element at a time", f.span());
    }
    if (l.isVector() || r.isVector()) {
      throw error("T7", "vector membership filters are not supported", f.span());
    }
    boolean emptyListLiteral =
        f.left() instanceof Expr.Lit(Literal.ListLiteral list, var unusedSpan)
            && list.items().isEmpty();
    if (!emptyListLiteral && !compatible(element(l), r)) {
      throw error(
          "T7",
          "cannot test membership of " + r.displayName() + " in " + l.displayName(),
          f.span());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Placement of ranking and search calls (decisions (c) and (e))

  private enum Place {
    RETURN,
    FILTER,
    ORDER
  }

  private void checkFilterPlacement(Clause.Filter f) {
    if (isSearchCall(f.left())
        && f.op() == CompOp.EQ
        && f.right() instanceof Expr.Lit(Literal.BoolLiteral(boolean value), var unusedSpan)
        && value) {
      callArguments(f.left()).forEach(a -> firstSearchCall(a).ifPresent(this::rejectInFilter));
      return;
    }
    firstSearchCall(f.left()).ifPresent(this::rejectInFilter);
    firstSearchCall(f.right()).ifPresent(this::rejectInFilter);
  }

  private void rejectInFilter(Expr call) {
    rejectPlacement(call, Place.FILTER);
  }

  private void checkOrderPlacement(Expr expr) {
    switch (expr) {
      case Expr.Nearest n -> firstSearchCall(n.query()).ifPresent(this::rejectInOrder);
      case Expr.Bm25 b -> callArguments(b).forEach(this::rejectNestedInOrder);
      case Expr.Rrf r -> {
        for (Expr arm : List.of(r.primary(), r.secondary())) {
          // A non-ranking arm is T21 when the rrf is resolved.
          if (arm instanceof Expr.Nearest || arm instanceof Expr.Bm25) {
            checkOrderPlacement(arm);
          }
        }
        r.k().ifPresent(this::rejectNestedInOrder);
      }
      default -> rejectNestedInOrder(expr);
    }
  }

  private void rejectNestedInOrder(Expr expr) {
    firstSearchCall(expr).ifPresent(this::rejectInOrder);
  }

  private void rejectInOrder(Expr call) {
    rejectPlacement(call, Place.ORDER);
  }

  private void rejectPlacement(Expr call, Place place) {
    String word = columnName(call);
    boolean ranking = !isSearchCall(call);
    String code =
        switch (call) {
          case Expr.Nearest n -> "T15";
          case Expr.Search s -> "T19";
          case Expr.Fuzzy fz -> "T19";
          case Expr.MatchText m -> "T20";
          case Expr.Bm25 b -> "T20";
          default -> "T21";
        };
    String rule =
        "ranking (nearest, bm25, rrf) is only available as an `order` item, and search functions"
            + " (search, fuzzy, match_text) only as match filters";
    String where =
        switch (place) {
          case RETURN -> "`" + word + "` cannot be projected in `return`; ";
          case FILTER ->
              ranking
                  ? "`" + word + "` cannot be used in a `match` filter; "
                  : "`"
                      + word
                      + "` must stand alone as a match clause, e.g. `"
                      + word
                      + "($v.text, $q)`, not be compared or nested; ";
          case ORDER ->
              ranking
                  ? "`" + word + "` must be a whole `order` item, not nested; "
                  : "`" + word + "` cannot be used in `order` (rank text with bm25); ";
        };
    throw error(code, where + rule, call.span());
  }

  private static boolean isSearchCall(Expr e) {
    return e instanceof Expr.Search || e instanceof Expr.Fuzzy || e instanceof Expr.MatchText;
  }

  private static boolean isRankingOrSearchCall(Expr e) {
    return isSearchCall(e)
        || e instanceof Expr.Nearest
        || e instanceof Expr.Bm25
        || e instanceof Expr.Rrf;
  }

  private static List<Expr> callArguments(Expr e) {
    return switch (e) {
      case Expr.Nearest n -> List.of(n.query());
      case Expr.Search s -> List.of(s.field(), s.query());
      case Expr.Fuzzy f -> {
        List<Expr> args = new ArrayList<>(List.of(f.field(), f.query()));
        f.maxEdits().ifPresent(args::add);
        yield args;
      }
      case Expr.MatchText m -> List.of(m.field(), m.query());
      case Expr.Bm25 b -> List.of(b.field(), b.query());
      case Expr.Rrf r -> {
        List<Expr> args = new ArrayList<>(List.of(r.primary(), r.secondary()));
        r.k().ifPresent(args::add);
        yield args;
      }
      case Expr.Aggregate a -> List.of(a.argument());
      default -> List.of();
    };
  }

  /** The first ranking or search call in {@code e}, outermost first. */
  private static Optional<Expr> firstSearchCall(Expr e) {
    if (isRankingOrSearchCall(e)) {
      return Optional.of(e);
    }
    for (Expr arg : callArguments(e)) {
      Optional<Expr> found = firstSearchCall(arg);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static boolean containsRrf(Expr e, Map<String, Expr> aliases, int depth) {
    if (e instanceof Expr.Rrf) {
      return true;
    }
    if (e instanceof Expr.AliasRef a && aliases.containsKey(a.name()) && depth < aliases.size()) {
      return containsRrf(aliases.get(a.name()), aliases, depth + 1);
    }
    return callArguments(e).stream().anyMatch(arg -> containsRrf(arg, aliases, depth));
  }

  // A nearest inside rrf is an arm of the fusion, governed by T21, not T17/T18.
  private static boolean containsStandaloneNearest(Expr e, Map<String, Expr> aliases, int depth) {
    if (e instanceof Expr.Nearest) {
      return true;
    }
    if (e instanceof Expr.Rrf) {
      return false;
    }
    if (e instanceof Expr.AliasRef a && aliases.containsKey(a.name()) && depth < aliases.size()) {
      return containsStandaloneNearest(aliases.get(a.name()), aliases, depth + 1);
    }
    return callArguments(e).stream()
        .anyMatch(arg -> containsStandaloneNearest(arg, aliases, depth));
  }

  // ---------------------------------------------------------------------------------------------
  // §2.4 expressions

  private Ty resolve(Expr expr, Map<String, VarType> vars, Map<String, Ty> aliases) {
    return switch (expr) {
      case Expr.Now n -> new Ty.Scalar(PropType.of(BaseType.DATE_TIME, false));
      case Expr.PropAccess p -> new Ty.Scalar(readProperty(p, vars));
      case Expr.Variable v -> {
        PropType param = params.get(v.name());
        if (param != null) {
          yield new Ty.Scalar(param);
        }
        yield switch (vars.get(v.name())) {
          case NodeVar n -> new Ty.Node(n.typeName());
          case EdgeVar e ->
              throw error(
                  "T23",
                  "edge binding `$"
                      + v.name()
                      + "` cannot be used bare; access one of its properties (`$"
                      + v.name()
                      + ".{prop}`)",
                  v.span());
          case null ->
              throw error(
                  null,
                  "variable `$"
                      + v.name()
                      + "` is not bound; bind it in `match` or declare it as a parameter",
                  v.span());
        };
      }
      case Expr.Lit l -> new Ty.Scalar(literalType(l.value(), l.span()));
      case Expr.AliasRef a -> aliases.getOrDefault(a.name(), new Ty.UnknownAlias());
      case Expr.Aggregate a -> resolveAggregate(a, vars, aliases);
      case Expr.Nearest n -> resolveNearest(n, vars, aliases);
      case Expr.Search s -> {
        checkTextCall("T19", "search", s.field(), s.query(), vars, aliases);
        yield new Ty.Scalar(PropType.of(BaseType.BOOL, false));
      }
      case Expr.Fuzzy f -> {
        checkTextCall("T19", "fuzzy", f.field(), f.query(), vars, aliases);
        if (f.maxEdits().isPresent()) {
          Expr m = f.maxEdits().get();
          Ty t = resolve(m, vars, aliases);
          if (!isIntegerScalar(t)) {
            throw error(
                "T19", "fuzzy max_edits must be an integer scalar, got " + display(t), m.span());
          }
        }
        yield new Ty.Scalar(PropType.of(BaseType.BOOL, false));
      }
      case Expr.MatchText m -> {
        checkTextCall("T20", "match_text", m.field(), m.query(), vars, aliases);
        yield new Ty.Scalar(PropType.of(BaseType.BOOL, false));
      }
      case Expr.Bm25 b -> {
        checkTextCall("T20", "bm25", b.field(), b.query(), vars, aliases);
        yield new Ty.Scalar(PropType.of(BaseType.F64, false));
      }
      case Expr.Rrf r -> resolveRrf(r, vars, aliases);
    };
  }

  private PropType readProperty(Expr.PropAccess p, Map<String, VarType> vars) {
    VarType bound = vars.get(p.variable());
    PropType prop =
        switch (bound) {
          case null ->
              throw error(
                  "T6",
                  "variable `$" + p.variable() + "` is not bound; bind it in `match` first",
                  p.span());
          case NodeVar n ->
              propertyOf(
                  catalog.node(n.typeName()).orElseThrow().properties(),
                  "type `" + n.typeName() + "`",
                  p);
          case EdgeVar e ->
              propertyOf(
                  catalog.edge(e.edgeType()).orElseThrow().properties(),
                  "edge `" + e.edgeType() + "`",
                  p);
        };
    if (prop.isBlob()) {
      throw error(
          "T24",
          "Blob property `$"
              + p.variable()
              + "."
              + p.property()
              + "` is not available as a .gq read value; Blob values require a dedicated API",
          p.span());
    }
    return prop;
  }

  private Ty resolveAggregate(
      Expr.Aggregate a, Map<String, VarType> vars, Map<String, Ty> aliases) {
    String fn = a.function().word();
    if (a.argument() instanceof Expr.Aggregate || a.argument() instanceof Expr.AliasRef) {
      throw error(
          "T8",
          fn
              + " cannot take an aggregate or an alias as its argument; aggregate a property"
              + " (`$v.prop`) or a variable",
          a.span());
    }
    Ty arg = resolve(a.argument(), vars, aliases);
    rejectBlobReadValue(arg, a.argument());
    switch (a.function()) {
      case COUNT -> {}
      case SUM, AVG -> {
        if (!(arg instanceof Ty.Scalar(PropType t)) || t.list() || !t.scalar().isNumeric()) {
          throw error("T8", fn + " requires numeric type, got " + display(arg), a.span());
        }
      }
      case MIN, MAX -> {
        if (!(arg instanceof Ty.Scalar(PropType t))
            || t.list()
            || !(t.scalar().isNumeric() || t.scalar() == BaseType.STRING)) {
          throw error("T8", fn + " requires numeric or String type, got " + display(arg), a.span());
        }
      }
    }
    return new Ty.Agg(a.function(), arg);
  }

  private Ty resolveNearest(Expr.Nearest n, Map<String, VarType> vars, Map<String, Ty> aliases) {
    String nodeType =
        switch (vars.get(n.variable())) {
          case NodeVar v -> v.typeName();
          case EdgeVar e ->
              throw error(
                  "T23",
                  "nearest cannot target edge binding `$"
                      + n.variable()
                      + "`; vector search runs on node properties",
                  n.span());
          case null ->
              throw error(
                  "T15",
                  "variable `$" + n.variable() + "` is not bound; bind it in `match` first",
                  n.span());
        };
    SequencedMap<String, PropType> props = catalog.node(nodeType).orElseThrow().properties();
    PropType prop = props.get(n.property());
    if (prop == null) {
      throw error(
          "T15",
          "type `"
              + nodeType
              + "` has no property `"
              + n.property()
              + "`"
              + known("properties", props.keySet()),
          n.span());
    }
    if (!(prop.scalar() instanceof VectorType(int dim)) || prop.list()) {
      throw error(
          "T15",
          "nearest requires a Vector property, got "
              + nodeType
              + "."
              + n.property()
              + ": "
              + prop.displayName(),
          n.span());
    }
    if (n.query() instanceof Expr.Lit(Literal lit, var unusedSpan)) {
      Optional<Integer> literalDim = numericVectorDim(lit);
      if (literalDim.isPresent()) {
        if (literalDim.get() != dim) {
          throw error(
              "T15",
              "nearest vector dimension mismatch: property is Vector("
                  + dim
                  + "), query literal has "
                  + literalDim.get()
                  + " elements",
              n.query().span());
        }
        return new Ty.Scalar(PropType.of(BaseType.F64, false));
      }
    }
    Ty query = resolve(n.query(), vars, aliases);
    if (!(query instanceof Ty.Scalar(PropType q))) {
      throw error(
          "T15",
          "nearest query must be Vector(" + dim + ") or String, got " + display(query),
          n.query().span());
    }
    if (!q.list() && q.scalar() instanceof VectorType(int qdim)) {
      if (qdim != dim) {
        throw error(
            "T15",
            "nearest vector dimension mismatch: property is Vector("
                + dim
                + "), query is Vector("
                + qdim
                + ")",
            n.query().span());
      }
    } else if (q.list() || q.scalar() != BaseType.STRING) {
      throw error(
          "T15",
          "nearest query must be Vector("
              + dim
              + ") or String, got "
              + q.displayName()
              + "; declare the parameter as `Vector("
              + dim
              + ")` or pass text to embed",
          n.query().span());
    }
    return new Ty.Scalar(PropType.of(BaseType.F64, false));
  }

  private void checkTextCall(
      String code,
      String fn,
      Expr field,
      Expr query,
      Map<String, VarType> vars,
      Map<String, Ty> aliases) {
    // Text search is hoisted onto the field variable's node scan; an edge binding has none.
    if (field instanceof Expr.PropAccess p && vars.get(p.variable()) instanceof EdgeVar) {
      throw error(
          "T23",
          fn
              + " cannot target edge property `$"
              + p.variable()
              + "."
              + p.property()
              + "`; text/rank search runs on node properties — edge properties support"
              + " comparison filters and projection",
          field.span());
    }
    Ty fieldType = resolve(field, vars, aliases);
    if (!isStringScalar(fieldType)) {
      throw error(
          code, fn + " field must be a String property, got " + display(fieldType), field.span());
    }
    Ty queryType = resolve(query, vars, aliases);
    if (!isStringScalar(queryType)) {
      throw error(code, fn + " query must be a String, got " + display(queryType), query.span());
    }
  }

  private Ty resolveRrf(Expr.Rrf r, Map<String, VarType> vars, Map<String, Ty> aliases) {
    List<Expr> arms = List.of(r.primary(), r.secondary());
    for (int i = 0; i < arms.size(); i++) {
      Expr arm = arms.get(i);
      if (!(arm instanceof Expr.Nearest || arm instanceof Expr.Bm25)) {
        throw error(
            "T21",
            "rrf "
                + (i == 0 ? "primary" : "secondary")
                + " expression must be nearest(...) or bm25(...)",
            arm.span());
      }
      Ty t = resolve(arm, vars, aliases);
      if (!(t instanceof Ty.Scalar(PropType s)) || s.list() || s.scalar() != BaseType.F64) {
        throw error(
            "T21", "rrf rank expressions must evaluate to F64, got " + display(t), arm.span());
      }
    }
    if (r.k().isPresent()) {
      Expr k = r.k().get();
      Ty t = resolve(k, vars, aliases);
      if (!isIntegerScalar(t)) {
        throw error("T21", "rrf k must be an integer scalar, got " + display(t), k.span());
      }
      if (k instanceof Expr.Lit(Literal.IntegerLiteral(long value), var unusedSpan) && value <= 0) {
        throw error("T21", "rrf k must be greater than 0 (the usual choice is 60)", k.span());
      }
    }
    return new Ty.Scalar(PropType.of(BaseType.F64, false));
  }

  private void rejectBlobReadValue(Ty type, Expr expr) {
    if (type instanceof Ty.Scalar(PropType t) && t.isBlob()) {
      String subject =
          switch (expr) {
            case Expr.Variable v -> "Blob parameter `$" + v.name() + "`";
            case Expr.AliasRef a -> "Blob alias `" + a.name() + "`";
            default -> "Blob expression";
          };
      throw error(
          "T24",
          subject + " is not available as a .gq read value; Blob values require a dedicated API",
          expr.span());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // §2.5 mutations

  private CheckedQuery checkMutations() {
    List<MutationTarget> targets = new ArrayList<>();
    for (Mutation m : decl.mutations()) {
      targets.add(
          switch (m) {
            case Mutation.Insert i -> checkInsert(i);
            case Mutation.Update u -> checkUpdate(u);
            case Mutation.Delete d -> checkDelete(d);
          });
    }
    return new CheckedQuery(decl, catalog, params, Map.of(), Map.of(), Map.of(), targets);
  }

  private MutationTarget checkInsert(Mutation.Insert insert) {
    if (insert.assignments().isEmpty()) {
      throw error(
          "T10",
          "insert mutation requires at least one assignment; list the properties to set",
          insert.span());
    }
    checkNoDuplicates(insert.assignments());
    String typeName = insert.typeName();
    Optional<Catalog.NodeType> node = catalog.node(typeName);
    if (node.isPresent()) {
      SequencedMap<String, PropType> props = node.get().properties();
      for (Mutation.Assignment a : insert.assignments()) {
        checkAssignment(a, property(typeName, props, a.property(), a.span()));
      }
      Set<String> assigned = assignedNames(insert.assignments());
      for (Map.Entry<String, PropType> p : props.entrySet()) {
        if (p.getValue().nullable() || assigned.contains(p.getKey())) {
          continue;
        }
        Catalog.EmbedRule embed = node.get().embedSources().get(p.getKey());
        if (embed != null) {
          if (assigned.contains(embed.sourceProperty())) {
            continue;
          }
          throw error(
              "T12",
              "insert for `"
                  + typeName
                  + "` must provide non-nullable property `"
                  + p.getKey()
                  + "` or @embed source `"
                  + embed.sourceProperty()
                  + "`",
              insert.span());
        }
        throw error(
            "T12",
            "insert for `" + typeName + "` must provide non-nullable property `" + p.getKey() + "`",
            insert.span());
      }
      return new MutationTarget(TargetKind.NODE, typeName);
    }
    Catalog.EdgeType edge = catalog.edgeTypes().get(typeName);
    if (edge == null) {
      throw unknownType(typeName, insert.span());
    }
    for (Mutation.Assignment a : insert.assignments()) {
      PropType type =
          isEndpoint(a.property())
              ? endpointProperty()
              : property(typeName, edge.properties(), a.property(), a.span());
      checkAssignment(a, type);
    }
    Set<String> assigned = assignedNames(insert.assignments());
    for (String endpoint : List.of("from", "to")) {
      if (!assigned.contains(endpoint)) {
        throw error(
            "T12",
            "insert for `"
                + typeName
                + "` must provide required endpoint `"
                + endpoint
                + "`; set it to the id of the "
                + (endpoint.equals("from")
                    ? "source `" + edge.fromType()
                    : "target `" + edge.toType())
                + "` node",
            insert.span());
      }
    }
    for (Map.Entry<String, PropType> p : edge.properties().entrySet()) {
      if (!p.getValue().nullable() && !assigned.contains(p.getKey())) {
        throw error(
            "T12",
            "insert for `" + typeName + "` must provide non-nullable property `" + p.getKey() + "`",
            insert.span());
      }
    }
    return new MutationTarget(TargetKind.EDGE, typeName);
  }

  private MutationTarget checkUpdate(Mutation.Update update) {
    String typeName = update.typeName();
    Optional<Catalog.NodeType> node = catalog.node(typeName);
    if (node.isEmpty()) {
      if (catalog.edgeTypes().containsKey(typeName)) {
        throw error(
            "T16",
            "update mutation for edge type `"
                + typeName
                + "` is not supported; delete the edge and insert it again",
            update.span());
      }
      throw unknownType(typeName, update.span());
    }
    if (update.assignments().isEmpty()) {
      throw error(
          "T10",
          "update mutation requires at least one assignment; list the properties to set",
          update.span());
    }
    checkNoDuplicates(update.assignments());
    SequencedMap<String, PropType> props = node.get().properties();
    for (Mutation.Assignment a : update.assignments()) {
      checkAssignment(a, property(typeName, props, a.property(), a.span()));
    }
    checkPredicate(update.predicate(), typeName, props, false);
    return new MutationTarget(TargetKind.NODE, typeName);
  }

  private MutationTarget checkDelete(Mutation.Delete delete) {
    String typeName = delete.typeName();
    Optional<Catalog.NodeType> node = catalog.node(typeName);
    if (node.isPresent()) {
      checkPredicate(delete.predicate(), typeName, node.get().properties(), false);
      return new MutationTarget(TargetKind.NODE, typeName);
    }
    Catalog.EdgeType edge = catalog.edgeTypes().get(typeName);
    if (edge == null) {
      throw unknownType(typeName, delete.span());
    }
    checkPredicate(delete.predicate(), typeName, edge.properties(), true);
    return new MutationTarget(TargetKind.EDGE, typeName);
  }

  private void checkPredicate(
      Mutation.Predicate predicate,
      String typeName,
      SequencedMap<String, PropType> props,
      boolean edge) {
    PropType type =
        edge && isEndpoint(predicate.property())
            ? endpointProperty()
            : property(typeName, props, predicate.property(), predicate.span());
    if (type.isBlob()) {
      throw error(
          "T11",
          "blob property `" + predicate.property() + "` cannot be used in WHERE predicates",
          predicate.span());
    }
    checkValue(predicate.value(), type, predicate.property(), predicate.span());
  }

  private void checkAssignment(Mutation.Assignment a, PropType type) {
    checkValue(a.value(), type, a.property(), a.span());
  }

  private void checkValue(MatchValue value, PropType type, String property, Span span) {
    switch (value) {
      case Expr.Lit lit -> {
        // Decision (h): [] is the empty value of every list type.
        if (type.list() && lit.value() instanceof Literal.ListLiteral l && l.items().isEmpty()) {
          return;
        }
        checkLiteral(lit.value(), type, property, span);
      }
      case Expr.Variable v -> {
        PropType actual = params.get(v.name());
        if (actual == null) {
          throw undeclared("mutation", v.name(), type, v.span());
        }
        // A String parameter may carry a Blob's URI or base64: payload: the one coercion.
        boolean blobUri = type.isBlob() && actual.scalar() == BaseType.STRING && !actual.list();
        if (!blobUri && !compatible(actual, type)) {
          throw cannotAssign(actual, type, property, span);
        }
      }
      case Expr.Now n -> checkNow(type, property, span);
    }
  }

  private void checkNoDuplicates(List<Mutation.Assignment> assignments) {
    Set<String> seen = new HashSet<>();
    for (Mutation.Assignment a : assignments) {
      if (!seen.add(a.property())) {
        throw error(
            "T13", "duplicate assignment for property `" + a.property() + "`; keep one", a.span());
      }
    }
  }

  private static Set<String> assignedNames(List<Mutation.Assignment> assignments) {
    Set<String> names = new HashSet<>();
    assignments.forEach(a -> names.add(a.property()));
    return names;
  }

  private static boolean isEndpoint(String property) {
    return property.equals("from") || property.equals("to");
  }

  // Edge endpoints are addressed by the endpoint nodes' id strings.
  private static PropType endpointProperty() {
    return PropType.of(BaseType.STRING, false);
  }

  private PropType property(
      String typeName, SequencedMap<String, PropType> props, String property, Span span) {
    PropType type = props.get(property);
    if (type == null) {
      throw error(
          "T11",
          "type `"
              + typeName
              + "` has no property `"
              + property
              + "`"
              + known("properties", props.keySet()),
          span);
    }
    return type;
  }

  private CompileError unknownType(String typeName, Span span) {
    String hint =
        catalog
            .edge(typeName)
            .map(e -> "; did you mean edge type `" + e.name() + "`?")
            .orElse(
                known("node types", catalog.nodeTypes().keySet())
                    + known("edge types", catalog.edgeTypes().keySet()));
    return error("T10", "unknown node/edge type `" + typeName + "`" + hint, span);
  }

  // ---------------------------------------------------------------------------------------------
  // §2.1 type model: literals and compatibility

  private void checkLiteral(Literal lit, PropType expected, String property, Span span) {
    if (lit instanceof Literal.NullLiteral) {
      if (!expected.nullable()) {
        throw error("T3", "property `" + property + "` is non-nullable but got null", span);
      }
      return;
    }
    if (!expected.list() && expected.scalar() instanceof VectorType(int dim)) {
      Optional<Integer> actual = numericVectorDim(lit);
      if (actual.isPresent()) {
        if (actual.get() != dim) {
          throw error(
              "T3",
              "property `"
                  + property
                  + "` has type Vector("
                  + dim
                  + ") but got vector literal with "
                  + actual.get()
                  + " elements",
              span);
        }
        return;
      }
    }
    PropType actual = literalType(lit, span);
    if (!compatible(actual, expected)) {
      throw error(
          "T3",
          "property `"
              + property
              + "` has type "
              + expected.displayName()
              + " but got "
              + actual.displayName()
              + hint(actual, expected),
          span);
    }
    if (expected.isEnum()
        && lit instanceof Literal.StringLiteral(String value)
        && !expected.enumValues().contains(value)) {
      throw error(
          "T3",
          "property `"
              + property
              + "` expects one of ["
              + String.join(", ", expected.enumValues())
              + "], got '"
              + value
              + "'",
          span);
    }
  }

  private void checkNow(PropType expected, String property, Span span) {
    if (expected.list() || expected.scalar() != BaseType.DATE_TIME) {
      throw error(
          "T7",
          "cannot assign/compare DateTime with "
              + expected.displayName()
              + " for property `"
              + property
              + "`; now() is only valid for DateTime properties",
          span);
    }
  }

  private CompileError cannotAssign(
      PropType actual, PropType expected, String property, Span span) {
    return error(
        "T7",
        "cannot assign/compare "
            + actual.displayName()
            + " with "
            + expected.displayName()
            + " for property `"
            + property
            + "`",
        span);
  }

  private CompileError undeclared(String where, String name, PropType type, Span span) {
    return error(
        "T14",
        where
            + " variable `$"
            + name
            + "` must be a declared query parameter; declare it in the query's parameter list,"
            + " e.g. `$"
            + name
            + ": "
            + type.withNullable(false).displayName().replaceFirst("^enum\\(.*\\)$", "String")
            + "`",
        span);
  }

  /** The type of a literal (§2.1); untagged errors for nested or mixed list literals. */
  private PropType literalType(Literal lit, Span span) {
    return switch (lit) {
      case Literal.NullLiteral n -> PropType.of(BaseType.STRING, true);
      case Literal.StringLiteral s -> PropType.of(BaseType.STRING, false);
      case Literal.IntegerLiteral i -> PropType.of(BaseType.I64, false);
      case Literal.FloatLiteral f -> PropType.of(BaseType.F64, false);
      case Literal.BoolLiteral b -> PropType.of(BaseType.BOOL, false);
      case Literal.DateLiteral d -> PropType.of(BaseType.DATE, false);
      case Literal.DateTimeLiteral d -> PropType.of(BaseType.DATE_TIME, false);
      case Literal.ListLiteral l -> {
        if (l.items().isEmpty()) {
          yield PropType.listOf(BaseType.STRING, false);
        }
        PropType first = literalType(l.items().getFirst(), span);
        if (first.list()) {
          throw error(null, "nested list literals are not supported", span);
        }
        for (Literal item : l.items().subList(1, l.items().size())) {
          PropType t = literalType(item, span);
          if (t.list() || !compatible(first, t)) {
            throw error(
                null,
                "list literal elements must share a compatible scalar type; got "
                    + first.displayName()
                    + " and "
                    + t.displayName(),
                span);
          }
        }
        yield PropType.listOf(first.scalar(), false);
      }
    };
  }

  /**
   * The length of a non-empty list literal of integers and floats, which may stand for a vector.
   */
  private static Optional<Integer> numericVectorDim(Literal lit) {
    if (lit instanceof Literal.ListLiteral(List<Literal> items)
        && !items.isEmpty()
        && items.stream()
            .allMatch(
                i -> i instanceof Literal.IntegerLiteral || i instanceof Literal.FloatLiteral)) {
      return Optional.of(items.size());
    }
    return Optional.empty();
  }

  /** The type of {@code p}'s property among {@code props} of {@code owner}, or T6. */
  private PropType propertyOf(
      SequencedMap<String, PropType> props, String owner, Expr.PropAccess p) {
    PropType t = props.get(p.property());
    if (t == null) {
      throw error(
          "T6",
          owner + " has no property `" + p.property() + "`" + known("properties", props.keySet()),
          p.span());
    }
    return t;
  }

  /**
   * Whether values of types {@code a} and {@code b} can be compared or assigned: same list-ness and
   * the same scalar, or both numeric; nullability and enum value sets are ignored.
   */
  static boolean compatible(PropType a, PropType b) {
    if (a.list() != b.list()) {
      return false;
    }
    return a.scalar().equals(b.scalar()) || (a.scalar().isNumeric() && b.scalar().isNumeric());
  }

  private static PropType element(PropType list) {
    return PropType.of(list.scalar(), list.nullable());
  }

  private static boolean isStringScalar(Ty t) {
    return t instanceof Ty.Scalar(PropType p) && !p.list() && p.scalar() == BaseType.STRING;
  }

  private static boolean isIntegerScalar(Ty t) {
    return t instanceof Ty.Scalar(PropType p)
        && !p.list()
        && (p.scalar() == BaseType.I32
            || p.scalar() == BaseType.I64
            || p.scalar() == BaseType.U32
            || p.scalar() == BaseType.U64);
  }

  private static String display(Ty t) {
    return switch (t) {
      case Ty.Scalar s -> s.type().displayName();
      case Ty.Node n -> "node `" + n.typeName() + "`";
      case Ty.Agg a -> "aggregate";
      case Ty.UnknownAlias u -> "aggregate";
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Result schema (§2.7 with the executor's column names of §4.7)

  private ResultField field(String name, Ty type) {
    return switch (type) {
      case Ty.Scalar s ->
          new ResultField(name, new ResultType.Scalar(s.type()), s.type().nullable());
      case Ty.Node n -> new ResultField(name, nodeStruct(n.typeName()), false);
      case Ty.Agg a -> {
        PropType result =
            switch (a.function()) {
              case COUNT -> PropType.of(BaseType.I64, true);
              case SUM, AVG -> PropType.of(BaseType.F64, true);
              case MIN, MAX -> ((Ty.Scalar) a.argument()).type().withNullable(true);
            };
        yield new ResultField(name, new ResultType.Aggregate(a.function(), result), true);
      }
      case Ty.UnknownAlias u ->
          throw new IllegalStateException("checked projections never name an unknown alias");
    };
  }

  // Blob columns are never readable, so the struct leaves them out.
  private ResultType.Node nodeStruct(String typeName) {
    SequencedMap<String, PropType> columns = new LinkedHashMap<>();
    columns.put(Catalog.ID_COLUMN, PropType.of(BaseType.STRING, false));
    catalog
        .node(typeName)
        .orElseThrow()
        .properties()
        .forEach((name, type) -> {
          if (!type.isBlob()) {
            columns.put(name, type);
          }
        });
    return new ResultType.Node(typeName, columns);
  }

  // ---------------------------------------------------------------------------------------------

  private static String known(String what, Collection<String> names) {
    return names.isEmpty()
        ? "; no " + what + " are declared"
        : "; known " + what + ": " + String.join(", ", names);
  }

  private CompileError error(String code, String message, Span span) {
    return new CompileError(
        ErrorKind.TYPE, code == null ? message : code + ": " + message, span, source);
  }
}

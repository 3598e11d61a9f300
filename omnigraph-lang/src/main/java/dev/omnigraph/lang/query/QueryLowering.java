package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.CheckedQuery.MutationTarget;
import dev.omnigraph.lang.query.CheckedQuery.ResolvedTraversal;
import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Lowers a typechecked query to the IR (spec §3.2): a read to a pipeline of scans, expands, filters
 * and anti-joins; a mutation to its statements with resolved values.
 *
 * <p>Decisions where upstream's behaviour is accidental (spec §4.11):
 *
 * <ul>
 *   <li>(a) A traversal that no binding reaches ({@code match { $a knows $b }}) is a plan error
 *       naming its variables; upstream drops it and fails at run time for want of a scan.
 *   <li>(b) Full-text filters (search, fuzzy, match_text) and rankings (nearest, bm25, rrf) must
 *       target a variable with its own NodeScan in the same pipeline; upstream silently skips them
 *       on a variable reached through a traversal (or bound outside a {@code not { }} block),
 *       returning unfiltered or unranked rows, so we refuse with the rewrite that fixes it.
 *   <li>(c) A variable bound twice to the same type is one scan whose filters are both bindings'
 *       (deferred: both sets become the expand's target filters); upstream cross-joins two scans
 *       under one column prefix. Inside {@code not { }} a re-binding of a variable bound outside
 *       the block becomes Filter ops on that variable, never a scan: a second scan would rebind the
 *       outer columns and test "some node exists" instead of this node.
 *   <li>(d) Several search filters on one variable are all kept; the executor ANDs them (upstream
 *       applies only the last).
 *   <li>(e) Directions come from the typechecker for every traversal, negation scopes included, so
 *       {@code $c: Company not { $c worksAt $p }} expands {@code In}; upstream's lowerer could not
 *       see negation-scope directions and fell back to {@code Out}. Likewise the endpoint types
 *       used for the {@code contains} rewrite are the resolved ones, not the edge's declared
 *       from/to (which are swapped for an {@code In} traversal).
 *   <li>(f) Edge bindings count as bound once their expand ran, so a filter inside {@code not { }}
 *       on an outer edge binding names it as the anti-join's outer variable; a block that
 *       references no bound variable at all is a plan error rather than an empty outer name.
 *   <li>(g) Every wildcard target and cycle-closing temp gets its own name: the first keeps
 *       upstream's ({@code _}, {@code __temp_<dst>}), later ones in the same query, anti-joins
 *       included, get {@code #2}, {@code #3}, ... appended ({@code _#2}); upstream reused the name,
 *       so two wildcards (or an outer and an inner one) shared the same columns of the binding
 *       table.
 * </ul>
 *
 * <p>The deferral analysis, the emitted order (scans, expands with their cycle filters, filters,
 * anti-joins), cycle closing and wildcard expands are upstream's, so plans are comparable op for
 * op.
 */
final class QueryLowering {
  private static final String WILDCARD = "_";
  private static final String TEMP_PREFIX = "__temp_";

  private final CheckedQuery checked;
  private final Catalog catalog;
  private final SourceText source;
  private final Set<String> paramNames;
  private final Map<String, Integer> minted = new HashMap<>();

  private QueryLowering(CheckedQuery checked, SourceText source) {
    this.checked = checked;
    this.catalog = checked.catalog();
    this.source = source;
    this.paramNames = new HashSet<>();
    checked.decl().params().forEach(p -> paramNames.add(p.name()));
  }

  /** The pipeline, projections, ordering and limit of a read query. */
  static QueryIr lower(CheckedQuery checked, SourceText source) {
    QueryDecl decl = checked.decl();
    if (decl.isMutation()) {
      throw new CompileError(
          ErrorKind.PLAN,
          "query `" + decl.name() + "` is a mutation; lower it as a mutation, not as a read",
          decl.span(),
          source);
    }
    QueryLowering l = new QueryLowering(checked, source);
    List<Map<String, VarType>> scopes = List.of(checked.variables());
    List<IrOp> pipeline = l.lowerClauses(decl.match(), new HashSet<>(), scopes);
    Set<String> scanned = scannedVariables(pipeline);
    for (QueryDecl.Ordering o : decl.order()) {
      l.checkRankings(o.expr(), decl.returns(), scanned, scopes, new HashSet<>());
    }
    List<QueryIr.IrProjection> returns =
        decl.returns().stream()
            .map(p -> new QueryIr.IrProjection(l.expr(p.expr()), p.alias()))
            .toList();
    List<QueryIr.IrOrdering> order =
        decl.order().stream()
            .map(o -> new QueryIr.IrOrdering(l.expr(o.expr()), o.descending()))
            .toList();
    return new QueryIr(decl.name(), l.params(), pipeline, returns, order, decl.limit());
  }

  /**
   * The statements of a mutation query, refusing one that both inserts or updates and deletes (rule
   * D₂: deletes see only committed data, so a query must be constructive or destructive).
   */
  static MutationIr lowerMutation(CheckedQuery checked, SourceText source) {
    QueryDecl decl = checked.decl();
    if (!decl.isMutation()) {
      throw new CompileError(
          ErrorKind.PLAN,
          "query `" + decl.name() + "` is a read; lower it as a read, not as a mutation",
          decl.span(),
          source);
    }
    List<Mutation> statements = decl.mutations();
    List<MutationTarget> targets = checked.mutationTargets();
    if (targets.size() != statements.size()) {
      throw new IllegalArgumentException(
          "checked query has "
              + targets.size()
              + " targets for "
              + statements.size()
              + " statements");
    }
    boolean destructive = statements.getFirst() instanceof Mutation.Delete;
    for (Mutation m : statements) {
      if (m instanceof Mutation.Delete != destructive) {
        throw new CompileError(
            ErrorKind.PLAN,
            "mutation `"
                + decl.name()
                + "` mixes inserts/updates and deletes; split into separate mutations, one that"
                + " inserts and updates and one that deletes",
            m.span(),
            source);
      }
    }
    QueryLowering l = new QueryLowering(checked, source);
    List<MutationIr.Op> ops = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      ops.add(l.mutationOp(statements.get(i), targets.get(i)));
    }
    return new MutationIr(decl.name(), l.params(), ops);
  }

  private MutationIr.Op mutationOp(Mutation m, MutationTarget target) {
    if (!target.typeName().equals(m.typeName())) {
      throw new IllegalArgumentException(
          "checked target " + target.typeName() + " for a statement on " + m.typeName());
    }
    return switch (m) {
      case Mutation.Insert i ->
          new MutationIr.Insert(i.typeName(), target.kind(), assignments(i.assignments()));
      case Mutation.Update u -> {
        if (target.kind() != TargetKind.NODE) {
          throw new IllegalArgumentException("checked query updates edge type " + u.typeName());
        }
        yield new MutationIr.Update(
            u.typeName(), assignments(u.assignments()), predicate(u.predicate()));
      }
      case Mutation.Delete d ->
          new MutationIr.Delete(d.typeName(), target.kind(), predicate(d.predicate()));
    };
  }

  private List<MutationIr.Assignment> assignments(List<Mutation.Assignment> assignments) {
    return assignments.stream()
        .map(a -> new MutationIr.Assignment(a.property(), mutationValue(a.value())))
        .toList();
  }

  private MutationIr.Predicate predicate(Mutation.Predicate p) {
    return new MutationIr.Predicate(p.property(), p.op(), mutationValue(p.value()));
  }

  private IrExpr.Value mutationValue(MatchValue value) {
    return switch (value) {
      case Expr.Lit l -> new IrExpr.Lit(l.value());
      case Expr.Now n -> new IrExpr.Param(IrExpr.NOW_PARAM);
      case Expr.Variable v -> {
        if (!paramNames.contains(v.name())) {
          // The typechecker refuses this (T14); a mutation has no match to bind it.
          throw new CompileError(
              ErrorKind.PLAN,
              "mutation variable `$" + v.name() + "` must be a declared query parameter",
              v.span(),
              source);
        }
        yield new IrExpr.Param(v.name());
      }
    };
  }

  private SequencedMap<String, PropType> params() {
    SequencedMap<String, PropType> params = new LinkedHashMap<>();
    for (QueryDecl.Param p : checked.decl().params()) {
      PropType type = checked.paramTypes().get(p.name());
      if (type == null) {
        throw new IllegalArgumentException("checked query has no type for $" + p.name());
      }
      params.put(p.name(), type);
    }
    return params;
  }

  // ---- read pipelines ----

  /** The bindings of one variable in one clause list, merged (decision c). */
  private static final class BindingGroup {
    final String variable;
    final String typeName;
    final List<Clause.PropMatch> matches = new ArrayList<>();

    BindingGroup(String variable, String typeName) {
      this.variable = variable;
      this.typeName = typeName;
    }
  }

  /**
   * Lowers one clause list. {@code bound} holds the variables bound before it (the outer ones for a
   * negation) and gains the ones it binds; {@code scopes} are the typechecker's variable types of
   * the enclosing lists, innermost first.
   */
  private List<IrOp> lowerClauses(
      List<Clause> clauses, Set<String> bound, List<Map<String, VarType>> scopes) {
    Set<String> outer = Set.copyOf(bound);
    SequencedMap<String, BindingGroup> bindings = new LinkedHashMap<>();
    SequencedMap<String, BindingGroup> rebound = new LinkedHashMap<>();
    List<Clause.Traversal> traversals = new ArrayList<>();
    List<Clause.Filter> filters = new ArrayList<>();
    List<Clause.Negation> negations = new ArrayList<>();
    for (Clause c : clauses) {
      switch (c) {
        case Clause.Binding b -> group(bound.contains(b.variable()) ? rebound : bindings, b);
        case Clause.Traversal t -> traversals.add(t);
        case Clause.Filter f -> filters.add(f);
        case Clause.Negation n -> negations.add(n);
      }
    }
    List<Map<String, VarType>> here = new ArrayList<>();
    here.add(localTypes(bindings, rebound, traversals));
    here.addAll(scopes);

    Set<String> deferred = deferred(bindings.keySet(), traversals);
    List<IrOp> scans = new ArrayList<>();
    Map<String, List<IrFilter>> parked = new HashMap<>();
    Set<String> scanned = new HashSet<>();
    for (BindingGroup g : bindings.values()) {
      List<IrFilter> propFilters = bindingFilters(g);
      if (deferred.contains(g.variable)) {
        parked.put(g.variable, propFilters);
      } else {
        scans.add(new IrOp.NodeScan(g.variable, g.typeName, propFilters));
        bound.add(g.variable);
        scanned.add(g.variable);
      }
    }

    List<IrOp> expands = lowerTraversals(traversals, bound, parked);
    if (!parked.isEmpty()) {
      throw new IllegalStateException("deferred bindings never introduced: " + parked.keySet());
    }

    List<IrOp> filterOps = new ArrayList<>();
    for (BindingGroup g : rebound.values()) {
      bindingFilters(g).forEach(f -> filterOps.add(new IrOp.Filter(f)));
    }
    for (Clause.Filter f : filters) {
      checkFullText(f, scanned, outer, here);
      filterOps.add(
          new IrOp.Filter(new IrFilter(expr(f.left()), filterOp(f, here), expr(f.right()))));
    }

    List<IrOp> antiJoins = new ArrayList<>();
    for (Clause.Negation n : negations) {
      String outerVar =
          outerVariable(n.clauses(), bound)
              .orElseThrow(() ->
                  new CompileError(
                      ErrorKind.PLAN,
                      "a `not { }` block must reference at least one variable bound outside it",
                      n.span(),
                      source));
      List<Map<String, VarType>> inner = new ArrayList<>();
      inner.add(checked.negationScopes().getOrDefault(n, Map.of()));
      inner.addAll(here);
      antiJoins.add(
          new IrOp.AntiJoin(outerVar, lowerClauses(n.clauses(), new HashSet<>(bound), inner)));
    }

    List<IrOp> ops = new ArrayList<>(scans);
    ops.addAll(expands);
    ops.addAll(filterOps);
    ops.addAll(antiJoins);
    return ops;
  }

  /**
   * Expands for {@code traversals} in rounds: each round lowers every traversal with a bound
   * endpoint (forward from a bound source, reverse from a bound target, a cycle-closing temp when
   * both are bound) until none is left or a round makes no progress.
   */
  private List<IrOp> lowerTraversals(
      List<Clause.Traversal> traversals, Set<String> bound, Map<String, List<IrFilter>> parked) {
    List<IrOp> expands = new ArrayList<>();
    List<Clause.Traversal> remaining = traversals;
    while (!remaining.isEmpty()) {
      List<Clause.Traversal> postponed = new ArrayList<>();
      for (Clause.Traversal t : remaining) {
        boolean sourceBound = bound.contains(t.source());
        boolean targetBound = bound.contains(t.target());
        if (!sourceBound && !targetBound) {
          postponed.add(t);
          continue;
        }
        ResolvedTraversal r = resolved(t);
        Optional<String> edgeBinding = t.edgeBinding().filter(n -> !n.equals(WILDCARD));
        if (sourceBound && targetBound) {
          String temp = mint(TEMP_PREFIX + t.target());
          expands.add(
              new IrOp.Expand(
                  t.source(),
                  temp,
                  r.edgeType(),
                  r.direction(),
                  r.targetType(),
                  t.minHops(),
                  t.maxHops(),
                  List.of(),
                  edgeBinding));
          expands.add(
              new IrOp.Filter(
                  new IrFilter(
                      new IrExpr.PropAccess(temp, Catalog.ID_COLUMN),
                      CompOp.EQ,
                      new IrExpr.PropAccess(t.target(), Catalog.ID_COLUMN))));
        } else if (sourceBound) {
          expands.add(
              new IrOp.Expand(
                  t.source(),
                  introduced(t.target()),
                  r.edgeType(),
                  r.direction(),
                  r.targetType(),
                  t.minHops(),
                  t.maxHops(),
                  orEmpty(parked.remove(t.target())),
                  edgeBinding));
          bindNamed(bound, t.target());
        } else {
          expands.add(
              new IrOp.Expand(
                  t.target(),
                  introduced(t.source()),
                  r.edgeType(),
                  r.direction().reversed(),
                  r.sourceType(),
                  t.minHops(),
                  t.maxHops(),
                  orEmpty(parked.remove(t.source())),
                  edgeBinding));
          bindNamed(bound, t.source());
        }
        edgeBinding.ifPresent(bound::add);
      }
      if (postponed.size() == remaining.size()) {
        break;
      }
      remaining = postponed;
    }
    if (!remaining.isEmpty()) {
      throw unreachable(remaining);
    }
    return expands;
  }

  private void group(SequencedMap<String, BindingGroup> groups, Clause.Binding b) {
    BindingGroup g = groups.computeIfAbsent(b.variable(), v -> new BindingGroup(v, b.typeName()));
    if (!g.typeName.equals(b.typeName())) {
      // The typechecker refuses this rebinding; a plan for it would be meaningless.
      throw new CompileError(
          ErrorKind.PLAN,
          "variable `$"
              + b.variable()
              + "` is bound to both `"
              + g.typeName
              + "` and `"
              + b.typeName()
              + "`",
          b.span(),
          source);
    }
    g.matches.addAll(b.propMatches());
  }

  /**
   * The variable types this clause list declares: bindings, and the resolved endpoint types and
   * edge bindings of its traversals (bindings win; after typechecking they agree).
   */
  private Map<String, VarType> localTypes(
      SequencedMap<String, BindingGroup> bindings,
      SequencedMap<String, BindingGroup> rebound,
      List<Clause.Traversal> traversals) {
    Map<String, VarType> types = new HashMap<>();
    for (Clause.Traversal t : traversals) {
      ResolvedTraversal r = resolved(t);
      types.putIfAbsent(t.source(), new VarType.NodeVar(r.sourceType()));
      types.putIfAbsent(t.target(), new VarType.NodeVar(r.targetType()));
      t.edgeBinding().ifPresent(w -> types.putIfAbsent(w, new VarType.EdgeVar(r.edgeType())));
    }
    types.remove(WILDCARD);
    for (BindingGroup g : rebound.values()) {
      types.put(g.variable, new VarType.NodeVar(g.typeName));
    }
    for (BindingGroup g : bindings.values()) {
      types.put(g.variable, new VarType.NodeVar(g.typeName));
    }
    return types;
  }

  /**
   * The bindings introduced by an expand instead of a scan: in each component of the traversal
   * graph (the wildcard connects nothing), every binding but the first declared.
   */
  private static Set<String> deferred(Set<String> bindings, List<Clause.Traversal> traversals) {
    Map<String, List<String>> adjacent = new HashMap<>();
    for (Clause.Traversal t : traversals) {
      if (!t.source().equals(WILDCARD) && !t.target().equals(WILDCARD)) {
        adjacent.computeIfAbsent(t.source(), k -> new ArrayList<>()).add(t.target());
        adjacent.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(t.source());
      }
    }
    Set<String> deferred = new HashSet<>();
    Set<String> visited = new HashSet<>();
    for (String root : bindings) {
      if (!visited.add(root)) {
        continue;
      }
      ArrayDeque<String> queue = new ArrayDeque<>(List.of(root));
      while (!queue.isEmpty()) {
        for (String next : adjacent.getOrDefault(queue.poll(), List.of())) {
          if (visited.add(next)) {
            if (bindings.contains(next)) {
              deferred.add(next);
            }
            queue.add(next);
          }
        }
      }
    }
    return deferred;
  }

  private List<IrFilter> bindingFilters(BindingGroup g) {
    Catalog.NodeType type =
        catalog
            .node(g.typeName)
            .orElseThrow(() -> new IllegalArgumentException("unknown node type " + g.typeName));
    List<IrFilter> filters = new ArrayList<>();
    for (Clause.PropMatch m : g.matches) {
      PropType prop = type.properties().get(m.property());
      if (prop == null) {
        throw new IllegalArgumentException(g.typeName + " has no property " + m.property());
      }
      filters.add(
          new IrFilter(
              new IrExpr.PropAccess(g.variable, m.property()),
              prop.list() ? CompOp.CONTAINS : CompOp.EQ,
              matchValue(m.value())));
    }
    return filters;
  }

  private IrExpr matchValue(MatchValue value) {
    return switch (value) {
      case Expr.Lit l -> new IrExpr.Lit(l.value());
      case Expr.Now n -> new IrExpr.Param(IrExpr.NOW_PARAM);
      case Expr.Variable v -> variable(v.name());
    };
  }

  private ResolvedTraversal resolved(Clause.Traversal t) {
    ResolvedTraversal r = checked.traversals().get(t);
    if (r == null) {
      throw new IllegalArgumentException(
          "checked query has no resolution for traversal $"
              + t.source()
              + " "
              + t.edgeName()
              + " $"
              + t.target());
    }
    return r;
  }

  /** The column prefix an expand introduces {@code variable} under (decision g for {@code _}). */
  private String introduced(String variable) {
    return variable.equals(WILDCARD) ? mint(WILDCARD) : variable;
  }

  /**
   * {@code name} the first time the query introduces it, then {@code name#2}, {@code name#3}, ...:
   * no user variable contains {@code #}, and outer columns stay visible inside anti-joins.
   */
  private String mint(String name) {
    int n = minted.merge(name, 1, Integer::sum);
    return n == 1 ? name : name + "#" + n;
  }

  private static void bindNamed(Set<String> bound, String variable) {
    if (!variable.equals(WILDCARD)) {
      bound.add(variable);
    }
  }

  private static List<IrFilter> orEmpty(List<IrFilter> filters) {
    return filters == null ? List.of() : filters;
  }

  private CompileError unreachable(List<Clause.Traversal> traversals) {
    Set<String> names = new LinkedHashSet<>();
    String hint = "name an endpoint and bind it to a node type";
    for (Clause.Traversal t : traversals) {
      for (String v : List.of(t.source(), t.target())) {
        if (!v.equals(WILDCARD) && names.isEmpty()) {
          ResolvedTraversal r = resolved(t);
          String type = v.equals(t.source()) ? r.sourceType() : r.targetType();
          hint = "bind one of them to a node type, e.g. `$" + v + ": " + type + "`";
        }
        if (!v.equals(WILDCARD)) {
          names.add(v);
        }
      }
    }
    Clause.Traversal first = traversals.getFirst();
    return new CompileError(
        ErrorKind.PLAN,
        "traversal `"
            + traversalText(first)
            + "` cannot be planned: no node binding reaches "
            + (names.isEmpty() ? "its endpoints" : quotedVariables(names))
            + ", so the traversal has no start; "
            + hint,
        first.span(),
        source);
  }

  private static String traversalText(Clause.Traversal t) {
    String edge = t.edgeBinding().map(w -> "$" + w + ":").orElse("") + t.edgeName();
    return "$" + t.source() + " " + (t.undirected() ? "<" + edge + ">" : edge) + " $" + t.target();
  }

  private static String quotedVariables(Set<String> names) {
    List<String> quoted = names.stream().map(n -> "`$" + n + "`").toList();
    return quoted.size() == 1
        ? quoted.getFirst()
        : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.getLast();
  }

  // ---- filters ----

  /** {@code contains} is substring on a scalar String left operand, membership otherwise. */
  private CompOp filterOp(Clause.Filter f, List<Map<String, VarType>> scopes) {
    if (f.op() != CompOp.CONTAINS) {
      return f.op();
    }
    boolean scalarString =
        switch (f.left()) {
          case Expr.PropAccess p ->
              propertyType(p.variable(), p.property(), scopes)
                  .map(QueryLowering::isScalarString)
                  .orElse(false);
          case Expr.Lit l -> l.value() instanceof Literal.StringLiteral;
          case Expr.Variable v ->
              paramNames.contains(v.name())
                  && Optional.ofNullable(checked.paramTypes().get(v.name()))
                      .map(QueryLowering::isScalarString)
                      .orElse(false);
          default -> false;
        };
    return scalarString ? CompOp.STRING_CONTAINS : CompOp.CONTAINS;
  }

  private static boolean isScalarString(PropType t) {
    return !t.list() && t.scalar() == BaseType.STRING;
  }

  private Optional<PropType> propertyType(
      String variable, String property, List<Map<String, VarType>> scopes) {
    return lookup(variable, scopes)
        .flatMap(type ->
            switch (type) {
              case VarType.NodeVar n ->
                  catalog.node(n.typeName()).map(t -> t.properties().get(property));
              case VarType.EdgeVar e ->
                  catalog.edge(e.edgeType()).map(t -> t.properties().get(property));
            });
  }

  private static Optional<VarType> lookup(String variable, List<Map<String, VarType>> scopes) {
    for (Map<String, VarType> scope : scopes) {
      VarType t = scope.get(variable);
      if (t != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Decision (b) for filters: full-text calls search a variable this pipeline scans. */
  private void checkFullText(
      Clause.Filter f, Set<String> scanned, Set<String> outer, List<Map<String, VarType>> scopes) {
    Consumer<Expr> check =
        e -> {
          switch (e) {
            case Expr.Search s -> requireScanned("search", s.field(), scanned, outer, scopes);
            case Expr.Fuzzy z -> requireScanned("fuzzy", z.field(), scanned, outer, scopes);
            case Expr.MatchText m ->
                requireScanned("match_text", m.field(), scanned, outer, scopes);
            default -> {}
          }
        };
    visit(f.left(), check);
    visit(f.right(), check);
  }

  /** Decision (b) for orderings: rankings rank a variable the top-level pipeline scans. */
  private void checkRankings(
      Expr e,
      List<QueryDecl.Projection> returns,
      Set<String> scanned,
      List<Map<String, VarType>> scopes,
      Set<String> followed) {
    visit(
        e,
        x -> {
          switch (x) {
            case Expr.Nearest n ->
                requireScanned(
                    "nearest",
                    new Expr.PropAccess(n.variable(), n.property(), n.span()),
                    scanned,
                    Set.of(),
                    scopes);
            case Expr.Bm25 b -> requireScanned("bm25", b.field(), scanned, Set.of(), scopes);
            case Expr.AliasRef a -> {
              if (followed.add(a.name())) {
                returns.stream()
                    .filter(p -> p.alias().filter(a.name()::equals).isPresent())
                    .findFirst()
                    .ifPresent(p -> checkRankings(p.expr(), returns, scanned, scopes, followed));
              }
            }
            default -> {}
          }
        });
  }

  private void requireScanned(
      String function,
      Expr field,
      Set<String> scanned,
      Set<String> outer,
      List<Map<String, VarType>> scopes) {
    boolean ranking = function.equals("nearest") || function.equals("bm25");
    String family =
        ranking
            ? "ranking (nearest, bm25, rrf) orders the scan of a variable's own node type"
            : "full-text filters (search, fuzzy, match_text) run in the scan of a variable's own"
                + " node type";
    if (!(field instanceof Expr.PropAccess p)) {
      throw new CompileError(
          ErrorKind.PLAN,
          function
              + "() cannot be planned: "
              + family
              + ", so its field must be a property of a bound variable, e.g. `"
              + function
              + "($d.title, $q)`",
          field.span(),
          source);
    }
    if (scanned.contains(p.variable())) {
      return;
    }
    String v = "`$" + p.variable() + "`";
    String type =
        lookup(p.variable(), scopes)
            .map(t ->
                switch (t) {
                  case VarType.NodeVar n -> n.typeName();
                  case VarType.EdgeVar e -> e.edgeType();
                })
            .orElse("Type");
    String head =
        function + "() on `$" + p.variable() + "." + p.property() + "` cannot be planned: ";
    if (lookup(p.variable(), scopes).orElse(null) instanceof VarType.EdgeVar) {
      throw new CompileError(
          ErrorKind.PLAN,
          head + family + ", and " + v + " is an edge binding, not a node variable",
          field.span(),
          source);
    }
    String why =
        outer.contains(p.variable())
            ? v
                + " is bound outside this `not { }` block, and a negation can only search"
                + " variables it binds and scans itself"
            : v
                + " is reached through a traversal; declare `$"
                + p.variable()
                + ": "
                + type
                + "` before the bindings it is connected to, so the match starts from it";
    throw new CompileError(ErrorKind.PLAN, head + family + ", but " + why, field.span(), source);
  }

  // ---- negations ----

  /**
   * The first variable of a negation that is bound outside it: per clause, a traversal's source
   * then target, a filter's variables left to right, a re-binding; nested blocks last.
   */
  private Optional<String> outerVariable(List<Clause> clauses, Set<String> bound) {
    for (Clause c : clauses) {
      List<String> candidates = new ArrayList<>();
      switch (c) {
        case Clause.Traversal t -> {
          candidates.add(t.source());
          candidates.add(t.target());
        }
        case Clause.Filter f -> {
          visit(f.left(), e -> variableOf(e).ifPresent(candidates::add));
          visit(f.right(), e -> variableOf(e).ifPresent(candidates::add));
        }
        case Clause.Binding b -> candidates.add(b.variable());
        case Clause.Negation n -> {}
      }
      for (String v : candidates) {
        if (bound.contains(v)) {
          return Optional.of(v);
        }
      }
    }
    for (Clause c : clauses) {
      if (c instanceof Clause.Negation n) {
        Optional<String> nested = outerVariable(n.clauses(), bound);
        if (nested.isPresent()) {
          return nested;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> variableOf(Expr e) {
    return switch (e) {
      case Expr.PropAccess p -> Optional.of(p.variable());
      case Expr.Nearest n -> Optional.of(n.variable());
      case Expr.Variable v when !paramNames.contains(v.name()) -> Optional.of(v.name());
      default -> Optional.empty();
    };
  }

  // ---- expressions ----

  /** Calls {@code f} on {@code e} and every expression inside it, outermost first. */
  private static void visit(Expr e, Consumer<Expr> f) {
    f.accept(e);
    switch (e) {
      case Expr.Nearest n -> visit(n.query(), f);
      case Expr.Search s -> {
        visit(s.field(), f);
        visit(s.query(), f);
      }
      case Expr.Fuzzy z -> {
        visit(z.field(), f);
        visit(z.query(), f);
        z.maxEdits().ifPresent(m -> visit(m, f));
      }
      case Expr.MatchText m -> {
        visit(m.field(), f);
        visit(m.query(), f);
      }
      case Expr.Bm25 b -> {
        visit(b.field(), f);
        visit(b.query(), f);
      }
      case Expr.Rrf r -> {
        visit(r.primary(), f);
        visit(r.secondary(), f);
        r.k().ifPresent(k -> visit(k, f));
      }
      case Expr.Aggregate a -> visit(a.argument(), f);
      case Expr.Now n -> {}
      case Expr.PropAccess p -> {}
      case Expr.Variable v -> {}
      case Expr.Lit l -> {}
      case Expr.AliasRef a -> {}
    }
  }

  private IrExpr expr(Expr e) {
    return switch (e) {
      case Expr.Now n -> new IrExpr.Param(IrExpr.NOW_PARAM);
      case Expr.PropAccess p -> new IrExpr.PropAccess(p.variable(), p.property());
      case Expr.Nearest n -> new IrExpr.Nearest(n.variable(), n.property(), expr(n.query()));
      case Expr.Search s -> new IrExpr.Search(expr(s.field()), expr(s.query()));
      case Expr.Fuzzy z ->
          new IrExpr.Fuzzy(expr(z.field()), expr(z.query()), z.maxEdits().map(this::expr));
      case Expr.MatchText m -> new IrExpr.MatchText(expr(m.field()), expr(m.query()));
      case Expr.Bm25 b -> new IrExpr.Bm25(expr(b.field()), expr(b.query()));
      case Expr.Rrf r ->
          new IrExpr.Rrf(expr(r.primary()), expr(r.secondary()), r.k().map(this::expr));
      case Expr.Variable v -> variable(v.name());
      case Expr.Lit l -> new IrExpr.Lit(l.value());
      case Expr.Aggregate a -> new IrExpr.Aggregate(a.function(), expr(a.argument()));
      case Expr.AliasRef a -> new IrExpr.AliasRef(a.name());
    };
  }

  private IrExpr variable(String name) {
    return paramNames.contains(name) ? new IrExpr.Param(name) : new IrExpr.Variable(name);
  }

  private static Set<String> scannedVariables(List<IrOp> pipeline) {
    Set<String> scanned = new HashSet<>();
    for (IrOp op : pipeline) {
      if (op instanceof IrOp.NodeScan s) {
        scanned.add(s.variable());
      }
    }
    return scanned;
  }
}

package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.Clause.Binding;
import dev.omnigraph.lang.query.Clause.Filter;
import dev.omnigraph.lang.query.Clause.Negation;
import dev.omnigraph.lang.query.Clause.PropMatch;
import dev.omnigraph.lang.query.Clause.Traversal;
import dev.omnigraph.lang.query.QueryDecl.Ordering;
import dev.omnigraph.lang.query.QueryDecl.Param;
import dev.omnigraph.lang.query.QueryDecl.Projection;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.Scanner;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import dev.omnigraph.lang.source.StringLiterals;
import dev.omnigraph.lang.source.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Recursive-descent parser for {@code .gq} text that makes the ordered-choice decisions of
 * upstream's PEG grammar (§1.2 and the gotchas of §1.4 of the query spec): a clause {@code $a word
 * $b} is always a traversal, the case of the word after {@code $v:} separates bindings from edge
 * bindings, {@code nearest(...)} in {@code order} takes no direction, and so on. As in the schema
 * parser, errors found while building the tree (bad escapes, overflowing numbers, repeated
 * annotations) lose to syntax errors.
 */
final class QueryParser {
  private static final String[] BASE_TYPES = {
    "String", "Blob", "Bool", "I32", "I64", "U32", "U64", "F32", "F64", "DateTime", "Date"
  };
  private static final String[] FILTER_OPS = {
    "starts_with", "contains", ">=", "<=", "!=", ">", "<", "="
  };
  private static final String[] COMPARISON_OPS = {">=", "<=", "!=", ">", "<", "="};
  private static final String[] AGGREGATES = {"count", "sum", "avg", "min", "max"};

  /**
   * How deep {@code not} blocks, calls and list literals may nest. Far beyond any real query, and
   * far below what would exhaust the thread's stack in this recursive-descent parser.
   */
  static final int MAX_NESTING = 128;

  private final Scanner lx;
  private int depth;
  // The ordered alternatives of `expr` and `literal`, built once per parse rather than per call.
  private final List<Supplier<Expr>> exprAlternatives;
  private final List<Supplier<Literal>> literalAlternatives;

  private QueryParser(SourceText source) {
    this.lx = new Scanner(source);
    this.exprAlternatives =
        List.of(
            this::nowCall,
            this::nearestCall,
            this::searchCall,
            this::fuzzyCall,
            this::matchTextCall,
            this::bm25Call,
            this::rrfCall,
            this::aggregateCall,
            this::propAccess,
            this::variableExpr,
            this::literalExpr,
            this::aliasRef);
    this.literalAlternatives =
        List.of(
            this::listLiteral,
            () -> datedLiteral("datetime"),
            () -> datedLiteral("date"),
            () -> {
              Token s = lx.string();
              return s == null ? null : new Literal.StringLiteral(decode(s));
            },
            () -> {
              Token f = lx.floatLiteral();
              return f == null ? null : new Literal.FloatLiteral(floatValue(f));
            },
            () -> {
              Token i = lx.integer();
              return i == null ? null : new Literal.IntegerLiteral(integerValue(i));
            },
            () -> lx.symbol("true") == null ? null : new Literal.BoolLiteral(true),
            () -> lx.symbol("false") == null ? null : new Literal.BoolLiteral(false));
  }

  /** Parses every query of {@code source}. */
  static QueryFile parse(SourceText source) {
    return new QueryParser(source).file();
  }

  private QueryFile file() {
    List<QueryDecl> queries = many(this::queryDecl);
    if (!lx.atEnd()) {
      throw lx.syntaxError();
    }
    CompileError deferred = lx.firstDeferred();
    if (deferred != null) {
      throw deferred;
    }
    return new QueryFile(queries);
  }

  // ---- PEG combinators ----

  /** Runs {@code p}; on failure restores the position and returns null. */
  private <T> T attempt(Supplier<T> p) {
    Scanner.Mark m = lx.mark();
    T result = p.get();
    if (result == null) {
      lx.reset(m);
    }
    return result;
  }

  /** {@code p*}. */
  private <T> List<T> many(Supplier<T> p) {
    List<T> items = new ArrayList<>();
    for (T item; (item = attempt(p)) != null; ) {
      items.add(item);
    }
    return items;
  }

  /** {@code p ("," p)*}, or null if the first {@code p} fails. */
  private <T> List<T> commaSeparated(Supplier<T> p) {
    T first = attempt(p);
    if (first == null) {
      return null;
    }
    List<T> items = new ArrayList<>(List.of(first));
    items.addAll(many(() -> lx.symbol(",") == null ? null : p.get()));
    return items;
  }

  /** The first of {@code symbols} that matches, tried in order. */
  private Token firstSymbol(String... symbols) {
    for (String s : symbols) {
      Token t = attempt(() -> lx.symbol(s));
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private boolean optionalSymbol(String symbol) {
    return attempt(() -> lx.symbol(symbol)) != null;
  }

  // ---- declarations ----

  private QueryDecl queryDecl() {
    Token kw = lx.symbol("query");
    if (kw == null) {
      return null;
    }
    Token name = lx.ident();
    if (name == null || lx.symbol("(") == null) {
      return null;
    }
    List<Param> params = attempt(() -> commaSeparated(this::param));
    if (params == null) {
      params = List.of();
    }
    if (lx.symbol(")") == null) {
      return null;
    }
    String[] description = {null};
    String[] instruction = {null};
    many(() -> annotation(name.text(), description, instruction));
    if (lx.symbol("{") == null) {
      return null;
    }
    Body body = attempt(this::readBody);
    if (body == null) {
      List<Mutation> mutations = many(this::mutation);
      if (mutations.isEmpty()) {
        return null;
      }
      body = new Body(List.of(), List.of(), List.of(), OptionalLong.empty(), mutations);
    }
    if (lx.symbol("}") == null) {
      return null;
    }
    return new QueryDecl(
        name.text(),
        Optional.ofNullable(description[0]),
        Optional.ofNullable(instruction[0]),
        params,
        body.match(),
        body.returns(),
        body.order(),
        body.limit(),
        body.mutations(),
        name.span());
  }

  private record Body(
      List<Clause> match,
      List<Projection> returns,
      List<Ordering> order,
      OptionalLong limit,
      List<Mutation> mutations) {}

  private Token annotation(String query, String[] description, String[] instruction) {
    Token at = firstSymbol("@description", "@instruction");
    if (at == null || lx.symbol("(") == null) {
      return null;
    }
    Token text = lx.string();
    if (text == null || lx.symbol(")") == null) {
      return null;
    }
    String[] slot = at.text().equals("@description") ? description : instruction;
    String value = decode(text);
    if (slot[0] != null) {
      deferError(
          "query " + query + " declares " + at.text() + " more than once; keep one",
          lx.spanFrom(at));
    } else {
      slot[0] = value == null ? "" : value;
    }
    return at;
  }

  private Param param() {
    Token var = lx.variable();
    if (var == null || lx.symbol(":") == null) {
      return null;
    }
    String type = typeRef();
    if (type == null) {
      return null;
    }
    boolean nullable = optionalSymbol("?");
    return new Param(var.text().substring(1), type, nullable, lx.spanFrom(var));
  }

  /** The parameter type as normalised text: {@code String}, {@code [Date]}, {@code Vector(3)}. */
  private String typeRef() {
    String list =
        attempt(() -> {
          if (lx.symbol("[") == null) {
            return null;
          }
          Token base = firstSymbol(BASE_TYPES);
          return base == null || lx.symbol("]") == null ? null : "[" + base.text() + "]";
        });
    if (list != null) {
      return list;
    }
    String vector =
        attempt(() -> {
          if (lx.symbol("Vector") == null || lx.symbol("(") == null) {
            return null;
          }
          Token dim = lx.integer();
          return dim == null || lx.symbol(")") == null ? null : "Vector(" + dim.text() + ")";
        });
    if (vector != null) {
      return vector;
    }
    Token base = firstSymbol(BASE_TYPES);
    return base == null ? null : base.text();
  }

  // ---- read bodies ----

  private Body readBody() {
    if (lx.symbol("match") == null || lx.symbol("{") == null) {
      return null;
    }
    List<Clause> clauses = many(this::clause);
    if (clauses.isEmpty() || lx.symbol("}") == null) {
      return null;
    }
    if (lx.symbol("return") == null || lx.symbol("{") == null) {
      return null;
    }
    List<Projection> returns = many(this::projection);
    if (returns.isEmpty() || lx.symbol("}") == null) {
      return null;
    }
    List<Ordering> order = attempt(this::orderBlock);
    OptionalLong limit = OptionalLong.empty();
    Long limitValue =
        attempt(() -> {
          if (lx.symbol("limit") == null) {
            return null;
          }
          Token n = lx.integer();
          return n == null ? null : integerValue(n);
        });
    if (limitValue != null) {
      limit = OptionalLong.of(limitValue);
    }
    return new Body(clauses, returns, order == null ? List.of() : order, limit, List.of());
  }

  private Clause clause() {
    return nested(this::clauseAlternatives);
  }

  private Clause clauseAlternatives() {
    Clause c = attempt(this::negation);
    if (c == null) {
      c = attempt(this::binding);
    }
    if (c == null) {
      c = attempt(this::traversal);
    }
    if (c == null) {
      c = attempt(this::filter);
    }
    if (c == null) {
      c = attempt(this::searchClause);
    }
    return c;
  }

  private Negation negation() {
    Token kw = lx.symbol("not");
    if (kw == null || lx.symbol("{") == null) {
      return null;
    }
    List<Clause> inner = many(this::clause);
    if (inner.isEmpty() || lx.symbol("}") == null) {
      return null;
    }
    return new Negation(inner, lx.spanFrom(kw));
  }

  private Binding binding() {
    Token var = lx.variable();
    if (var == null || lx.symbol(":") == null) {
      return null;
    }
    Token type = lx.typeName();
    if (type == null) {
      return null;
    }
    List<PropMatch> matches =
        attempt(() -> {
          if (lx.symbol("{") == null) {
            return null;
          }
          List<PropMatch> items = commaSeparated(this::propMatch);
          if (items == null) {
            return null;
          }
          optionalSymbol(",");
          return lx.symbol("}") == null ? null : items;
        });
    return new Binding(
        name(var), type.text(), matches == null ? List.of() : matches, lx.spanFrom(var));
  }

  private PropMatch propMatch() {
    Token prop = lx.ident();
    if (prop == null || lx.symbol(":") == null) {
      return null;
    }
    MatchValue value = matchValue();
    return value == null ? null : new PropMatch(prop.text(), value, lx.spanFrom(prop));
  }

  private Traversal traversal() {
    Token src = lx.variable();
    if (src == null) {
      return null;
    }
    Token edgeVar =
        attempt(() -> {
          Token v = lx.variable();
          return v == null || lx.symbol(":") == null ? null : v;
        });
    boolean[] undirected = {false};
    Token edge =
        attempt(() -> {
          if (lx.symbol("<") == null) {
            return null;
          }
          Token e = edgeName();
          undirected[0] = true;
          return e == null || lx.symbol(">") == null ? null : e;
        });
    if (edge == null) {
      undirected[0] = false;
      edge = edgeName();
    }
    if (edge == null) {
      return null;
    }
    long[] bounds = attempt(this::hopBounds);
    Token dst = lx.variable();
    if (dst == null) {
      return null;
    }
    long min = bounds == null ? 1 : bounds[0];
    OptionalLong max =
        bounds == null
            ? OptionalLong.of(1)
            : bounds[1] < 0 ? OptionalLong.empty() : OptionalLong.of(bounds[1]);
    return new Traversal(
        name(src),
        edge.text(),
        name(dst),
        min,
        max,
        undirected[0],
        Optional.ofNullable(edgeVar).map(QueryParser::name),
        lx.spanFrom(src));
  }

  /** A lowercase edge word; the word {@code not} is never an edge. */
  private Token edgeName() {
    Token t = lx.ident();
    return t == null || t.text().equals("not") ? null : t;
  }

  /** {@code {min,max}} or {@code {min,}}; an open max is returned as -1. */
  private long[] hopBounds() {
    if (lx.symbol("{") == null) {
      return null;
    }
    Token min = lx.integer();
    if (min == null || lx.symbol(",") == null) {
      return null;
    }
    Token max = attempt(lx::integer);
    if (lx.symbol("}") == null) {
      return null;
    }
    long minValue = integerValue(min);
    long maxValue = max == null ? -1 : integerValue(max);
    return new long[] {minValue, maxValue};
  }

  private Filter filter() {
    Expr left = expr();
    if (left == null) {
      return null;
    }
    Token op = firstSymbol(FILTER_OPS);
    if (op == null) {
      return null;
    }
    Expr right = expr();
    if (right == null) {
      return null;
    }
    return new Filter(left, compOp(op.text()), right, left.span().to(right.span()));
  }

  /** {@code search(...)}, {@code fuzzy(...)} or {@code match_text(...)} alone: call = true. */
  private Filter searchClause() {
    Expr call = attempt(this::searchCall);
    if (call == null) {
      call = attempt(this::fuzzyCall);
    }
    if (call == null) {
      call = attempt(this::matchTextCall);
    }
    if (call == null) {
      return null;
    }
    return new Filter(
        call, CompOp.EQ, new Expr.Lit(new Literal.BoolLiteral(true), call.span()), call.span());
  }

  private Projection projection() {
    Expr e = expr();
    if (e == null) {
      return null;
    }
    Token alias =
        attempt(() -> {
          Token as = lx.symbol("as");
          return as == null ? null : lx.ident();
        });
    optionalSymbol(",");
    return new Projection(
        e,
        Optional.ofNullable(alias).map(Token::text),
        alias == null ? e.span() : e.span().to(alias.span()));
  }

  private List<Ordering> orderBlock() {
    if (lx.symbol("order") == null || lx.symbol("{") == null) {
      return null;
    }
    List<Ordering> items = commaSeparated(this::ordering);
    if (items == null || lx.symbol("}") == null) {
      return null;
    }
    return items;
  }

  private Ordering ordering() {
    Expr nearest = attempt(this::nearestCall);
    if (nearest != null) {
      return new Ordering(nearest, false, nearest.span());
    }
    Expr e = expr();
    if (e == null) {
      return null;
    }
    Token dir = firstSymbol("asc", "desc");
    boolean descending = dir != null && dir.text().equals("desc");
    return new Ordering(e, descending, dir == null ? e.span() : e.span().to(dir.span()));
  }

  // ---- expressions ----

  private Expr expr() {
    return nested(this::exprAlternatives);
  }

  private Expr exprAlternatives() {
    for (Supplier<Expr> alternative : exprAlternatives) {
      Expr e = attempt(alternative);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  private Expr.Now nowCall() {
    Token kw = lx.symbol("now");
    if (kw == null || lx.symbol("(") == null || lx.symbol(")") == null) {
      return null;
    }
    return new Expr.Now(lx.spanFrom(kw));
  }

  private Expr nearestCall() {
    Token kw = lx.symbol("nearest");
    if (kw == null || lx.symbol("(") == null) {
      return null;
    }
    Expr.PropAccess target = propAccess();
    if (target == null || lx.symbol(",") == null) {
      return null;
    }
    Expr query = expr();
    if (query == null || lx.symbol(")") == null) {
      return null;
    }
    return new Expr.Nearest(target.variable(), target.property(), query, lx.spanFrom(kw));
  }

  /** {@code word "(" expr "," expr ")"}: the two-argument search and score calls. */
  private Expr[] twoArgumentCall(String word) {
    if (lx.symbol(word) == null || lx.symbol("(") == null) {
      return null;
    }
    Expr a = expr();
    if (a == null || lx.symbol(",") == null) {
      return null;
    }
    Expr b = expr();
    if (b == null || lx.symbol(")") == null) {
      return null;
    }
    return new Expr[] {a, b};
  }

  private Expr searchCall() {
    Scanner.Mark start = lx.mark();
    Expr[] args = twoArgumentCall("search");
    return args == null ? null : new Expr.Search(args[0], args[1], spanSince(start));
  }

  private Expr matchTextCall() {
    Scanner.Mark start = lx.mark();
    Expr[] args = twoArgumentCall("match_text");
    return args == null ? null : new Expr.MatchText(args[0], args[1], spanSince(start));
  }

  private Expr bm25Call() {
    Scanner.Mark start = lx.mark();
    Expr[] args = twoArgumentCall("bm25");
    return args == null ? null : new Expr.Bm25(args[0], args[1], spanSince(start));
  }

  private Expr fuzzyCall() {
    Token kw = lx.symbol("fuzzy");
    if (kw == null || lx.symbol("(") == null) {
      return null;
    }
    Expr field = expr();
    if (field == null || lx.symbol(",") == null) {
      return null;
    }
    Expr query = expr();
    if (query == null) {
      return null;
    }
    Expr maxEdits = attempt(() -> lx.symbol(",") == null ? null : expr());
    if (lx.symbol(")") == null) {
      return null;
    }
    return new Expr.Fuzzy(field, query, Optional.ofNullable(maxEdits), lx.spanFrom(kw));
  }

  private Expr rrfCall() {
    Token kw = lx.symbol("rrf");
    if (kw == null || lx.symbol("(") == null) {
      return null;
    }
    Expr primary = rankExpr();
    if (primary == null || lx.symbol(",") == null) {
      return null;
    }
    Expr secondary = rankExpr();
    if (secondary == null) {
      return null;
    }
    Expr k = attempt(() -> lx.symbol(",") == null ? null : expr());
    if (lx.symbol(")") == null) {
      return null;
    }
    return new Expr.Rrf(primary, secondary, Optional.ofNullable(k), lx.spanFrom(kw));
  }

  /** An {@code rrf} argument: only {@code nearest(...)} or {@code bm25(...)}. */
  private Expr rankExpr() {
    Expr e = attempt(this::nearestCall);
    return e != null ? e : attempt(this::bm25Call);
  }

  private Expr aggregateCall() {
    Token fn = firstSymbol(AGGREGATES);
    if (fn == null || lx.symbol("(") == null) {
      return null;
    }
    Expr arg = expr();
    if (arg == null || lx.symbol(")") == null) {
      return null;
    }
    Expr.AggregateFunction function =
        Expr.AggregateFunction.valueOf(fn.text().toUpperCase(java.util.Locale.ROOT));
    return new Expr.Aggregate(function, arg, lx.spanFrom(fn));
  }

  private Expr.PropAccess propAccess() {
    Token var = lx.variable();
    if (var == null || lx.symbol(".") == null) {
      return null;
    }
    Token prop = lx.ident();
    return prop == null ? null : new Expr.PropAccess(name(var), prop.text(), lx.spanFrom(var));
  }

  private Expr variableExpr() {
    Token var = lx.variable();
    return var == null ? null : new Expr.Variable(name(var), var.span());
  }

  private Expr literalExpr() {
    Scanner.Mark start = lx.mark();
    Literal lit = literal();
    return lit == null ? null : new Expr.Lit(lit, spanSince(start));
  }

  private Expr aliasRef() {
    Token name = lx.ident();
    return name == null ? null : new Expr.AliasRef(name.text(), name.span());
  }

  private MatchValue matchValue() {
    Scanner.Mark start = lx.mark();
    Literal lit = attempt(this::literal);
    if (lit != null) {
      return new Expr.Lit(lit, spanSince(start));
    }
    Token var = attempt(lx::variable);
    if (var != null) {
      return new Expr.Variable(name(var), var.span());
    }
    return attempt(this::nowCall);
  }

  // ---- literals ----

  private Literal literal() {
    return nested(this::literalAlternatives);
  }

  private Literal literalAlternatives() {
    for (Supplier<Literal> alternative : literalAlternatives) {
      Literal lit = attempt(alternative);
      if (lit != null) {
        return lit;
      }
    }
    return null;
  }

  private Literal listLiteral() {
    if (lx.symbol("[") == null) {
      return null;
    }
    List<Literal> items = attempt(() -> commaSeparated(this::literal));
    if (lx.symbol("]") == null) {
      return null;
    }
    return new Literal.ListLiteral(items == null ? List.of() : items);
  }

  private Literal datedLiteral(String word) {
    if (lx.symbol(word) == null || lx.symbol("(") == null) {
      return null;
    }
    Token text = lx.string();
    if (text == null || lx.symbol(")") == null) {
      return null;
    }
    String value = decode(text);
    return word.equals("date")
        ? new Literal.DateLiteral(value)
        : new Literal.DateTimeLiteral(value);
  }

  // ---- mutations ----

  private Mutation mutation() {
    Mutation m = attempt(this::insert);
    if (m == null) {
      m = attempt(this::update);
    }
    if (m == null) {
      m = attempt(this::delete);
    }
    return m;
  }

  private Mutation insert() {
    Token kw = lx.symbol("insert");
    if (kw == null) {
      return null;
    }
    Token type = lx.typeName();
    if (type == null || lx.symbol("{") == null) {
      return null;
    }
    List<Mutation.Assignment> assignments = many(this::assignment);
    if (assignments.isEmpty() || lx.symbol("}") == null) {
      return null;
    }
    return new Mutation.Insert(type.text(), assignments, lx.spanFrom(kw));
  }

  private Mutation update() {
    Token kw = lx.symbol("update");
    if (kw == null) {
      return null;
    }
    Token type = lx.typeName();
    if (type == null || lx.symbol("set") == null || lx.symbol("{") == null) {
      return null;
    }
    List<Mutation.Assignment> assignments = many(this::assignment);
    if (assignments.isEmpty() || lx.symbol("}") == null || lx.symbol("where") == null) {
      return null;
    }
    Mutation.Predicate predicate = predicate();
    return predicate == null
        ? null
        : new Mutation.Update(type.text(), assignments, predicate, lx.spanFrom(kw));
  }

  private Mutation delete() {
    Token kw = lx.symbol("delete");
    if (kw == null) {
      return null;
    }
    Token type = lx.typeName();
    if (type == null || lx.symbol("where") == null) {
      return null;
    }
    Mutation.Predicate predicate = predicate();
    return predicate == null ? null : new Mutation.Delete(type.text(), predicate, lx.spanFrom(kw));
  }

  private Mutation.Assignment assignment() {
    Token prop = lx.ident();
    if (prop == null || lx.symbol(":") == null) {
      return null;
    }
    MatchValue value = matchValue();
    if (value == null) {
      return null;
    }
    optionalSymbol(",");
    return new Mutation.Assignment(prop.text(), value, prop.span().to(value.span()));
  }

  private Mutation.Predicate predicate() {
    Token prop = lx.ident();
    if (prop == null) {
      return null;
    }
    Token op = firstSymbol(COMPARISON_OPS);
    if (op == null) {
      return null;
    }
    MatchValue value = matchValue();
    if (value == null) {
      return null;
    }
    return new Mutation.Predicate(
        prop.text(), compOp(op.text()), value, prop.span().to(value.span()));
  }

  // ---- helpers ----

  private <T> T nested(Supplier<T> p) {
    if (depth >= MAX_NESTING) {
      lx.skipTrivia();
      Scanner.Mark here = lx.mark();
      throw new CompileError(
          ErrorKind.PARSE,
          "query nests more than "
              + MAX_NESTING
              + " levels deep (not blocks, calls or list literals); flatten it",
          lx.span(here.pos(), here.pos()),
          lx.source());
    }
    depth++;
    try {
      return p.get();
    } finally {
      depth--;
    }
  }

  private static String name(Token variable) {
    return variable.text().substring(1);
  }

  private Span spanSince(Scanner.Mark start) {
    return lx.spanSince(start);
  }

  private static CompOp compOp(String symbol) {
    return switch (symbol) {
      case "starts_with" -> CompOp.STARTS_WITH;
      case "contains" -> CompOp.CONTAINS;
      case ">=" -> CompOp.GE;
      case "<=" -> CompOp.LE;
      case "!=" -> CompOp.NE;
      case ">" -> CompOp.GT;
      case "<" -> CompOp.LT;
      default -> CompOp.EQ;
    };
  }

  private long integerValue(Token t) {
    try {
      return Long.parseLong(t.text());
    } catch (NumberFormatException e) {
      deferError(
          "invalid integer: "
              + shown(t.text())
              + " does not fit in a signed 64-bit integer (max 9223372036854775807)",
          t.span());
      return 0;
    }
  }

  private double floatValue(Token t) {
    double d = Double.parseDouble(t.text());
    if (Double.isInfinite(d)) {
      deferError("invalid float: " + shown(t.text()) + " is too large", t.span());
      return 0;
    }
    return d;
  }

  private static String shown(String digits) {
    return digits.length() <= 24
        ? digits
        : digits.substring(0, 12) + "... (" + digits.length() + " digits)";
  }

  private String decode(Token string) {
    try {
      return StringLiterals.decode(string.text());
    } catch (CompileError e) {
      lx.defer(e.withSpan(string.span(), lx.source()));
      return string.text();
    }
  }

  private void deferError(String message, Span span) {
    lx.defer(new CompileError(ErrorKind.PARSE, message, span, lx.source()));
  }
}

package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.Clause.Binding;
import dev.omnigraph.lang.query.Clause.Filter;
import dev.omnigraph.lang.query.Clause.Negation;
import dev.omnigraph.lang.query.Clause.PropMatch;
import dev.omnigraph.lang.query.Clause.Traversal;
import dev.omnigraph.lang.query.QueryDecl.Ordering;
import dev.omnigraph.lang.query.QueryDecl.Param;
import dev.omnigraph.lang.query.QueryDecl.Projection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A canonical, line-oriented text form of a parsed {@link QueryFile} for conformance tests. Spans
 * are left out; everything else the parser decides is shown:
 *
 * <pre>
 * query friends_of
 *   description "who knows whom"
 *   instruction "use for friend lookups"
 *   param $name: String
 *   param $since: [Date]?
 *   match
 *     bind $p: Person {name: var($name), age: lit(I64 30)}
 *     traverse $p -[knows{1,3} as $w]-> $f
 *     traverse $p -[knows{1,}]- $f
 *     filter prop($f.age) >= lit(I64 18)
 *     not
 *       traverse $p -[worksAt{1,1}]-> $_
 *   return
 *     prop($p.name)
 *     count(var($f)) as friends
 *   order
 *     alias(friends) desc
 *     prop($p.name) asc
 *   limit 20
 * query add_person
 *   insert Person {name: var($name), age: lit(I64 3)}
 *   update Person set {age: now()} where name = lit(String "a")
 *   delete Person where age &lt; lit(I64 3)
 * </pre>
 *
 * <ul>
 *   <li>Queries in source order; annotations, then parameters ({@code param $name: Type} with the
 *       normalised type text and a trailing {@code ?} when nullable), then every non-empty part of
 *       the body: {@code match}, {@code return}, {@code order}, {@code limit}, then the mutation
 *       statements. An empty file dumps as {@code (no queries)}.
 *   <li>Clauses: {@code bind} (prop-matches in braces, only when there are any), {@code traverse}
 *       with the hop bounds always shown ({@code {min,max}}, {@code {min,}} for an open maximum),
 *       {@code -[...]->} when directed and {@code -[...]-} when undirected ({@code <edge>}), an
 *       edge binding as {@code as $w}; {@code filter left OP right}; {@code not} with its clauses
 *       indented below.
 *   <li>Expressions: {@code now()}, {@code prop($v.p)}, {@code var($v)}, {@code alias(name)},
 *       {@code lit(KIND value)}, {@code nearest($v.p, q)}, {@code search(f, q)}, {@code fuzzy(f,
 *       q[, m])}, {@code match_text(f, q)}, {@code bm25(f, q)}, {@code rrf(a, b[, k])}, {@code
 *       count|sum|avg|min|max(arg)}.
 *   <li>Literal kinds: {@code String "..."} (quoted and escaped as a source string: {@code \\ \" \n
 *       \r \t}), {@code I64 n}, {@code F64 x} ({@link Double#toString(double)}), {@code Bool true},
 *       {@code Date "..."}, {@code DateTime "..."}, {@code List [item, ...]}, {@code Null}.
 *   <li>Comparison operators as written ({@code = != > < >= <= contains starts_with}); the
 *       lowering-only {@link CompOp#STRING_CONTAINS} is shown as {@code string_contains}.
 * </ul>
 */
final class QueryDump {
  private QueryDump() {}

  static String dump(QueryFile file) {
    List<String> out = new ArrayList<>();
    if (file.queries().isEmpty()) {
      out.add("(no queries)");
    }
    for (QueryDecl q : file.queries()) {
      query(out, q);
    }
    return String.join("\n", out);
  }

  private static void query(List<String> out, QueryDecl q) {
    out.add("query " + q.name());
    q.description().ifPresent(d -> out.add("  description " + quote(d)));
    q.instruction().ifPresent(i -> out.add("  instruction " + quote(i)));
    for (Param p : q.params()) {
      out.add("  param " + param(p));
    }
    if (!q.match().isEmpty()) {
      out.add("  match");
      clauses(out, q.match(), "    ");
    }
    if (!q.returns().isEmpty()) {
      out.add("  return");
      for (Projection p : q.returns()) {
        out.add("    " + expr(p.expr()) + p.alias().map(a -> " as " + a).orElse(""));
      }
    }
    if (!q.order().isEmpty()) {
      out.add("  order");
      for (Ordering o : q.order()) {
        out.add("    " + expr(o.expr()) + (o.descending() ? " desc" : " asc"));
      }
    }
    q.limit().ifPresent(n -> out.add("  limit " + n));
    for (Mutation m : q.mutations()) {
      out.add("  " + mutation(m));
    }
  }

  static String param(Param p) {
    return "$" + p.name() + ": " + p.typeName() + (p.nullable() ? "?" : "");
  }

  private static void clauses(List<String> out, List<Clause> clauses, String indent) {
    for (Clause c : clauses) {
      switch (c) {
        case Negation n -> {
          out.add(indent + "not");
          clauses(out, n.clauses(), indent + "  ");
        }
        default -> out.add(indent + clause(c));
      }
    }
  }

  static String clause(Clause c) {
    return switch (c) {
      case Binding b ->
          "bind $"
              + b.variable()
              + ": "
              + b.typeName()
              + (b.propMatches().isEmpty()
                  ? ""
                  : b.propMatches().stream()
                      .map(QueryDump::propMatch)
                      .collect(Collectors.joining(", ", " {", "}")));
      case Traversal t -> traversal(t);
      case Filter f -> "filter " + expr(f.left()) + " " + op(f.op()) + " " + expr(f.right());
      case Negation n ->
          n.clauses().stream()
              .map(QueryDump::clause)
              .collect(Collectors.joining("; ", "not {", "}"));
    };
  }

  private static String propMatch(PropMatch m) {
    return m.property() + ": " + value(m.value());
  }

  private static String traversal(Traversal t) {
    String hops =
        "{"
            + t.minHops()
            + ","
            + (t.maxHops().isPresent() ? String.valueOf(t.maxHops().getAsLong()) : "")
            + "}";
    String inner = t.edgeName() + hops + t.edgeBinding().map(w -> " as $" + w).orElse("");
    return "traverse $"
        + t.source()
        + " -["
        + inner
        + "]"
        + (t.undirected() ? "-" : "->")
        + " $"
        + t.target();
  }

  static String op(CompOp op) {
    return op == CompOp.STRING_CONTAINS ? "string_contains" : op.symbol();
  }

  static String expr(Expr e) {
    return switch (e) {
      case Expr.Now n -> "now()";
      case Expr.PropAccess p -> "prop($" + p.variable() + "." + p.property() + ")";
      case Expr.Nearest n ->
          "nearest($" + n.variable() + "." + n.property() + ", " + expr(n.query()) + ")";
      case Expr.Search s -> "search(" + expr(s.field()) + ", " + expr(s.query()) + ")";
      case Expr.Fuzzy f ->
          "fuzzy(" + expr(f.field()) + ", " + expr(f.query()) + optional(f.maxEdits()) + ")";
      case Expr.MatchText m -> "match_text(" + expr(m.field()) + ", " + expr(m.query()) + ")";
      case Expr.Bm25 b -> "bm25(" + expr(b.field()) + ", " + expr(b.query()) + ")";
      case Expr.Rrf r ->
          "rrf(" + expr(r.primary()) + ", " + expr(r.secondary()) + optional(r.k()) + ")";
      case Expr.Variable v -> "var($" + v.name() + ")";
      case Expr.Lit l -> "lit(" + literal(l.value()) + ")";
      case Expr.Aggregate a -> a.function().word() + "(" + expr(a.argument()) + ")";
      case Expr.AliasRef a -> "alias(" + a.name() + ")";
    };
  }

  private static String optional(Optional<Expr> e) {
    return e.map(x -> ", " + expr(x)).orElse("");
  }

  static String value(MatchValue v) {
    return expr((Expr) v);
  }

  static String literal(Literal l) {
    return switch (l) {
      case Literal.NullLiteral n -> "Null";
      case Literal.StringLiteral s -> "String " + quote(s.value());
      case Literal.IntegerLiteral i -> "I64 " + i.value();
      case Literal.FloatLiteral f -> "F64 " + f.value();
      case Literal.BoolLiteral b -> "Bool " + b.value();
      case Literal.DateLiteral d -> "Date " + quote(d.text());
      case Literal.DateTimeLiteral d -> "DateTime " + quote(d.text());
      case Literal.ListLiteral list ->
          list.items().stream()
              .map(QueryDump::literal)
              .collect(Collectors.joining(", ", "List [", "]"));
    };
  }

  static String mutation(Mutation m) {
    return switch (m) {
      case Mutation.Insert i -> "insert " + i.typeName() + " " + assignments(i.assignments());
      case Mutation.Update u ->
          "update "
              + u.typeName()
              + " set "
              + assignments(u.assignments())
              + " where "
              + predicate(u.predicate());
      case Mutation.Delete d -> "delete " + d.typeName() + " where " + predicate(d.predicate());
    };
  }

  private static String assignments(List<Mutation.Assignment> assignments) {
    return assignments.stream()
        .map(a -> a.property() + ": " + value(a.value()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String predicate(Mutation.Predicate p) {
    return p.property() + " " + op(p.op()) + " " + value(p.value());
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }
}

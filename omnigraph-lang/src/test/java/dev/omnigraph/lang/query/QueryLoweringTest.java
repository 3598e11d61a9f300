package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lowering table of {@code /query/lowering-cases.txt} (format at its top), plus projections,
 * ordering, mutations, rule D₂ and the contract checks of {@link QueryLowering}.
 */
class QueryLoweringTest {
  private static final Pattern HEADER = Pattern.compile("^=== (\\S+)(?: (.*))?$");
  private static final Pattern REJECT = Pattern.compile("^--- reject plan \"(.*)\"$");
  private static final Map<String, Catalog> CATALOGS = new HashMap<>();

  /** One case: expected pipeline lines, or the gists of the expected plan error. */
  record Case(
      String id,
      String title,
      String schema,
      String query,
      List<String> expect,
      List<String> gists) {
    @Override
    public String toString() {
      return id + " " + title;
    }
  }

  static List<Case> cases() {
    List<String> lines = LoweringTestSupport.resource("/query/lowering-cases.txt").lines().toList();
    List<Case> cases = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith("=== ")) {
      i++;
    }
    while (i < lines.size()) {
      Matcher h = HEADER.matcher(lines.get(i));
      if (!h.matches()) {
        throw new IllegalStateException("line " + (i + 1) + ": bad case header");
      }
      i++;
      String schema = "";
      String params = "";
      if (lines.get(i).startsWith("schema: ")) {
        schema = lines.get(i++).substring("schema: ".length()).strip();
      }
      if (lines.get(i).startsWith("params: ")) {
        params = lines.get(i++).substring("params: ".length()).strip();
      }
      List<String> source = new ArrayList<>();
      while (!lines.get(i).startsWith("---")) {
        source.add(lines.get(i++));
      }
      List<String> expect = new ArrayList<>();
      List<String> gists = new ArrayList<>();
      boolean expecting = false;
      while (i < lines.size() && !lines.get(i).startsWith("=== ")) {
        String line = lines.get(i++);
        Matcher r = REJECT.matcher(line);
        if (line.equals("--- expect")) {
          expecting = true;
        } else if (r.matches()) {
          gists.add(r.group(1));
        } else if (line.startsWith("---")) {
          throw new IllegalStateException("line " + i + ": unknown directive " + line);
        } else if (expecting && !line.isBlank() && !line.startsWith("#")) {
          expect.add(line);
        }
      }
      String body = String.join("\n", source).strip();
      String query =
          body.startsWith("query")
              ? body
              : "query q(" + params + ") {\n  match {\n" + body + "\n  }\n  return { 1 }\n}";
      cases.add(new Case(h.group(1), h.group(2), schema, query, expect, gists));
    }
    return cases;
  }

  static Catalog catalog(String schema) {
    return CATALOGS.computeIfAbsent(
        schema,
        s ->
            LoweringTestSupport.catalog(
                s.isEmpty()
                    ? LoweringTestSupport.SCHEMA
                    : LoweringTestSupport.resource("/query/" + s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lowersAsTheTableSays(Case c) {
    if (c.gists().isEmpty()) {
      QueryIr ir = LoweringTestSupport.lower(catalog(c.schema()), c.query());
      assertThat(ir.pipeline().stream().map(IrText::op).toList()).isEqualTo(c.expect());
    } else {
      CompileError e =
          catchThrowableOfType(
              CompileError.class, () -> LoweringTestSupport.lower(catalog(c.schema()), c.query()));
      assertThat(e).as("plan error").isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.PLAN);
      assertThat(e.getMessage()).startsWith("plan error: ");
      assertThat(e.span()).as("span").isPresent();
      assertThat(e.render()).contains("^");
      for (String gist : c.gists()) {
        assertThat(e.detail()).contains(gist);
      }
    }
  }

  @Test
  void tableHasEveryExampleOfTheSpec() {
    assertThat(cases().stream().filter(c -> c.id().startsWith("s33-")).count()).isEqualTo(15);
    assertThat(cases().stream().map(Case::id).distinct().count()).isEqualTo(cases().size());
  }

  @Test
  void lowersProjectionsOrderingAndLimitOneToOne() {
    QueryIr ir =
        LoweringTestSupport.lower(
            catalog(""),
            """
            query friend_counts($min: I32) {
              match { $p: Person  $p knows $f  $f.age >= $min }
              return { $p.name, count($f) as friends }
              order { friends desc, $p.name }
              limit 20
            }
            """);
    assertThat(IrText.render(ir))
        .isEqualTo(
            """
            query friend_counts($min: I32)
              NodeScan(p:Person)
              Expand(p->f:Person, Knows, Out)
              Filter(f.age >= $min)
            return p.name, count(var(f)) as friends
            order alias(friends) desc, p.name asc
            limit 20\
            """);
    assertThat(ir.limit()).isEqualTo(OptionalLong.of(20));
  }

  @Test
  void lowersBareVariablesParamsNowAndLiteralsInProjections() {
    QueryIr ir =
        LoweringTestSupport.lower(
            catalog(""),
            "query q($n: String?, $min: I32) { match { $p: Person }"
                + " return { $p, $n, now() as at, [1, 2], \"x\\\"y\" } }");
    assertThat(IrText.render(ir))
        .isEqualTo(
            """
            query q($n: String?, $min: I32)
              NodeScan(p:Person)
            return var(p), $n, $__nanograph_now as at, [1, 2], "x\\"y\"\
            """);
    assertThat(ir.params().sequencedKeySet()).containsExactly("n", "min");
    assertThat(ir.returns().getFirst())
        .isEqualTo(new QueryIr.IrProjection(new IrExpr.Variable("p"), Optional.empty()));
  }

  @Test
  void lowersRankingExpressions() {
    QueryIr ir =
        LoweringTestSupport.lower(
            catalog("fixtures/search.pg"),
            """
            query q($vq: Vector(4), $tq: String) {
              match { $d: Doc }
              return { $d.slug }
              order { rrf(nearest($d.embedding, $vq), bm25($d.title, $tq), 10) }
              limit 3
            }
            """);
    assertThat(ir.order())
        .containsExactly(
            new QueryIr.IrOrdering(
                new IrExpr.Rrf(
                    new IrExpr.Nearest("d", "embedding", new IrExpr.Param("vq")),
                    new IrExpr.Bm25(new IrExpr.PropAccess("d", "title"), new IrExpr.Param("tq")),
                    Optional.of(new IrExpr.Lit(new Literal.IntegerLiteral(10)))),
                false));
  }

  @Test
  void searchOnAnEdgeBindingIsAPlanError() {
    // The typechecker refuses this (T23) before lowering.
    CompileError e =
        catchThrowableOfType(
            CompileError.class,
            () ->
                LoweringTestSupport.lowerUnchecked(
                    catalog("lowering-schema-extra.pg"),
                    "query q($q: String) { match { $d: Doc  $d $w:tagged $t  search($w.note, $q) }"
                        + " return { 1 } }"));
    assertThat(e).isNotNull();
    assertThat(e.detail()).contains("`$w` is an edge binding");
  }

  @Test
  void rankingThroughAnAliasIsChecked() {
    // The typechecker may refuse ranking projections; the lowerer checks them either way.
    CompileError e =
        catchThrowableOfType(
            CompileError.class,
            () ->
                LoweringTestSupport.lowerUnchecked(
                    catalog("lowering-schema-extra.pg"),
                    """
                    query q($q: String) {
                      match { $t: Tag  $d tagged $t }
                      return { $d.slug, bm25($d.title, $q) as score }
                      order { score }
                    }
                    """));
    assertThat(e).isNotNull();
    assertThat(e.detail()).contains("bm25() on `$d.title` cannot be planned");
  }

  @Test
  void lowersMutationsWithTheirTargetKinds() {
    MutationIr ir =
        LoweringTestSupport.lowerMutation(
            catalog(""),
            """
            query add($name: String, $age: I32?, $since: Date) {
              insert Person { name: $name, age: $age }
              insert Knows { from: $name, to: "Bob", since: $since }
              update Person set { age: 3 } where name = $name
            }
            """);
    assertThat(IrText.render(ir))
        .isEqualTo(
            """
            mutation add($name: String, $age: I32?, $since: Date)
              insert node Person {name: $name, age: $age}
              insert edge Knows {from: $name, to: "Bob", since: $since}
              update node Person set {age: 3} where name = $name\
            """);
    assertThat(ir.ops().stream().map(MutationIr.Op::kind))
        .containsExactly(TargetKind.NODE, TargetKind.EDGE, TargetKind.NODE);
  }

  @Test
  void lowersDeletesAndNow() {
    MutationIr ir =
        LoweringTestSupport.lowerMutation(
            catalog("lowering-schema-extra.pg"),
            """
            query purge() {
              delete Doc where published_at < now()
              delete Tagged where from = "a"
            }
            """);
    assertThat(ir.ops())
        .containsExactly(
            new MutationIr.Delete(
                "Doc",
                TargetKind.NODE,
                new MutationIr.Predicate(
                    "published_at", CompOp.LT, new IrExpr.Param(IrExpr.NOW_PARAM))),
            new MutationIr.Delete(
                "Tagged",
                TargetKind.EDGE,
                new MutationIr.Predicate(
                    "from", CompOp.EQ, new IrExpr.Lit(new Literal.StringLiteral("a")))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "insert Person { name: \"a\" }\n  delete Person where name = \"b\"",
        "delete Person where name = \"b\"\n  update Person set { age: 1 } where name = \"a\"",
        "update Person set { age: 1 } where name = \"a\"\n  delete Knows where from = \"a\"",
      })
  void refusesMixingConstructiveAndDestructiveStatements(String body) {
    String query = "query mixed() {\n  " + body + "\n}";
    CompileError e =
        catchThrowableOfType(
            CompileError.class, () -> LoweringTestSupport.lowerMutation(catalog(""), query));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.PLAN);
    assertThat(e.getMessage())
        .contains("inserts/updates and deletes")
        .contains("split into separate mutations");
    assertThat(e.position()).map(p -> p.line()).contains(3);
  }

  @Test
  void readAndMutationLowerersRefuseTheOtherKind() {
    CompileError read =
        catchThrowableOfType(
            CompileError.class,
            () ->
                LoweringTestSupport.lowerMutation(
                    catalog(""), "query q() { match { $p: Person } return { $p.name } }"));
    assertThat(read.kind()).isEqualTo(ErrorKind.PLAN);
    CompileError mutation =
        catchThrowableOfType(
            CompileError.class,
            () ->
                LoweringTestSupport.lower(
                    catalog(""), "query q() { delete Person where name = \"a\" }"));
    assertThat(mutation.kind()).isEqualTo(ErrorKind.PLAN);
  }

  @Test
  void directionsComeFromTheCheckedQueryNotTheSyntax() {
    // A checked query is the contract: the lowerer must not re-derive a direction.
    Catalog catalog = catalog("");
    SourceText source =
        SourceText.of(
            "<q>", "query q() { match { $p: Person  not { $p knows $f } } return { 1 } }");
    QueryDecl decl = QueryCompiler.parse(source).queries().getFirst();
    CheckedQuery hand = LoweringTestSupport.check(catalog, decl, source);
    Map<Clause.Traversal, CheckedQuery.ResolvedTraversal> flipped = new HashMap<>();
    hand.traversals()
        .forEach((t, r) ->
            flipped.put(
                t,
                new CheckedQuery.ResolvedTraversal(
                    r.edgeType(), Direction.IN, r.targetType(), r.sourceType())));
    CheckedQuery checked =
        new CheckedQuery(
            decl,
            catalog,
            hand.paramTypes(),
            hand.variables(),
            hand.negationScopes(),
            flipped,
            hand.mutationTargets());
    assertThat(IrText.pipeline(QueryLowering.lower(checked, source).pipeline()))
        .isEqualTo("NodeScan(p:Person); AntiJoin(p, [Expand(p->f:Person, Knows, In)])");
  }

  @Test
  void negationWithoutAnOuterVariableIsAPlanError() {
    // The typechecker refuses this (T9); the lowerer still must not emit an empty outer name.
    Catalog catalog = catalog("");
    SourceText source =
        SourceText.of(
            "<q>", "query q() { match { $p: Person  not { $x: Company } } return { 1 } }");
    QueryDecl decl = QueryCompiler.parse(source).queries().getFirst();
    CompileError e =
        catchThrowableOfType(
            CompileError.class, () -> QueryLowering.lower(HandCheck.check(decl, catalog), source));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.PLAN);
    assertThat(e.detail()).contains("at least one variable bound outside it");
  }
}

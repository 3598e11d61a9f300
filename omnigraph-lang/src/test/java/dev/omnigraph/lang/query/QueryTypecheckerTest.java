package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omnigraph.lang.query.CheckedQuery.MutationTarget;
import dev.omnigraph.lang.query.CheckedQuery.ResolvedTraversal;
import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typechecker against the conformance table {@code /query/typecheck-cases.txt} (format at its
 * top), the upstream fixture queries with their result schemas, and the cases that cannot be
 * written as source (AST shapes the parser never produces).
 */
class QueryTypecheckerTest {
  private static final String CASES = "/query/typecheck-cases.txt";
  private static final Pattern HEADER = Pattern.compile("^=== (\\S+)(?: (.*))?$");
  private static final Pattern ERROR =
      Pattern.compile("^--- error (T\\d+|untagged|exact) \"(.*)\"$");
  private static final Pattern PARSE = Pattern.compile("^--- parse \"(.*)\"$");
  private static final Pattern TRAVERSAL =
      Pattern.compile("^traversal (\\d+) (\\w+) (OUT|IN|BOTH) (\\w+) -> (\\w+)$");
  private static final Pattern NEGATION = Pattern.compile("^negation (\\d+) (.*)$");
  private static final Pattern CODE = Pattern.compile("^T\\d+: ");

  /** What a case expects. */
  sealed interface Expectation {}

  record Ok() implements Expectation {}

  /** A type error: {@code code} is a T-code, {@code untagged}, or {@code exact}. */
  record Failure(String code, String gist) implements Expectation {}

  record ParseFailure(String gist) implements Expectation {}

  record Case(
      String id,
      String title,
      int line,
      String schema,
      String source,
      Expectation expectation,
      List<String> assertions) {
    @Override
    public String toString() {
      return title.isEmpty() ? id : id + " " + title;
    }
  }

  record Table(Map<String, String> schemas, List<Case> cases) {}

  private static final Table TABLE = parseTable(resource(CASES));
  private static final Map<String, Catalog> CATALOGS = new HashMap<>();

  static List<Case> cases() {
    return TABLE.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conformance(Case c) {
    SourceText source = SourceText.of(c.id() + ".gq", c.source());
    if (c.expectation() instanceof ParseFailure(String gist)) {
      CompileError e = catchThrowableOfType(CompileError.class, () -> QueryCompiler.parse(source));
      assertThat(e).as("%s (line %d) must not parse", c, c.line()).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
      assertThat(e.detail()).contains(gist);
      return;
    }
    List<QueryDecl> queries = QueryCompiler.parse(source).queries();
    assertThat(queries).as("%s (line %d) declares one query", c, c.line()).hasSize(1);
    QueryDecl decl = queries.getFirst();
    Catalog catalog = catalog(c.schema());
    switch (c.expectation()) {
      case Ok ok -> {
        CheckedQuery checked = QueryTypechecker.check(decl, catalog, source);
        for (String assertion : c.assertions()) {
          assertOk(checked, assertion);
        }
      }
      case Failure(String code, String gist) -> {
        CompileError e =
            catchThrowableOfType(
                CompileError.class, () -> QueryTypechecker.check(decl, catalog, source));
        assertThat(e).as("%s (line %d) must fail", c, c.line()).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.TYPE);
        switch (code) {
          case "exact" -> assertThat(e.getMessage()).isEqualTo(gist);
          case "untagged" -> {
            assertThat(e.detail()).doesNotContainPattern(CODE).contains(gist);
          }
          default -> assertThat(e.detail()).startsWith(code + ": ").contains(gist);
        }
        assertThat(e.getMessage()).startsWith("type error: ");
        // Every typecheck error points at the clause or expression at fault.
        assertThat(e.span()).as("span of %s", e.getMessage()).isPresent();
        assertThat(e.render()).contains("-->").contains("^");
        for (String assertion : c.assertions()) {
          assertThat(assertion).startsWith("at ");
          assertThat(source.slice(e.span().orElseThrow()))
              .as("span of %s", e.getMessage())
              .isEqualTo(assertion.substring(3));
        }
      }
      case ParseFailure p -> throw new AssertionError("handled above");
    }
  }

  private static void assertOk(CheckedQuery checked, String assertion) {
    String[] words = assertion.split(" ", 2);
    String rest = words.length > 1 ? words[1] : "";
    List<ResultField> fields = ResultSchema.of(checked).fields();
    switch (words[0]) {
      case "fields" ->
          assertThat(ResultSchema.of(checked).names())
              .isEqualTo(rest.equals("-") ? List.of() : list(rest));
      case "types" -> {
        Map<String, String> actual = new LinkedHashMap<>();
        fields.forEach(f -> actual.putIfAbsent(f.name(), f.type().displayName()));
        map(rest).forEach((name, type) -> assertThat(actual).containsEntry(name, type));
      }
      case "nullable" ->
          assertThat(fields.stream().filter(ResultField::nullable).map(ResultField::name))
              .containsExactlyInAnyOrderElementsOf(list(rest));
      case "vars" -> assertThat(checked.variables()).isEqualTo(varTypes(rest));
      case "params" -> {
        Map<String, String> actual = new HashMap<>();
        checked.paramTypes().forEach((k, v) -> actual.put(k, v.displayName()));
        assertThat(actual).isEqualTo(map(rest));
      }
      case "targets" ->
          assertThat(checked.mutationTargets())
              .isEqualTo(
                  list(rest).stream()
                      .map(t -> t.split(" "))
                      .map(t -> new MutationTarget(TargetKind.valueOf(t[0]), t[1]))
                      .toList());
      case "traversal" -> {
        Matcher m = TRAVERSAL.matcher(assertion);
        assertThat(m.matches()).as(assertion).isTrue();
        Clause.Traversal t =
            traversalsOf(checked.decl().match()).get(Integer.parseInt(m.group(1)) - 1);
        assertThat(checked.traversals())
            .containsEntry(
                t,
                new ResolvedTraversal(
                    m.group(2), Direction.valueOf(m.group(3)), m.group(4), m.group(5)));
      }
      case "negation" -> {
        Matcher m = NEGATION.matcher(assertion);
        assertThat(m.matches()).as(assertion).isTrue();
        Clause.Negation n =
            negationsOf(checked.decl().match()).get(Integer.parseInt(m.group(1)) - 1);
        assertThat(checked.negationScopes()).containsEntry(n, varTypes(m.group(2)));
      }
      default -> throw new AssertionError("unknown assertion: " + assertion);
    }
  }

  // ---- the table's coverage

  @Test
  void everySpecCaseOfSection912IsInTheTable() {
    Set<String> ids = new TreeSet<>();
    cases().forEach(c -> ids.add(c.id().replaceAll("[a-z]$", "")));
    for (int n = 120; n <= 140; n++) {
      assertThat(ids).contains("C" + n);
    }
  }

  @Test
  void everyTypeErrorCodeIsExercised() {
    Set<String> codes = new TreeSet<>();
    for (Case c : cases()) {
      if (c.expectation() instanceof Failure(String code, String gist)) {
        codes.add(code.equals("exact") ? gist.replaceAll("^type error: (T\\d+):.*$", "$1") : code);
      }
    }
    for (int n = 1; n <= 24; n++) {
      assertThat(codes).contains("T" + n);
    }
    assertThat(codes).contains("untagged");
  }

  // ---- upstream fixtures

  static Stream<Arguments> fixtureQueries() {
    return Stream.of(
        Arguments.of("test", "get_person", List.of("p.name", "p.age")),
        Arguments.of("test", "adults", List.of("p.name", "p.age")),
        Arguments.of("test", "friends_of", List.of("f.name", "f.age")),
        Arguments.of("test", "employees_of", List.of("p.name")),
        Arguments.of("test", "friends_of_friends", List.of("fof.name")),
        Arguments.of("test", "unemployed", List.of("p.name")),
        Arguments.of("test", "friend_counts", List.of("p.name", "friends")),
        Arguments.of("test", "top_by_age", List.of("p.name", "p.age")),
        Arguments.of("test", "total_people", List.of("total")),
        Arguments.of(
            "test",
            "age_stats",
            List.of("c.name", "total_age", "avg_age", "youngest", "oldest", "headcount")),
        Arguments.of("test", "top_connected", List.of("p.name", "friends")),
        Arguments.of("search", "text_search", List.of("d.slug", "d.title")),
        Arguments.of("search", "fuzzy_search", List.of("d.slug", "d.title")),
        Arguments.of("search", "phrase_search", List.of("d.slug", "d.title")),
        Arguments.of("search", "vector_search", List.of("d.slug", "d.title")),
        Arguments.of("search", "bm25_search", List.of("d.slug", "d.title")),
        Arguments.of("search", "hybrid_search", List.of("d.slug", "d.title")),
        Arguments.of("search", "rrf_two_fts", List.of("d.slug", "d.title")),
        Arguments.of("search", "rrf_two_vectors", List.of("d.slug", "d.title")));
  }

  @ParameterizedTest(name = "{0}.gq {1}")
  @MethodSource("fixtureQueries")
  void fixtureQueriesTypecheckWithTheExecutorsColumnNames(
      String fixture, String name, List<String> columns) {
    CheckedQuery checked = checkFixture(fixture, name);
    assertThat(ResultSchema.of(checked).names()).isEqualTo(columns);
    assertThat(checked.mutationTargets()).isEmpty();
  }

  @ParameterizedTest(name = "{0}.gq")
  @CsvSource({"test", "search"})
  void everyFixtureQueryIsCovered(String fixture) {
    Set<String> declared = new TreeSet<>();
    fixtureFile(fixture).queries().forEach(q -> declared.add(q.name()));
    Set<String> covered = new TreeSet<>();
    fixtureQueries()
        .map(Arguments::get)
        .filter(a -> a[0].equals(fixture))
        .forEach(a -> covered.add((String) a[1]));
    assertThat(covered).isEqualTo(declared);
  }

  @Test
  void ageStatsResultTypes() {
    List<ResultField> fields = ResultSchema.of(checkFixture("test", "age_stats")).fields();
    assertThat(fields)
        .extracting(f -> f.type().displayName())
        .containsExactly("String", "sum F64?", "avg F64?", "min I32?", "max I32?", "count I64?");
    assertThat(fields)
        .extracting(ResultField::nullable)
        .containsExactly(false, true, true, true, true, true);
    assertThat(fields.get(5).type())
        .isEqualTo(
            new ResultType.Aggregate(
                Expr.AggregateFunction.COUNT, PropType.of(BaseType.I64, true)));
  }

  @Test
  void getPersonFieldsFollowTheSchema() {
    CheckedQuery checked = checkFixture("test", "get_person");
    assertThat(ResultSchema.of(checked).fields())
        .containsExactly(
            new ResultField(
                "p.name", new ResultType.Scalar(PropType.of(BaseType.STRING, false)), false),
            new ResultField("p.age", new ResultType.Scalar(PropType.of(BaseType.I32, true)), true));
    assertThat(checked.paramTypes()).containsEntry("name", PropType.of(BaseType.STRING, false));
    assertThat(checked.variables()).containsEntry("p", new VarType.NodeVar("Person"));
  }

  @Test
  void employeesOfIsAForwardTraversalFromTheBoundCompany() {
    CheckedQuery checked = checkFixture("test", "employees_of");
    assertThat(checked.traversals().values())
        .containsExactly(new ResolvedTraversal("WorksAt", Direction.OUT, "Person", "Company"));
  }

  @Test
  void unemployedRecordsItsNegationScope() {
    CheckedQuery checked = checkFixture("test", "unemployed");
    assertThat(checked.negationScopes().values())
        .containsExactly(Map.of("p", new VarType.NodeVar("Person")));
    assertThat(checked.traversals()).hasSize(1);
  }

  @Test
  void nodeProjectionIsAStructOfReadableColumns() {
    String schema = "node Doc { slug: String @key  body: Blob?  n: I32? }";
    String query = "query q() { match { $d: Doc } return { $d } }";
    CheckedQuery checked = check(schema, query);
    ResultField field = ResultSchema.of(checked).fields().getFirst();
    assertThat(field.name()).isEqualTo("d");
    assertThat(field.nullable()).isFalse();
    ResultType.Node node = (ResultType.Node) field.type();
    assertThat(node.typeName()).isEqualTo("Doc");
    assertThat(node.columns().keySet()).containsExactly("id", "n", "slug");
  }

  @Test
  void mutationsHaveNoResultColumns() {
    CheckedQuery checked =
        check(
            "node Person { name: String @key }",
            "query q($n: String) { insert Person { name: $n } }");
    assertThat(ResultSchema.of(checked).fields()).isEmpty();
    assertThat(checked.variables()).isEmpty();
    assertThat(checked.traversals()).isEmpty();
  }

  @Test
  void columnNamesOfProjections() {
    QueryDecl decl =
        QueryCompiler.parse(
                "query q($x: I32) { match { $p: Person } return { $p.name  $x  count($p.age)  1"
                    + "  now()  $p as person } }")
            .queries()
            .getFirst();
    assertThat(decl.returns().stream().map(ResultSchema::columnName))
        .containsExactly("p.name", "x", "p.age", "literal", "__nanograph_now", "person");
  }

  // ---- shapes the parser does not produce

  private static final Span AT = new Span(0, 0);
  private static final String AST_SCHEMA =
      "node Person { name: String @key  age: I32? } edge Knows: Person -> Person";

  @Test
  void insertWithoutAssignmentsIsT10() {
    assertTypeError(
        mutation(new Mutation.Insert("Person", List.of(), AT)),
        "T10: insert mutation requires at least one assignment");
  }

  @Test
  void updateWithoutAssignmentsIsT10() {
    Mutation.Predicate where =
        new Mutation.Predicate(
            "name", CompOp.EQ, new Expr.Lit(new Literal.StringLiteral("a"), AT), AT);
    assertTypeError(
        mutation(new Mutation.Update("Person", List.of(), where, AT)),
        "T10: update mutation requires at least one assignment");
  }

  @Test
  void nullLiteralNeedsANullableProperty() {
    Expr.Lit none = new Expr.Lit(new Literal.NullLiteral(), AT);
    assertTypeError(
        mutation(
            new Mutation.Insert("Person", List.of(new Mutation.Assignment("name", none, AT)), AT)),
        "T3: property `name` is non-nullable but got null");
    Expr.Lit name = new Expr.Lit(new Literal.StringLiteral("a"), AT);
    QueryDecl ok =
        mutation(
            new Mutation.Insert(
                "Person",
                List.of(
                    new Mutation.Assignment("name", name, AT),
                    new Mutation.Assignment("age", none, AT)),
                AT));
    assertThat(
            QueryTypechecker.check(ok, catalog(AST_SCHEMA), SourceText.of("q", ""))
                .mutationTargets())
        .containsExactly(new MutationTarget(TargetKind.NODE, "Person"));
  }

  @Test
  void rrfArmsMustBeRankings() {
    Expr search =
        new Expr.Search(
            new Expr.PropAccess("p", "name", AT),
            new Expr.Lit(new Literal.StringLiteral("x"), AT),
            AT);
    Expr bm25 =
        new Expr.Bm25(
            new Expr.PropAccess("p", "name", AT),
            new Expr.Lit(new Literal.StringLiteral("x"), AT),
            AT);
    QueryDecl decl =
        read(
            List.of(
                new QueryDecl.Ordering(
                    new Expr.Rrf(bm25, search, Optional.empty(), AT), false, AT)),
            OptionalLong.of(3));
    assertTypeError(decl, "T21: rrf secondary expression must be nearest(...) or bm25(...)");
  }

  @Test
  void derivedStringContainsFollowsStartsWithRules() {
    Expr.Lit three = new Expr.Lit(new Literal.IntegerLiteral(3), AT);
    QueryDecl decl =
        new QueryDecl(
            "q",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(
                new Clause.Binding("p", "Person", List.of(), AT),
                new Clause.Filter(
                    new Expr.PropAccess("p", "name", AT), CompOp.STRING_CONTAINS, three, AT)),
            List.of(
                new QueryDecl.Projection(
                    new Expr.PropAccess("p", "name", AT), Optional.empty(), AT)),
            List.of(),
            OptionalLong.empty(),
            List.of(),
            AT);
    assertTypeError(decl, "T7: contains requires a String right operand, got I64");
  }

  @Test
  void readOnlyEntryPointRefusesMutations() {
    QueryDecl decl =
        mutation(
            new Mutation.Insert(
                "Person",
                List.of(
                    new Mutation.Assignment(
                        "name", new Expr.Lit(new Literal.StringLiteral("a"), AT), AT)),
                AT));
    CompileError e =
        catchThrowableOfType(
            CompileError.class,
            () -> QueryTypechecker.checkRead(decl, catalog(AST_SCHEMA), SourceText.of("q", "")));
    assertThat(e.kind()).isEqualTo(ErrorKind.PLAN);
    assertThat(e.getMessage())
        .isEqualTo("plan error: mutation query cannot be typechecked with read-query API");
  }

  @Test
  void checkedMapsAreKeyedByTheAstRecords() {
    String query =
        "query q() { match { $p: Person  not { $p knows $a }  not { $p knows $b } } return {"
            + " $p.name } }";
    CheckedQuery checked = check(AST_SCHEMA, query);
    List<Clause.Negation> negations = negationsOf(checked.decl().match());
    assertThat(negations).hasSize(2);
    assertThat(checked.negationScopes().get(negations.get(0)))
        .containsKey("a")
        .doesNotContainKey("b");
    assertThat(checked.negationScopes().get(negations.get(1)))
        .containsKey("b")
        .doesNotContainKey("a");
    assertThat(checked.traversals()).hasSize(2);
  }

  // ---- helpers

  private static QueryDecl mutation(Mutation m) {
    return new QueryDecl(
        "q",
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        OptionalLong.empty(),
        List.of(m),
        AT);
  }

  private static QueryDecl read(List<QueryDecl.Ordering> order, OptionalLong limit) {
    return new QueryDecl(
        "q",
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(new Clause.Binding("p", "Person", List.of(), AT)),
        List.of(
            new QueryDecl.Projection(new Expr.PropAccess("p", "name", AT), Optional.empty(), AT)),
        order,
        limit,
        List.of(),
        AT);
  }

  private static void assertTypeError(QueryDecl decl, String detailPrefix) {
    CompileError e =
        catchThrowableOfType(
            CompileError.class,
            () -> QueryTypechecker.check(decl, catalog(AST_SCHEMA), SourceText.of("q", "")));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.TYPE);
    assertThat(e.detail()).startsWith(detailPrefix);
  }

  private static CheckedQuery check(String schema, String query) {
    SourceText source = SourceText.of("q.gq", query);
    return QueryTypechecker.check(
        QueryCompiler.parse(source).queries().getFirst(), catalog(schema), source);
  }

  private static QueryFile fixtureFile(String fixture) {
    return QueryCompiler.parse(
        SourceText.of(fixture + ".gq", resource("/query/fixtures/" + fixture + ".gq")));
  }

  private static CheckedQuery checkFixture(String fixture, String name) {
    SourceText source =
        SourceText.of(fixture + ".gq", resource("/query/fixtures/" + fixture + ".gq"));
    QueryDecl decl = QueryCompiler.parse(source).query(name).orElseThrow();
    Catalog catalog =
        SchemaCompiler.catalog(
            SourceText.of(fixture + ".pg", resource("/query/fixtures/" + fixture + ".pg")));
    return QueryTypechecker.check(decl, catalog, source);
  }

  private static Catalog catalog(String schemaNameOrText) {
    synchronized (CATALOGS) {
      return CATALOGS.computeIfAbsent(
          schemaNameOrText,
          key -> {
            String text = TABLE.schemas().getOrDefault(key, key);
            return SchemaCompiler.catalog(SourceText.of(key + ".pg", text));
          });
    }
  }

  private static List<Clause.Traversal> traversalsOf(List<Clause> clauses) {
    List<Clause.Traversal> out = new ArrayList<>();
    for (Clause c : clauses) {
      switch (c) {
        case Clause.Traversal t -> out.add(t);
        case Clause.Negation n -> out.addAll(traversalsOf(n.clauses()));
        default -> {}
      }
    }
    return out;
  }

  private static List<Clause.Negation> negationsOf(List<Clause> clauses) {
    List<Clause.Negation> out = new ArrayList<>();
    for (Clause c : clauses) {
      if (c instanceof Clause.Negation n) {
        out.add(n);
        out.addAll(negationsOf(n.clauses()));
      }
    }
    return out;
  }

  private static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Map<String, String> map(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : list(text)) {
      int colon = entry.indexOf(':');
      out.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
    }
    return out;
  }

  private static Map<String, VarType> varTypes(String text) {
    Map<String, VarType> out = new HashMap<>();
    map(text)
        .forEach((name, type) ->
            out.put(
                name,
                type.startsWith("edge ")
                    ? new VarType.EdgeVar(type.substring(5))
                    : new VarType.NodeVar(type)));
    return out;
  }

  // ---- the table file

  static Table parseTable(String text) {
    List<String> lines = text.lines().toList();
    Map<String, String> schemas = new HashMap<>();
    List<Case> cases = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith("===") && !lines.get(i).startsWith("@@@")) {
      i++;
    }
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.startsWith("@@@ schema ")) {
        String name = line.substring("@@@ schema ".length()).strip();
        int start = ++i;
        while (i < lines.size() && !isBlockStart(lines.get(i))) {
          i++;
        }
        // '#' lines are the table's comments; .pg sources comment with "//".
        schemas.put(
            name,
            String.join(
                "\n", lines.subList(start, i).stream().filter(l -> !l.startsWith("#")).toList()));
        continue;
      }
      Matcher h = HEADER.matcher(line);
      if (!h.matches()) {
        throw new IllegalStateException("line " + (i + 1) + ": expected a case or schema header");
      }
      int headerLine = i + 1;
      i++;
      String schema = "base";
      if (i < lines.size() && lines.get(i).startsWith("--- schema ")) {
        schema = lines.get(i).substring("--- schema ".length()).strip();
        if (!schemas.containsKey(schema)) {
          throw new IllegalStateException("line " + (i + 1) + ": unknown schema " + schema);
        }
        i++;
      }
      int start = i;
      while (i < lines.size() && !lines.get(i).startsWith("--- ")) {
        i++;
      }
      if (i == lines.size()) {
        throw new IllegalStateException("line " + headerLine + ": case without expectation");
      }
      List<String> sourceLines = new ArrayList<>(lines.subList(start, i));
      while (!sourceLines.isEmpty() && sourceLines.getLast().isBlank()) {
        sourceLines.removeLast();
      }
      Expectation expectation = expectation(lines.get(i), i + 1);
      i++;
      List<String> assertions = new ArrayList<>();
      while (i < lines.size() && !isBlockStart(lines.get(i))) {
        String a = lines.get(i).strip();
        if (!a.isEmpty() && !a.startsWith("#")) {
          assertions.add(a);
        }
        i++;
      }
      cases.add(
          new Case(
              h.group(1),
              h.group(2) == null ? "" : h.group(2).strip(),
              headerLine,
              schema,
              String.join("\n", sourceLines),
              expectation,
              assertions));
    }
    Set<String> ids = new TreeSet<>();
    cases.forEach(c -> {
      if (!ids.add(c.id())) {
        throw new IllegalStateException("duplicate case id " + c.id());
      }
    });
    return new Table(Map.copyOf(schemas), List.copyOf(cases));
  }

  private static boolean isBlockStart(String line) {
    return line.startsWith("=== ") || line.startsWith("@@@ ");
  }

  private static Expectation expectation(String line, int lineNumber) {
    if (line.equals("--- ok")) {
      return new Ok();
    }
    Matcher e = ERROR.matcher(line);
    if (e.matches()) {
      return new Failure(e.group(1), e.group(2));
    }
    Matcher p = PARSE.matcher(line);
    if (p.matches()) {
      return new ParseFailure(p.group(1));
    }
    throw new IllegalStateException("line " + lineNumber + ": bad expectation " + line);
  }

  @Test
  void tableParserReadsSchemasCasesAndAssertions() {
    Table t =
        parseTable(
            """
            # preamble
            @@@ schema s
            node A { x: I32 }
            === one first
            --- schema s
            query q() {
              match { $a: A } return { $a.x } }

            --- ok
            # comment
            fields a.x
            === two
            q
            --- error T7 "say "hi""
            at q
            """);
    assertThat(t.schemas()).containsEntry("s", "node A { x: I32 }");
    assertThat(t.cases()).hasSize(2);
    Case one = t.cases().get(0);
    assertThat(one.schema()).isEqualTo("s");
    assertThat(one.source()).isEqualTo("query q() {\n  match { $a: A } return { $a.x } }");
    assertThat(one.assertions()).containsExactly("fields a.x");
    Case two = t.cases().get(1);
    assertThat(two.schema()).isEqualTo("base");
    assertThat(two.expectation()).isEqualTo(new Failure("T7", "say \"hi\""));
    assertThat(IntStream.of(one.line(), two.line())).containsExactly(4, 12);
  }

  private static String resource(String path) {
    try (InputStream in = QueryTypecheckerTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QueryCompilerTest {
  private static final Catalog PEOPLE =
      SchemaCompiler.catalog(
          SourceText.of(
              "s.pg",
              """
              node Person { name: String @key age: I32? }
              node Company { name: String @key }
              edge Knows: Person -> Person { since: Date? }
              edge WorksAt: Person -> Company
              """));

  private static SourceText q(String text) {
    return SourceText.of("q.gq", text);
  }

  @Test
  void theOnlyQueryNeedsNoName() {
    CompiledQuery c =
        QueryCompiler.compile(
            q("query one() { match { $p: Person } return { $p.name } }"), PEOPLE, Optional.empty());
    assertThat(c).isInstanceOf(CompiledQuery.Read.class);
    assertThat(((CompiledQuery.Read) c).resultSchema().names()).containsExactly("p.name");
  }

  @Test
  void c145ResultColumnsAreNamedVarDotPropInReturnOrder() {
    CompiledQuery c =
        QueryCompiler.compile(
            q(
                """
                query get_person($name: String) {
                  match { $p: Person { name: $name } }
                  return { $p.age, $p.name }
                }
                """),
            PEOPLE,
            Optional.empty());
    assertThat(((CompiledQuery.Read) c).resultSchema().names()).containsExactly("p.age", "p.name");
  }

  @Test
  void severalQueriesNeedAName() {
    SourceText two =
        q(
            """
            query a() { match { $p: Person } return { $p.name } }
            query b($n: String) { insert Person { name: $n } }
            """);
    assertThatThrownBy(() -> QueryCompiler.compile(two, PEOPLE, Optional.empty()))
        .isInstanceOfSatisfying(
            CompileError.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
              assertThat(e.detail()).contains("multiple queries; pass --name").contains("a, b");
            });
    assertThat(QueryCompiler.compile(two, PEOPLE, Optional.of("b")))
        .isInstanceOf(CompiledQuery.Write.class);
    assertThatThrownBy(() -> QueryCompiler.compile(two, PEOPLE, Optional.of("c")))
        .isInstanceOf(CompileError.class)
        .hasMessageContaining("query 'c' not found");
  }

  @Test
  void typeAndPlanErrorsSurfaceFromCompile() {
    assertThatThrownBy(() ->
            QueryCompiler.compile(
                q("query x() { match { $p: Foo } return { $p } }"), PEOPLE, Optional.empty()))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.getMessage()).startsWith("type error: T1: "));
    assertThatThrownBy(() ->
            QueryCompiler.compile(
                q("query x() { match { $a knows $b } return { $a } }"), PEOPLE, Optional.empty()))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PLAN));
  }

  // The guide lives in the project's docs folder; compiling its example keeps it truthful.
  @Test
  void theExampleOfTheUserGuideCompiles() throws IOException {
    String guide = Files.readString(Path.of("..", "docs", "query-language.md"));
    Matcher block = Pattern.compile("```gq\n(.*?)```", Pattern.DOTALL).matcher(guide);
    assertThat(block.find()).isTrue();
    SourceText source = q(block.group(1));
    QueryFile file = QueryCompiler.parse(source);
    assertThat(file.queries()).hasSize(2);
    for (QueryDecl decl : file.queries()) {
      QueryCompiler.compile(decl, PEOPLE, source);
    }
  }
}

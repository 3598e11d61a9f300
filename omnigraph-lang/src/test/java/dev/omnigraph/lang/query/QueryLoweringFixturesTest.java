package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every query of the upstream fixtures ({@code /query/fixtures/{test,search}.gq}) lowered and
 * pinned in {@code /query/golden/fixtures-lowered.txt}. On a mismatch the actual text is written to
 * {@code target/fixtures-lowered.actual.txt} for review.
 */
class QueryLoweringFixturesTest {
  private static final List<String> FIXTURES = List.of("test", "search");

  static String lowerAll() {
    StringBuilder out = new StringBuilder();
    for (String fixture : FIXTURES) {
      Catalog catalog =
          LoweringTestSupport.catalog(
              LoweringTestSupport.resource("/query/fixtures/" + fixture + ".pg"));
      SourceText source =
          SourceText.of(
              fixture + ".gq", LoweringTestSupport.resource("/query/fixtures/" + fixture + ".gq"));
      out.append("## ").append(fixture).append(".gq\n");
      for (QueryDecl decl : QueryCompiler.parse(source).queries()) {
        CheckedQuery checked = LoweringTestSupport.check(catalog, decl, source);
        String text =
            decl.isMutation()
                ? IrText.render(QueryLowering.lowerMutation(checked, source))
                : IrText.render(QueryLowering.lower(checked, source));
        out.append('\n').append(text).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  @Test
  void fixturesLowerToTheGoldenPlans() throws IOException {
    String actual = lowerAll();
    String golden = LoweringTestSupport.resource("/query/golden/fixtures-lowered.txt");
    if (!actual.equals(golden)) {
      Files.writeString(
          Path.of("target", "fixtures-lowered.actual.txt"), actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(golden);
  }
}

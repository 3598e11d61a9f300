package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SchemaGuideTest {
  // The guide lives in the project's docs folder; compiling its example keeps it truthful.
  @Test
  void theExampleOfTheUserGuideCompiles() throws IOException {
    String guide = Files.readString(Path.of("..", "docs", "schema-language.md"));
    Matcher block = Pattern.compile("```pg\\n(.*?)```", Pattern.DOTALL).matcher(guide);
    assertThat(block.find()).isTrue();
    Catalog catalog = SchemaCompiler.catalog(SourceText.of("guide.pg", block.group(1)));
    assertThat(catalog.nodeTypes()).containsKeys("Person", "Company", "Doc");
    assertThat(catalog.edgeTypes()).containsKeys("Knows", "WorksAt");
  }
}

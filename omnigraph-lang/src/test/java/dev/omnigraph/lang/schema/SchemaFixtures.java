package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Shared test inputs: the schema fixtures and the table files under {@code /schema}. */
final class SchemaFixtures {
  /** The identity domain every test IR is built in. */
  static final String DOMAIN = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

  /**
   * The fixtures under {@code /schema/fixtures}: the four upstream ones, and {@code everything.pg},
   * which exercises every construct of the language.
   */
  static final List<String> FIXTURES =
      List.of("test.pg", "search.pg", "signals.pg", "context.pg", "everything.pg");

  private SchemaFixtures() {}

  /** The text of the resource at {@code path} (absolute, e.g. {@code /schema/x.tsv}). */
  static String resource(String path) {
    try (InputStream in = SchemaFixtures.class.getResourceAsStream(path)) {
      assertThat(in).as("resource %s", path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source text of fixture {@code name}. */
  static String fixture(String name) {
    return resource("/schema/fixtures/" + name);
  }

  static Stream<String> fixtures() {
    return FIXTURES.stream();
  }

  static SchemaShape shape(String text) {
    return SchemaCompiler.shape(SourceText.of("<test>", text));
  }

  /** The IR a new graph gets for {@code text} in {@link #DOMAIN}. */
  static SchemaIr initialIr(String text) {
    return SchemaCompiler.initialIr(shape(text), DOMAIN);
  }

  /** The catalog bound to the initial IR of {@code text}. */
  static Catalog boundCatalog(String text) {
    return SchemaCompiler.catalog(initialIr(text));
  }

  /**
   * The data rows of a tab-separated table: the first non-blank line is the header, lines starting
   * with {@code #} are comments; every row must have exactly {@code columns} cells.
   */
  static Stream<String[]> table(String path, int columns) {
    List<String> lines =
        resource(path).lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    assertThat(lines).as("rows of %s", path).hasSizeGreaterThan(1);
    return lines.stream()
        .skip(1)
        .map(line -> {
          String[] cells = line.split("\t", -1);
          assertThat(cells).as("cells of %s row %s", path, Arrays.toString(cells)).hasSize(columns);
          return cells;
        });
  }
}

package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared inputs of the lowering and descriptor tests: schemas, resources, checked queries. */
final class LoweringTestSupport {
  /** The schema of the lowering examples of spec §3.3 (plus a list property). */
  static final String SCHEMA =
      """
      node Person { name: String @key  age: I32?  tags: [String]? }
      node Company { name: String @key }
      edge Knows: Person -> Person { since: Date? }
      edge WorksAt: Person -> Company
      """;

  private LoweringTestSupport() {}

  static Catalog catalog(String schema) {
    return SchemaCompiler.catalog(SourceText.of("<schema>", schema));
  }

  /** The text of the resource at {@code path} (absolute, e.g. {@code /query/x.txt}). */
  static String resource(String path) {
    try (InputStream in = LoweringTestSupport.class.getResourceAsStream(path)) {
      assertThat(in).as("resource %s", path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one query of {@code text}, checked against {@code catalog}. */
  static CheckedQuery check(Catalog catalog, SourceText source) {
    QueryFile file = QueryCompiler.parse(source);
    assertThat(file.queries()).as("queries in %s", source.text()).hasSize(1);
    return check(catalog, file.queries().getFirst(), source);
  }

  static CheckedQuery check(Catalog catalog, QueryDecl decl, SourceText source) {
    return QueryTypechecker.check(decl, catalog, source);
  }

  static QueryIr lower(Catalog catalog, String query) {
    SourceText source = SourceText.of("<query>", query);
    return QueryLowering.lower(check(catalog, source), source);
  }

  /**
   * Lowers {@code query} with hand-resolved variables and directions (no typechecking), for the
   * lowerer's own checks of queries the typechecker refuses first.
   */
  static QueryIr lowerUnchecked(Catalog catalog, String query) {
    SourceText source = SourceText.of("<query>", query);
    QueryDecl decl = QueryCompiler.parse(source).queries().getFirst();
    return QueryLowering.lower(HandCheck.check(decl, catalog), source);
  }

  static MutationIr lowerMutation(Catalog catalog, String query) {
    SourceText source = SourceText.of("<query>", query);
    return QueryLowering.lowerMutation(check(catalog, source), source);
  }
}

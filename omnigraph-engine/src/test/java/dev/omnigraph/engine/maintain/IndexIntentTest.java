package dev.omnigraph.engine.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.omnigraph.engine.maintain.IndexIntent.Kind;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import org.junit.jupiter.api.Test;

class IndexIntentTest {
  private static Catalog catalog(String pg) {
    return SchemaCompiler.catalog(
        SchemaCompiler.initialIr(
            SchemaCompiler.shape(SourceText.of("t.pg", pg)), "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
  }

  @Test
  void eachColumnGetsTheIndexItsTypeCallsFor() {
    Catalog c =
        catalog(
            """
            node Doc {
              slug: String @key
              title: String @index
              status: enum(draft, live) @index
              words: I64 @index
              published: DateTime? @index
              embedding: Vector(3)? @index
              body: String
            }
            edge Cites: Doc -> Doc { note: String @index }
            """);
    long doc = c.node("Doc").orElseThrow().typeId();
    long cites = c.edge("Cites").orElseThrow().typeId();
    assertThat(IndexIntent.of(c))
        .extracting(IndexIntent::tableKey, IndexIntent::column, IndexIntent::kind)
        .containsExactlyInAnyOrder(
            tuple("node:" + doc, "id", Kind.BTREE),
            tuple("node:" + doc, "slug", Kind.BTREE),
            tuple("node:" + doc, "title", Kind.INVERTED),
            tuple("node:" + doc, "status", Kind.BTREE),
            tuple("node:" + doc, "words", Kind.BTREE),
            tuple("node:" + doc, "published", Kind.BTREE),
            tuple("node:" + doc, "embedding", Kind.VECTOR),
            tuple("edge:" + cites, "id", Kind.BTREE),
            tuple("edge:" + cites, "src", Kind.BTREE),
            tuple("edge:" + cites, "dst", Kind.BTREE));
  }

  @Test
  void multiColumnDeclarationsAreNotBuiltAndNamesAreStable() {
    Catalog c = catalog("node P { a: String  b: I32  @index(a, b) }");
    assertThat(IndexIntent.of(c)).extracting(IndexIntent::column).containsExactly("id");
    assertThat(IndexIntent.of(c).getFirst().indexName()).isEqualTo("id_idx");
  }
}

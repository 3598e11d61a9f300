package dev.omnigraph.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.store.CountingObjectStore;
import dev.omnigraph.engine.store.MemoryObjectStore;
import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.schema.SchemaIr;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {
  private static final String DOMAIN = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

  private static String testPg() throws IOException {
    try (InputStream in = SchemaStoreTest.class.getResourceAsStream("/schema/test.pg")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SchemaIr ir(String source) {
    return SchemaCompiler.initialIr(SchemaCompiler.shape(SourceText.of("s.pg", source)), DOMAIN);
  }

  @Test
  void aStoredSchemaReadsBackFromAnotherStoreInstance() throws IOException {
    ObjectStore objects = new MemoryObjectStore();
    String source = testPg();
    AcceptedSchema put = new SchemaStore(objects).put(source, ir(source));
    AcceptedSchema got = new SchemaStore(objects).get(put.hash());
    assertThat(got).isEqualTo(put);
    assertThat(got.catalog().node("Person")).isPresent();
    assertThat(objects.list("schemas/")).containsExactly(SchemaStore.key(put.hash()));
  }

  // The hash is part of every commit record; it must never drift for the same schema.
  @Test
  void theHashOfAFixedSchemaIsPinned() throws IOException {
    String source = testPg();
    assertThat(new SchemaStore(new MemoryObjectStore()).put(source, ir(source)).hash())
        .isEqualTo("sha256:8e9d62a8a3163dd0aa1ef2e47f99838efdbfb6442bbdd822456f868d67abfb3f");
  }

  @Test
  void storingTheSameSchemaTwiceIsHarmless() {
    ObjectStore objects = new MemoryObjectStore();
    String source = "node Person { name: String @key }";
    SchemaStore schemas = new SchemaStore(objects);
    assertThat(schemas.put(source, ir(source)).hash())
        .isEqualTo(new SchemaStore(objects).put(source, ir(source)).hash());
    assertThat(objects.list("schemas/")).hasSize(1);
  }

  @Test
  void theSourceTextIsKeptVerbatim() {
    ObjectStore objects = new MemoryObjectStore();
    String a = "node Person { name: String @key }";
    String b = "// people\nnode Person {\n  name: String @key\n}\n";
    String ha = new SchemaStore(objects).put(a, ir(a)).hash();
    String hb = new SchemaStore(objects).put(b, ir(b)).hash();
    assertThat(ha).isNotEqualTo(hb);
    assertThat(new SchemaStore(objects).get(hb).source()).isEqualTo(b);
  }

  // Cost gate: a schema read once is never read again by that store.
  @Test
  void aCachedSchemaCostsNoReads() {
    CountingObjectStore counting = new CountingObjectStore(new MemoryObjectStore());
    String source = "node Person { name: String @key }";
    String hash = new SchemaStore(counting).put(source, ir(source)).hash();
    SchemaStore fresh = new SchemaStore(counting);
    counting.reset();
    fresh.get(hash);
    assertThat(counting.reads.get()).isEqualTo(1);
    counting.reset();
    for (int i = 0; i < 100; i++) {
      fresh.get(hash);
    }
    assertThat(counting.reads.get()).isZero();
  }

  @Test
  void aMissingSchemaIsAClearError() {
    String hash = "sha256:" + "0".repeat(64);
    assertThatThrownBy(() -> new SchemaStore(new MemoryObjectStore()).get(hash))
        .isInstanceOf(SchemaStoreException.class)
        .hasMessageContaining("is missing")
        .hasMessageContaining(hash);
  }

  @Test
  void anAlteredSchemaIsRefused() {
    ObjectStore objects = new MemoryObjectStore();
    String source = "node Person { name: String @key }";
    String hash = new SchemaStore(objects).put(source, ir(source)).hash();
    String key = SchemaStore.key(hash);
    String text = new String(objects.read(key).orElseThrow(), StandardCharsets.UTF_8);
    objects.delete(key);
    objects.putIfAbsent(key, text.replace("Person", "Persoon").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new SchemaStore(objects).get(hash))
        .isInstanceOf(SchemaStoreException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void aDocumentThatIsNotASchemaIsRefused() {
    ObjectStore objects = new MemoryObjectStore();
    byte[] bytes =
        "{\"format_version\":1,\"source\":\"x\",\"ir\":{}}".getBytes(StandardCharsets.UTF_8);
    String hash = SchemaStore.hash(bytes);
    objects.putIfAbsent(SchemaStore.key(hash), bytes);
    assertThatThrownBy(() -> new SchemaStore(objects).get(hash))
        .isInstanceOf(SchemaStoreException.class)
        .hasMessageContaining("is not valid");
  }

  @Test
  void keysAreOnlyMadeFromHashes() {
    assertThatThrownBy(() -> SchemaStore.key("md5:abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchemaStore.key("sha256:../../etc"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

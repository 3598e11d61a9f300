package dev.omnigraph.bench;

import dev.omnigraph.engine.table.ArrowSchemas;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.CommitBuilder;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.ReadOptions;
import org.lance.Session;
import org.lance.Transaction;
import org.lance.WriteParams;
import org.lance.operation.Append;

/**
 * The raw Lance baseline: one Lance dataset with exactly the Arrow schema of the bench graph's
 * {@code Person} table, appended to with detached commits and no commit log, so a benchmark can set
 * the engine's cost beside the floor Lance itself imposes. This is the only code of the bench that
 * touches Lance directly; everything else goes through the {@code Omnigraph} facade.
 */
final class RawLanceTable implements AutoCloseable {
  private final String uri;
  private final Schema schema;
  private final BufferAllocator allocator = new RootAllocator();
  private final Session session = Session.builder().build();
  private Dataset head;
  private long version;
  private long appended;

  private RawLanceTable(String uri, Schema schema) {
    this.uri = uri;
    this.schema = schema;
  }

  /** Creates an empty table at {@code folder} (which must not exist yet), as the engine does. */
  static RawLanceTable create(Path folder) {
    RawLanceTable table = new RawLanceTable(folder.toAbsolutePath().toString(), personSchema());
    table.head =
        Dataset.write()
            .allocator(table.allocator)
            .uri(table.uri)
            .schema(table.schema)
            .mode(WriteParams.WriteMode.CREATE)
            .session(table.session)
            .execute();
    table.version = table.head.version();
    return table;
  }

  /**
   * The Arrow schema the engine gives {@code Person}: built by the engine's own code from the bench
   * schema, so the two tables cannot drift apart.
   */
  static Schema personSchema() {
    Catalog catalog =
        SchemaCompiler.catalog(
            SchemaCompiler.initialIr(
                SchemaCompiler.shape(SourceText.of("bench.pg", BenchSchema.SOURCE)),
                "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
    return ArrowSchemas.node(catalog.node(BenchSchema.PERSON).orElseThrow());
  }

  /**
   * Appends one row as a detached version built on the previous one, committing on the handle the
   * previous commit returned (Fragment.write, Append, CommitBuilder.detached): the cheapest chain.
   */
  void appendOneRowChained(String id) {
    try (VectorSchemaRoot row = oneRow(id)) {
      List<FragmentMetadata> fragments =
          Fragment.write().datasetUri(uri).allocator(allocator).data(row).execute();
      Dataset next = commitDetached(head, fragments);
      head.close();
      head = next;
      version = next.version();
    }
    appended++;
  }

  /**
   * Appends one row as a detached version built on the previous one, opening that version first
   * with the shared session, as an engine that keeps no handle between commits must.
   */
  void appendOneRowReopened(String id) {
    try (VectorSchemaRoot row = oneRow(id);
        Dataset base = openAt(version)) {
      List<FragmentMetadata> fragments =
          Fragment.write().datasetUri(uri).allocator(allocator).data(row).execute();
      try (Dataset next = commitDetached(base, fragments)) {
        version = next.version();
      }
    }
    appended++;
  }

  /** The rows at the newest detached version, counted by Lance. */
  long countRows() {
    try (Dataset at = openAt(version)) {
      return at.countRows();
    }
  }

  /** How many rows this handle appended. */
  long appended() {
    return appended;
  }

  /**
   * Opens {@code relativePath} under {@code root} at {@code version} (unsigned decimal) with a
   * fresh allocator and session and counts its rows: the least a cold process reads to see one
   * table.
   */
  static long countRowsOnce(Path root, String relativePath, String version) {
    String uri = root.toAbsolutePath().resolve(relativePath).toString();
    try (BufferAllocator allocator = new RootAllocator();
        Dataset at =
            Dataset.open()
                .allocator(allocator)
                .uri(uri)
                .readOptions(
                    new ReadOptions.Builder().setVersion(Long.parseUnsignedLong(version)).build())
                .build()) {
      return at.countRows();
    }
  }

  @Override
  public void close() {
    try (allocator;
        session) {
      if (head != null) {
        head.close();
      }
    }
  }

  private Dataset openAt(long at) {
    return Dataset.open()
        .allocator(allocator)
        .uri(uri)
        .readOptions(new ReadOptions.Builder().setVersion(at).setSession(session).build())
        .build();
  }

  private static Dataset commitDetached(Dataset base, List<FragmentMetadata> fragments) {
    try (Transaction txn =
        new Transaction.Builder()
            .readVersion(base.version())
            .operation(Append.builder().fragments(fragments).build())
            .build()) {
      return new CommitBuilder(base).detached(true).maxRetries(0).execute(txn);
    }
  }

  private VectorSchemaRoot oneRow(String id) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      root.allocateNew();
      ((VarCharVector) root.getVector("id")).setSafe(0, id.getBytes(StandardCharsets.UTF_8));
      ((VarCharVector) root.getVector("name"))
          .setSafe(0, ("name-" + id).getBytes(StandardCharsets.UTF_8));
      ((IntVector) root.getVector("age")).setSafe(0, 30);
      root.setRowCount(1);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }
}

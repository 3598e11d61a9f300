package dev.omnigraph.bench;

import dev.omnigraph.engine.table.ArrowSchemas;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.CommitBuilder;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.ReadOptions;
import org.lance.Session;
import org.lance.Transaction;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.operation.Append;

/**
 * The raw Lance baseline of the load and read benchmarks: what each engine operation on the {@link
 * SocialGraph} reduces to when done with Lance alone, on tables of exactly the engine's Arrow
 * schemas. A load writes the rows as fragments of a fixed batch size and commits each table once; a
 * read opens the table versions it is given (the engine's own, so both read the same files) with
 * one shared session and answers with filtered, projected scans and a little Java. This and {@link
 * RawLanceTable} are the only bench code that touches Lance directly.
 */
final class RawLanceGraph implements AutoCloseable {
  /** Rows per written fragment: the engine's default load batch. */
  static final int BATCH_ROWS = 8192;

  private final BufferAllocator allocator = new RootAllocator();
  private final Session session = Session.builder().build();
  private final Table users;
  private final Table follows;

  /** One table at one version: an absolute folder and a Lance version. */
  record Table(Path folder, long version) {}

  /** The top of the followers ranking and every user's follower count it was taken from. */
  record Ranking(List<String> names, List<Long> followers, Map<String, Long> all) {}

  /** Reads the two tables at the given versions. */
  RawLanceGraph(Table users, Table follows) {
    this.users = users;
    this.follows = follows;
  }

  /** The Arrow schemas the engine gives {@code User} and {@code Follows}, from its own code. */
  static Schema[] schemas() {
    Catalog catalog =
        SchemaCompiler.catalog(
            SchemaCompiler.initialIr(
                SchemaCompiler.shape(SourceText.of("social.pg", SocialGraph.SCHEMA)),
                "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
    return new Schema[] {
      ArrowSchemas.node(catalog.node(SocialGraph.USER).orElseThrow()),
      ArrowSchemas.edge(catalog.edge(SocialGraph.FOLLOWS).orElseThrow())
    };
  }

  /**
   * Writes {@code graph} into two new tables under {@code folder} (which must not exist yet) the
   * least way Lance allows: fragments of {@link #BATCH_ROWS} rows, then one append commit per
   * table. Edge ids are plain counters, where the engine makes ULIDs.
   */
  static RawLanceGraph load(SocialGraph graph, Path folder) {
    Schema[] schemas = schemas();
    try (BufferAllocator allocator = new RootAllocator()) {
      Table users =
          writeTable(
              allocator,
              folder.resolve("users.lance"),
              schemas[0],
              root -> {
                VarCharVector id = (VarCharVector) root.getVector("id");
                VarCharVector name = (VarCharVector) root.getVector("name");
                IntVector age = (IntVector) root.getVector("age");
                VarCharVector city = (VarCharVector) root.getVector("city");
                return new BatchFiller() {
                  int next;

                  @Override
                  public boolean fill(int row) {
                    if (next == graph.users()) {
                      return false;
                    }
                    byte[] key = utf8(SocialGraph.name(next));
                    id.setSafe(row, key);
                    name.setSafe(row, key);
                    age.setSafe(row, SocialGraph.age(next));
                    city.setSafe(row, utf8(SocialGraph.city(next)));
                    next++;
                    return true;
                  }
                };
              });
      Table follows =
          writeTable(
              allocator,
              folder.resolve("follows.lance"),
              schemas[1],
              root -> {
                VarCharVector id = (VarCharVector) root.getVector("id");
                VarCharVector src = (VarCharVector) root.getVector("src");
                VarCharVector dst = (VarCharVector) root.getVector("dst");
                return new BatchFiller() {
                  int source;
                  int[] targets = graph.follows(0);
                  int at;
                  long edge;

                  @Override
                  public boolean fill(int row) {
                    while (at == targets.length) {
                      if (++source == graph.users()) {
                        return false;
                      }
                      targets = graph.follows(source);
                      at = 0;
                    }
                    id.setSafe(row, utf8("e" + edge++));
                    src.setSafe(row, utf8(SocialGraph.name(source)));
                    dst.setSafe(row, utf8(SocialGraph.name(targets[at++])));
                    return true;
                  }
                };
              });
      return new RawLanceGraph(users, follows);
    }
  }

  /** Fills one row of the current batch, or returns false when there are no more rows. */
  private interface BatchFiller {
    boolean fill(int row);
  }

  private static Table writeTable(
      BufferAllocator allocator,
      Path folder,
      Schema schema,
      java.util.function.Function<VectorSchemaRoot, BatchFiller> rows) {
    String uri = folder.toAbsolutePath().toString();
    List<FragmentMetadata> fragments = new ArrayList<>();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        Dataset empty =
            Dataset.write()
                .allocator(allocator)
                .uri(uri)
                .schema(schema)
                .mode(WriteParams.WriteMode.CREATE)
                .execute()) {
      BatchFiller filler = rows.apply(root);
      boolean more = true;
      while (more) {
        root.allocateNew();
        int count = 0;
        while (count < BATCH_ROWS && (more = filler.fill(count))) {
          count++;
        }
        if (count > 0) {
          root.setRowCount(count);
          fragments.addAll(
              Fragment.write().datasetUri(uri).allocator(allocator).data(root).execute());
        }
      }
      try (Transaction txn =
              new Transaction.Builder()
                  .readVersion(empty.version())
                  .operation(Append.builder().fragments(fragments).build())
                  .build();
          Dataset committed = new CommitBuilder(empty).execute(txn)) {
        return new Table(folder.toAbsolutePath(), committed.version());
      }
    }
  }

  /** The user named {@code name} as (name, age, city) rows: a filtered scan of the user table. */
  List<List<Object>> userByKey(String name) {
    List<List<Object>> rows = new ArrayList<>();
    scan(
        users,
        List.of("name", "age", "city"),
        "name = " + quote(name),
        batch -> {
          VarCharVector names = (VarCharVector) batch.getVector("name");
          IntVector ages = (IntVector) batch.getVector("age");
          VarCharVector cities = (VarCharVector) batch.getVector("city");
          for (int r = 0; r < batch.getRowCount(); r++) {
            rows.add(List.of(string(names, r), ages.get(r), string(cities, r)));
          }
        });
    return rows;
  }

  /**
   * The names of the users {@code name} follows who are older than {@code age}, sorted: a scan of
   * the edges leaving {@code name}, then a scan of those users with the age filter.
   */
  List<String> followsOlder(String name, int age) {
    List<String> targets = targets(List.of(name));
    return olderAmong(targets, age);
  }

  /**
   * The names at the end of every two-step follows path from {@code name} whose last user is older
   * than {@code age}, one per path, sorted: two edge scans and one filtered user scan.
   */
  List<String> followsOfFollowsOlder(String name, int age) {
    List<String> middle = targets(List.of(name));
    List<String> ends = middle.isEmpty() ? List.of() : targets(middle);
    return olderAmong(ends, age);
  }

  /** How many users follow nobody: the edge sources as a set, then a scan of every user id. */
  long followsNobody() {
    Set<String> sources = new HashSet<>();
    scan(
        follows,
        List.of("src"),
        null,
        batch -> {
          VarCharVector src = (VarCharVector) batch.getVector("src");
          for (int r = 0; r < batch.getRowCount(); r++) {
            sources.add(string(src, r));
          }
        });
    long[] nobody = {0};
    scan(
        users,
        List.of("id"),
        null,
        batch -> {
          VarCharVector id = (VarCharVector) batch.getVector("id");
          for (int r = 0; r < batch.getRowCount(); r++) {
            if (!sources.contains(string(id, r))) {
              nobody[0]++;
            }
          }
        });
    return nobody[0];
  }

  /**
   * The {@code limit} most followed users (most followers first, then by name): a scan of the edge
   * targets counted in a hash map, then the top of the counts.
   */
  Ranking mostFollowed(int limit) {
    Map<String, Long> counts = new HashMap<>();
    scan(
        follows,
        List.of("dst"),
        null,
        batch -> {
          VarCharVector dst = (VarCharVector) batch.getVector("dst");
          for (int r = 0; r < batch.getRowCount(); r++) {
            counts.merge(string(dst, r), 1L, Long::sum);
          }
        });
    List<Map.Entry<String, Long>> top =
        counts.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(limit)
            .toList();
    return new Ranking(
        top.stream().map(Map.Entry::getKey).toList(),
        top.stream().map(Map.Entry::getValue).toList(),
        counts);
  }

  @Override
  public void close() {
    try (allocator;
        session) {
      // Closing both, allocator last: nothing of this handle outlives it.
    }
  }

  private List<String> targets(List<String> sources) {
    List<String> targets = new ArrayList<>();
    scan(
        follows,
        List.of("dst"),
        "src IN (" + quoteAll(sources) + ")",
        batch -> {
          VarCharVector dst = (VarCharVector) batch.getVector("dst");
          for (int r = 0; r < batch.getRowCount(); r++) {
            targets.add(string(dst, r));
          }
        });
    return targets;
  }

  private List<String> olderAmong(List<String> candidates, int age) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<String> older = new HashSet<>();
    String ids = quoteAll(new HashSet<>(candidates));
    scan(
        users,
        List.of("id"),
        "id IN (" + ids + ") AND age > " + age,
        batch -> {
          VarCharVector id = (VarCharVector) batch.getVector("id");
          for (int r = 0; r < batch.getRowCount(); r++) {
            older.add(string(id, r));
          }
        });
    return candidates.stream().filter(older::contains).sorted().toList();
  }

  @SuppressWarnings("try") // LanceScanner.close() is declared to throw Exception.
  private void scan(
      Table table, List<String> columns, String filter, Consumer<VectorSchemaRoot> batches) {
    ReadOptions options =
        new ReadOptions.Builder().setVersion(table.version()).setSession(session).build();
    ScanOptions.Builder scan = new ScanOptions.Builder().columns(columns);
    if (filter != null) {
      scan.filter(filter);
    }
    try (Dataset ds =
            Dataset.open()
                .allocator(allocator)
                .uri(table.folder().toString())
                .readOptions(options)
                .build();
        LanceScanner scanner = ds.newScan(scan.build());
        ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        batches.accept(reader.getVectorSchemaRoot());
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("raw scan of " + table.folder() + " failed", e);
    }
  }

  private static String quoteAll(java.util.Collection<String> values) {
    return values.stream().map(RawLanceGraph::quote).collect(Collectors.joining(", "));
  }

  // Generated names are letters and digits; doubling quotes keeps any other name a literal.
  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String string(VarCharVector vector, int row) {
    return new String(vector.get(row), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}

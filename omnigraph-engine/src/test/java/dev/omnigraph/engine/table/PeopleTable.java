package dev.omnigraph.engine.table;

import dev.omnigraph.engine.log.TableVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.ReadOptions;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import org.lance.ipc.ScanStats;

/**
 * A person table for the maintenance tests ({@code id}, {@code name}, {@code age}, a 4-float {@code
 * emb} vector), its rows, and direct Lance access to check what the API does not show.
 */
final class PeopleTable {
  static final String PATH = "tables/people-1";
  static final int DIMENSION = 4;
  static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
              Field.nullable("name", ArrowType.Utf8.INSTANCE),
              Field.nullable("age", new ArrowType.Int(32, true)),
              new Field(
                  "emb",
                  FieldType.nullable(new ArrowType.FixedSizeList(DIMENSION)),
                  List.of(
                      Field.nullable(
                          "item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))))));

  private PeopleTable() {}

  /** One row; {@code emb} may be null. */
  record Person(String id, String name, int age, List<Float> emb) {
    /** The row as {@link Tables#scan} returns it. */
    Map<String, Object> asScanned() {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      row.put("name", name);
      row.put("age", age);
      row.put("emb", emb);
      return row;
    }

    Person renamed(String newName) {
      return new Person(id, newName, age, emb);
    }

    Person withoutVector() {
      return new Person(id, name, age, null);
    }
  }

  /** Person {@code i}: id {@code p<i>}, a name with a shared word and a unique one, a vector. */
  static Person person(int i) {
    return new Person("p" + i, "person number" + i + " common", i, vector(i));
  }

  static List<Person> people(int from, int count) {
    List<Person> people = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      people.add(person(i));
    }
    return people;
  }

  static List<Float> vector(int i) {
    return List.of(
        (float) Math.sin(i),
        (float) Math.cos(i),
        (float) Math.sin(2.0 * i),
        (float) Math.cos(3.0 * i));
  }

  static VectorSchemaRoot batch(BufferAllocator allocator, List<Person> people) {
    VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
    try {
      batch.allocateNew();
      VarCharVector id = (VarCharVector) batch.getVector("id");
      VarCharVector name = (VarCharVector) batch.getVector("name");
      IntVector age = (IntVector) batch.getVector("age");
      FixedSizeListVector emb = (FixedSizeListVector) batch.getVector("emb");
      Float4Vector items = (Float4Vector) emb.getDataVector();
      for (int r = 0; r < people.size(); r++) {
        Person p = people.get(r);
        id.setSafe(r, p.id().getBytes(StandardCharsets.UTF_8));
        name.setSafe(r, p.name().getBytes(StandardCharsets.UTF_8));
        age.setSafe(r, p.age());
        if (p.emb() == null) {
          emb.setNull(r);
        } else {
          emb.setNotNull(r);
          for (int d = 0; d < DIMENSION; d++) {
            items.setSafe(r * DIMENSION + d, p.emb().get(d));
          }
        }
      }
      emb.setValueCount(people.size());
      batch.setRowCount(people.size());
      return batch;
    } catch (RuntimeException e) {
      batch.close();
      throw e;
    }
  }

  static TableVersion append(Tables tables, TableVersion base, List<Person> people) {
    try (VectorSchemaRoot batch = batch(tables.allocator(), people)) {
      return tables.append(base, batch);
    }
  }

  static Upserted upsert(Tables tables, TableVersion base, List<Person> people) {
    try (VectorSchemaRoot batch = batch(tables.allocator(), people)) {
      return tables.upsert(base, "id", batch);
    }
  }

  /** Opens {@code v} straight through Lance, with its own allocator the caller closes. */
  static Dataset openAt(BufferAllocator allocator, Path root, TableVersion v) {
    return Dataset.open()
        .allocator(allocator)
        .uri(root.resolve(v.path()).toString())
        .readOptions(new ReadOptions.Builder().setVersion(v.lanceVersion()).build())
        .build();
  }

  /** The table's head as any Lance tool sees it: version, latest version, version count. */
  record Head(long version, long latest, int versions) {}

  static Head head(Path root) {
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = Dataset.open().allocator(a).uri(root.resolve(PATH).toString()).build()) {
      return new Head(ds.version(), ds.latestVersion(), ds.listVersions().size());
    }
  }

  /** The ids a scan returned, in order, and Lance's statistics of how it ran. */
  record Scanned(List<String> ids, ScanStats stats) {
    long rows() {
      return ids.size();
    }

    long rowsScanned() {
      return stats.getAllCounts().getOrDefault("rows_scanned", -1L);
    }
  }

  /** Runs {@code options} (which must project {@code id}) on {@code v} straight through Lance. */
  // "try": LanceScanner.close() is declared to throw Exception; test code lets it propagate.
  @SuppressWarnings("try")
  static Scanned scan(Path root, TableVersion v, ScanOptions options) throws Exception {
    try (BufferAllocator a = new RootAllocator();
        Dataset ds = openAt(a, root, v);
        LanceScanner scanner = ds.newScan(options);
        ArrowReader reader = scanner.scanBatches()) {
      List<String> ids = new ArrayList<>();
      while (reader.loadNextBatch()) {
        VarCharVector id = (VarCharVector) reader.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < id.getValueCount(); i++) {
          ids.add(new String(id.get(i), StandardCharsets.UTF_8));
        }
      }
      return new Scanned(List.copyOf(ids), scanner.getStats().orElseThrow());
    }
  }
}

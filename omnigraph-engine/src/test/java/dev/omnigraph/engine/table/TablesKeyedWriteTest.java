package dev.omnigraph.engine.table;

import static dev.omnigraph.engine.table.PeopleTable.append;
import static dev.omnigraph.engine.table.PeopleTable.people;
import static dev.omnigraph.engine.table.PeopleTable.person;
import static dev.omnigraph.engine.table.PeopleTable.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.PeopleTable.Person;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesKeyedWriteTest {
  @TempDir Path root;
  private Tables tables;
  private TableVersion empty;

  @BeforeEach
  void open() {
    tables = new Tables(root.toString(), Map.of());
    empty = tables.create(PeopleTable.PATH, PeopleTable.SCHEMA);
  }

  /** Closing checks the allocator: a leaked Arrow buffer fails the test right here. */
  @AfterEach
  void closeAndCheckForLeaks() {
    tables.close();
  }

  @Test
  void upsertReplacesRowsByKeyAndInsertsNewKeys() {
    // Two fragments: p0..p2, then p3..p4.
    TableVersion base = append(tables, append(tables, empty, people(0, 3)), people(3, 2));

    Person p1 = person(1).renamed("Renamed One");
    Person p4 = person(4).withoutVector();
    Person p9 = person(9);
    Upserted up = upsert(tables, base, List.of(p1, p4, p9));

    assertThat(up.replaced()).isEqualTo(2);
    assertThat(up.inserted()).isEqualTo(1);
    assertThat(rows(up.version()))
        .containsExactlyElementsOf(sorted(List.of(person(0), p1, person(2), person(3), p4, p9)));
    assertThat(rows(base)).containsExactlyElementsOf(sorted(people(0, 5)));
  }

  @Test
  void upsertOfEveryRowOfAFragmentRemovesTheFragment() {
    TableVersion base = append(tables, append(tables, empty, people(0, 3)), people(3, 1));
    assertThat(tables.stats(base)).isEqualTo(new TableStats(2, 4, 0));

    Upserted up = upsert(tables, base, List.of(person(3).renamed("new"), person(1).renamed("x")));

    // Fragment 1 (only p3) is gone, fragment 0 keeps a deletion for p1, one new fragment holds
    // both.
    assertThat(tables.stats(up.version())).isEqualTo(new TableStats(2, 4, 1));
    assertThat(rows(up.version()))
        .containsExactlyElementsOf(
            sorted(
                List.of(person(0), person(1).renamed("x"), person(2), person(3).renamed("new"))));
  }

  @Test
  void upsertIntoAnEmptyTableInsertsEverything() {
    Upserted up = upsert(tables, empty, people(0, 3));

    assertThat(up.replaced()).isZero();
    assertThat(up.inserted()).isEqualTo(3);
    assertThat(rows(up.version())).containsExactlyElementsOf(sorted(people(0, 3)));
  }

  @Test
  void upsertAndDeleteKeysAreDetachedAndOpenTheBaseOnce() {
    TableVersion base = append(tables, empty, people(0, 3));
    long opens = tables.opens();

    Upserted up = upsert(tables, base, List.of(person(1).renamed("r")));
    assertThat(tables.opens()).isEqualTo(opens + 1);
    Deleted del = tables.deleteKeys(up.version(), "id", List.of("p2"));
    assertThat(tables.opens()).isEqualTo(opens + 2);

    assertThat(up.version()).isNotEqualTo(base);
    assertThat(del.version()).isNotEqualTo(up.version());
    assertThat(up.version().lanceVersion()).isNegative();
    assertThat(del.version().lanceVersion()).isNegative();
    assertThat(PeopleTable.head(root)).isEqualTo(new PeopleTable.Head(1, 1, 1));
  }

  @Test
  void emptyInputsReturnTheBaseWithoutOpeningIt() {
    TableVersion base = append(tables, empty, people(0, 2));
    long opens = tables.opens();

    try (VectorSchemaRoot none = PeopleTable.batch(tables.allocator(), List.of())) {
      assertThat(tables.upsert(base, "id", none)).isEqualTo(new Upserted(base, 0, 0));
    }
    assertThat(tables.deleteKeys(base, "id", List.of())).isEqualTo(new Deleted(base, 0));
    assertThat(tables.opens()).isEqualTo(opens);
  }

  @Test
  void deleteKeysMatchesKeysWithQuotesAndSqlExactly() {
    List<String> keys =
        List.of("o'brien", "x') OR ('1'='1", "say \"hi\"", "back\\slash", "%", "50% off", "plain");
    List<Person> rows = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      rows.add(new Person(keys.get(i), "n" + i, i, null));
    }
    TableVersion base = append(tables, empty, rows);

    // Each of these would widen or break a naively built SQL filter.
    Deleted del = tables.deleteKeys(base, "id", List.of("o'brien", "x') OR ('1'='1", "%"));

    assertThat(del.rows()).isEqualTo(3);
    assertThat(ids(del.version()))
        .containsExactlyInAnyOrder("say \"hi\"", "back\\slash", "50% off", "plain");
    assertThat(tables.deleteKeys(base, "id", List.of("' OR '1'='1", "o'brien'")))
        .isEqualTo(new Deleted(base, 0));
  }

  @Test
  void deleteKeysRemovesEmptiedFragmentsAndCountsRows() {
    TableVersion base = append(tables, append(tables, empty, people(0, 3)), people(3, 2));

    Deleted del = tables.deleteKeys(base, "id", List.of("p3", "p4", "p0", "nobody"));

    assertThat(del.rows()).isEqualTo(3);
    assertThat(ids(del.version())).containsExactlyInAnyOrder("p1", "p2");
    assertThat(tables.stats(del.version())).isEqualTo(new TableStats(1, 2, 1));
  }

  @Test
  void deleteKeysRefusesANullKey() {
    TableVersion base = append(tables, empty, people(0, 1));
    List<String> withNull = new ArrayList<>();
    withNull.add(null);

    assertThatThrownBy(() -> tables.deleteKeys(base, "id", withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
  }

  @Test
  void upsertRefusesAKeyGivenTwice() {
    TableVersion base = append(tables, empty, people(0, 2));

    assertInvalid(
        () -> upsert(tables, base, List.of(person(5), person(1), person(5).renamed("again"))),
        "key 'p5' appears more than once");
    assertThat(rows(base)).containsExactlyElementsOf(sorted(people(0, 2)));
  }

  @Test
  void keyedWritesRefuseAMissingOrNonStringKeyColumn() {
    TableVersion base = append(tables, empty, people(0, 2));

    try (VectorSchemaRoot batch = PeopleTable.batch(tables.allocator(), people(0, 1))) {
      assertInvalid(() -> tables.upsert(base, "nope", batch), "no key column 'nope'");
      assertInvalid(() -> tables.upsert(base, "age", batch), "key column 'age' is Int");
    }
    assertInvalid(() -> tables.deleteKeys(base, "emb", List.of("x")), "key column 'emb'");
  }

  @Test
  void rowsWithOtherColumnsAreRefusedByUpsertAndAppend() {
    TableVersion base = append(tables, empty, people(0, 2));
    Schema reordered =
        new Schema(
            List.of(
                new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                Field.nullable("age", new ArrowType.Int(32, true)),
                Field.nullable("name", ArrowType.Utf8.INSTANCE),
                PeopleTable.SCHEMA.findField("emb")));

    try (VectorSchemaRoot batch = VectorSchemaRoot.create(reordered, tables.allocator())) {
      batch.allocateNew();
      batch.setRowCount(1);
      ((org.apache.arrow.vector.VarCharVector) batch.getVector("id")).setSafe(0, new byte[] {'z'});
      assertInvalid(() -> tables.upsert(base, "id", batch), "column 2 is 'age'");
      assertInvalid(() -> tables.append(base, batch), "column 2 is 'age'");
    }
    assertThat(rows(base)).containsExactlyElementsOf(sorted(people(0, 2)));
  }

  static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            TableException.class, e -> assertThat(e.kind()).isEqualTo(TableException.Kind.INVALID))
        .hasMessageContaining(message)
        .hasMessageContaining(PeopleTable.PATH);
  }

  private List<Map<String, Object>> rows(TableVersion v) {
    return tables.scan(v, List.of(), Optional.empty()).stream()
        .sorted(Comparator.comparing(r -> (String) r.get("id")))
        .toList();
  }

  private static List<Map<String, Object>> sorted(List<Person> people) {
    return people.stream().sorted(Comparator.comparing(Person::id)).map(Person::asScanned).toList();
  }

  private List<String> ids(TableVersion v) {
    return tables.scan(v, List.of("id"), Optional.empty()).stream()
        .map(r -> (String) r.get("id"))
        .toList();
  }
}

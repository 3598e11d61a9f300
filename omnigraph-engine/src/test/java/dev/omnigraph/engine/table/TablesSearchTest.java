package dev.omnigraph.engine.table;

import static dev.omnigraph.engine.table.PeopleTable.append;
import static dev.omnigraph.engine.table.PeopleTable.people;
import static dev.omnigraph.engine.table.TablesKeyedWriteTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.omnigraph.engine.log.TableVersion;
import dev.omnigraph.engine.table.IndexSpec.VectorMetric;
import dev.omnigraph.engine.table.PeopleTable.Person;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nearest-neighbour and full-text searches of a table version: exact whatever the indexes, scoped
 * by a storage filter applied before the search, and refused without the index full text needs.
 */
class TablesSearchTest {
  private static final IndexSpec NAME = new IndexSpec.FullText("name_idx", "name");
  private static final IndexSpec L2 = new IndexSpec.Vector("emb_idx", "emb", VectorMetric.L2);

  @TempDir Path root;
  private Tables tables;
  private TableVersion empty;

  @BeforeEach
  void open() {
    tables = new Tables(root.toString(), Map.of());
    empty = tables.create(PeopleTable.PATH, PeopleTable.SCHEMA);
  }

  @AfterEach
  void closeAndCheckForLeaks() {
    tables.close();
  }

  /** 200 rows in two fragments. */
  private TableVersion twoHundred() {
    return append(tables, append(tables, empty, people(0, 100)), people(100, 100));
  }

  /** Ids with their distance or score, in the order the scan gave them. */
  private Map<String, Float> nearest(TableVersion v, Optional<ScanFilter> filter, int of, int k) {
    Map<String, Float> found = new LinkedHashMap<>();
    tables.nearestBatches(
        v,
        List.of("id"),
        filter,
        new NearestQuery("emb", PeopleTable.vector(of), VectorMetric.L2, k),
        batch -> collect(batch, Tables.DISTANCE_COLUMN, found));
    return found;
  }

  private Map<String, Float> text(TableVersion v, Optional<ScanFilter> filter, TextQuery query) {
    Map<String, Float> found = new LinkedHashMap<>();
    tables.fullTextBatches(
        v, List.of("id"), filter, query, batch -> collect(batch, Tables.SCORE_COLUMN, found));
    return found;
  }

  private static void collect(
      org.apache.arrow.vector.VectorSchemaRoot batch, String score, Map<String, Float> into) {
    VarCharVector ids = (VarCharVector) batch.getVector("id");
    Float4Vector scores = (Float4Vector) batch.getVector(score);
    for (int i = 0; i < batch.getRowCount(); i++) {
      into.put(new String(ids.get(i), StandardCharsets.UTF_8), scores.get(i));
    }
  }

  /**
   * The {@code k} people of {@code rows} nearest person {@code of}, by squared L2, computed here.
   */
  private static List<String> bruteForce(List<Person> rows, int of, int k) {
    List<Float> q = PeopleTable.vector(of);
    return rows.stream()
        .filter(p -> p.emb() != null)
        .sorted(Comparator.comparingDouble(p -> squaredL2(p.emb(), q)))
        .limit(k)
        .map(Person::id)
        .toList();
  }

  private static double squaredL2(List<Float> a, List<Float> b) {
    double sum = 0;
    for (int d = 0; d < a.size(); d++) {
      double diff = a.get(d) - b.get(d);
      sum += diff * diff;
    }
    return sum;
  }

  private static List<String> byDistance(Map<String, Float> found) {
    return found.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .toList();
  }

  @Test
  void nearestIsExactWithoutAnIndexWithOneAndWithAStaleOne() {
    TableVersion plain = twoHundred();
    List<String> expected = bruteForce(people(0, 200), 37, 10);

    Map<String, Float> scanned = nearest(plain, Optional.empty(), 37, 10);
    TableVersion indexed = tables.buildIndex(plain, L2).version();
    Map<String, Float> viaIndex = nearest(indexed, Optional.empty(), 37, 10);

    assertThat(byDistance(scanned)).isEqualTo(expected);
    assertThat(viaIndex).isEqualTo(scanned);
    assertThat(scanned.get("p37")).isZero();
    assertThat((double) scanned.get(expected.get(1)))
        .isCloseTo(
            squaredL2(
                PeopleTable.vector(37),
                PeopleTable.vector(Integer.parseInt(expected.get(1).substring(1)))),
            within(1e-5));

    // Rows appended after the build are not in the index; the search still finds them.
    TableVersion stale = append(tables, indexed, people(200, 20));
    assertThat(byDistance(nearest(stale, Optional.empty(), 211, 5)))
        .isEqualTo(bruteForce(people(0, 220), 211, 5));
  }

  @Test
  void aLargeIndexIsProbedInFullSoItNeverMissesANeighbour() {
    Random random = new Random(7);
    List<Person> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      List<Float> emb = new ArrayList<>();
      for (int d = 0; d < PeopleTable.DIMENSION; d++) {
        emb.add(random.nextFloat());
      }
      rows.add(new Person("p" + i, "person number" + i, i, emb));
    }
    TableVersion v = tables.buildIndex(append(tables, empty, rows), L2).version();
    assertThat(TableIndexes.ivfPartitions(3000)).isGreaterThan(50);

    for (int of = 0; of < 3000; of += 150) {
      List<Float> q = rows.get(of).emb();
      Map<String, Float> found = new LinkedHashMap<>();
      tables.nearestBatches(
          v,
          List.of("id"),
          Optional.empty(),
          new NearestQuery("emb", q, VectorMetric.L2, 600),
          batch -> collect(batch, Tables.DISTANCE_COLUMN, found));
      List<String> expected =
          rows.stream()
              .sorted(Comparator.comparingDouble(p -> squaredL2(p.emb(), q)))
              .limit(600)
              .map(Person::id)
              .toList();
      assertThat(byDistance(found)).as("neighbours of p%d", of).isEqualTo(expected);
    }
  }

  @Test
  void aStorageFilterScopesTheSearchBeforeItRanks() {
    TableVersion v = tables.buildIndex(twoHundred(), L2).version();
    ScanFilter old =
        new ScanFilter.Compare("age", ScanFilter.Comparison.GE, new ScanFilter.Int(190));

    Map<String, Float> found = nearest(v, Optional.of(old), 37, 5);

    assertThat(byDistance(found)).isEqualTo(bruteForce(people(190, 10), 37, 5));
  }

  @Test
  void anIndexBuiltForAnotherMetricIsNotUsed() {
    TableVersion plain = twoHundred();
    TableVersion cosine =
        tables
            .buildIndex(plain, new IndexSpec.Vector("emb_idx", "emb", VectorMetric.COSINE))
            .version();

    assertThat(nearest(cosine, Optional.empty(), 5, 10))
        .isEqualTo(nearest(plain, Optional.empty(), 5, 10));
  }

  @Test
  void rowsWithoutAVectorAreNeverFound() {
    List<Person> rows = new ArrayList<>(people(0, 5));
    rows.add(PeopleTable.person(5).withoutVector());
    TableVersion v = append(tables, empty, rows);

    assertThat(nearest(v, Optional.empty(), 0, 50).keySet())
        .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4");
    assertThat(nearest(empty, Optional.empty(), 0, 3)).isEmpty();
  }

  @Test
  void aNearestQueryMustFitTheColumn() {
    TableVersion v = twoHundred();
    assertInvalid(
        () ->
            tables.nearestBatches(
                v,
                List.of("id"),
                Optional.empty(),
                new NearestQuery("emb", List.of(1f, 2f), VectorMetric.L2, 3),
                batch -> {}),
        "holds vectors of 4 components, and the query has 2");
    assertInvalid(
        () ->
            tables.nearestBatches(
                v,
                List.of("id"),
                Optional.empty(),
                new NearestQuery("name", List.of(1f), VectorMetric.L2, 3),
                batch -> {}),
        "needs a fixed-size float vector column");
    assertThatThrownBy(() -> new NearestQuery("emb", List.of(Float.NaN), VectorMetric.L2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> new NearestQuery("emb", List.of(1f), VectorMetric.L2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k >= 1");
  }

  @Test
  void fullTextFindsEveryMatchWithItsScore() {
    TableVersion v = tables.buildIndex(twoHundred(), NAME).version();
    long opens = tables.opens();

    Map<String, Float> all = text(v, Optional.empty(), new TextQuery.Match("name", "COMMON"));
    Map<String, Float> one = text(v, Optional.empty(), new TextQuery.Match("name", "number42"));
    Map<String, Float> either =
        text(v, Optional.empty(), new TextQuery.Match("name", "number42 number7 absent"));

    assertThat(tables.opens()).isEqualTo(opens + 3);
    assertThat(all).hasSize(200);
    assertThat(one.keySet()).containsExactly("p42");
    assertThat(either.keySet()).containsExactlyInAnyOrder("p42", "p7");
    // A rare word weighs more than one every row has.
    assertThat(one.get("p42")).isGreaterThan(all.get("p42"));
    assertThat(text(v, Optional.empty(), new TextQuery.Match("name", "!?"))).isEmpty();
  }

  @Test
  void aStorageFilterScopesAFullTextSearch() {
    TableVersion v = tables.buildIndex(twoHundred(), NAME).version();
    ScanFilter young =
        new ScanFilter.Compare("age", ScanFilter.Comparison.LT, new ScanFilter.Int(5));

    assertThat(text(v, Optional.of(young), new TextQuery.Match("name", "common")).keySet())
        .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4");
  }

  @Test
  void fullTextNeedsTheColumnsIndexUnlessTheColumnHoldsNoText() {
    TableVersion plain = twoHundred();
    assertThatThrownBy(() -> text(plain, Optional.empty(), new TextQuery.Match("name", "common")))
        .isInstanceOfSatisfying(
            TableException.class,
            e -> assertThat(e.kind()).isEqualTo(TableException.Kind.MISSING_INDEX))
        .hasMessageContaining("column 'name' has no full-text index");

    assertThat(text(empty, Optional.empty(), new TextQuery.Match("name", "common"))).isEmpty();
    assertInvalid(
        () -> text(plain, Optional.empty(), new TextQuery.Match("age", "common")),
        "full-text search needs a string column");
  }

  @Test
  void rowsWrittenAfterTheIndexMatchButFuzzyNeedsFullCoverage() {
    TableVersion indexed = tables.buildIndex(twoHundred(), NAME).version();
    TableVersion stale = append(tables, indexed, people(200, 3));

    assertThat(text(stale, Optional.empty(), new TextQuery.Match("name", "number201")).keySet())
        .containsExactly("p201");
    assertThat(text(stale, Optional.empty(), new TextQuery.Match("name", "common"))).hasSize(203);
    assertThatThrownBy(
            () -> text(stale, Optional.empty(), new TextQuery.Fuzzy("name", "numbr42", 1)))
        .isInstanceOfSatisfying(
            TableException.class,
            e -> assertThat(e.kind()).isEqualTo(TableException.Kind.MISSING_INDEX))
        .hasMessageContaining("does not cover rows written since it was built");

    TableVersion rebuilt = tables.buildIndex(stale, NAME).version();
    assertThat(text(rebuilt, Optional.empty(), new TextQuery.Fuzzy("name", "numbr201", 1)).keySet())
        .containsExactly("p201");
    assertThat(text(rebuilt, Optional.empty(), new TextQuery.Fuzzy("name", "numbr201", 0)))
        .isEmpty();
  }
}

package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stored IR is read strictly and validated: every mutation of a valid IR's JSON that breaks an
 * invariant is refused with a {@link CompileError} of the right kind, and nothing else escapes.
 */
class SchemaIrValidationTest {
  private static final String BASE_SOURCE = "/schema/ir-validation-base.pg";

  private static String baseJson() {
    return SchemaFixtures.initialIr(SchemaFixtures.resource(BASE_SOURCE)).toJson();
  }

  @Test
  void theBaseIsValidAndHasTheIdsTheTableAssumes() {
    SchemaIr ir = SchemaIr.fromJson(baseJson());
    assertThat(ir.nextIdentityId()).isEqualTo(16);
    assertThat(ir.iface("Named").orElseThrow().typeId()).isEqualTo(1);
    assertThat(ir.node("Company").orElseThrow().typeId()).isEqualTo(2);
    assertThat(ir.node("Person").orElseThrow().typeId()).isEqualTo(3);
    assertThat(ir.edge("WorksAt").orElseThrow().typeId()).isEqualTo(4);
    assertThat(ir.node("Person").orElseThrow().properties())
        .extracting(SchemaIr.Property::name, SchemaIr.Property::propertyId)
        .containsExactly(
            tuple("age", 7L),
            tuple("bio", 8L),
            tuple("embedding", 9L),
            tuple("name", 10L),
            tuple("status", 11L));
  }

  // ---- table of single mutations ----

  static Stream<Arguments> mutations() {
    return SchemaFixtures.table("/schema/ir-mutations.tsv", 6)
        .map(row ->
            Arguments.argumentSet(
                row[0], row[1], row[2], row[3], ErrorKind.valueOf(row[4]), row[5]));
  }

  @ParameterizedTest
  @MethodSource("mutations")
  void mutationIsRejected(String op, String path, String value, ErrorKind kind, String gist) {
    String base = baseJson();
    String mutated = mutate(base, op, path, value);
    assertThat(mutated).as("the mutation changes the text").isNotEqualTo(base);

    assertThatThrownBy(() -> SchemaIr.fromJson(mutated))
        .isInstanceOfSatisfying(
            CompileError.class,
            e -> {
              assertThat(e.kind()).as("kind of: %s", e.getMessage()).isEqualTo(kind);
              assertThat(e.getMessage()).startsWith(kind.prefix()).contains(gist);
            });
  }

  @Test
  void deeplyNestedJsonIsRejectedAsInvalidIr() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> SchemaIr.fromJson(deep))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_IR));
    String deepObject = "{\"ir_version\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_001);
    assertThatThrownBy(() -> SchemaIr.fromJson(deepObject))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_IR));
  }

  @Test
  void validateChecksAnIrBuiltInMemory() {
    SchemaIr ir = SchemaIr.fromJson(baseJson());
    SchemaIr stale = new SchemaIr(ir.identityDomain(), 15, ir.interfaces(), ir.nodes(), ir.edges());
    assertThatThrownBy(stale::validate)
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_IR));
    SchemaIr badDomain =
        new SchemaIr("not-a-ulid", ir.nextIdentityId(), ir.interfaces(), ir.nodes(), ir.edges());
    assertThatThrownBy(badDomain::validate)
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_DOMAIN));
  }

  @ParameterizedTest
  @ValueSource(strings = {"16", "17", "1000", "9223372036854775808", "18446744073709551615"})
  void anyHighWaterMarkAboveEveryIdIsValid(String next) {
    String json = mutate(baseJson(), "set", "/next_identity_id", next);
    SchemaIr ir = SchemaIr.fromJson(json);

    assertThat(Long.toUnsignedString(ir.nextIdentityId())).isEqualTo(next);
    assertThat(ir.toJson()).isEqualTo(json);
  }

  /**
   * Every number in the IR, replaced by each boundary value: the result is refused with a
   * CompileError or is a valid IR; no other exception escapes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"base", "everything.pg"})
  void everyNumberAtEveryBoundaryIsRejectedOrValid(String which) {
    String base =
        which.equals("base")
            ? baseJson()
            : SchemaFixtures.initialIr(SchemaFixtures.fixture(which)).toJson();
    List<Object> boundaries =
        List.of(
            0L,
            1L,
            -1L,
            2147483647L,
            2147483648L,
            4294967295L,
            4294967296L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            new BigInteger("9223372036854775808"),
            new BigInteger("18446744073709551615"),
            new BigInteger("18446744073709551616"),
            new BigInteger("-9223372036854775809"),
            0.5,
            -0.0,
            1e308);
    List<String> numbers = new ArrayList<>();
    numberPaths(Json.parse(base), "", numbers);
    List<String> escaped = new ArrayList<>();
    for (String path : numbers) {
      for (Object value : boundaries) {
        String json = mutate(base, "set", path, Json.write(value));
        try {
          assertRejectedOrValid(json);
        } catch (RuntimeException | AssertionError e) {
          escaped.add(path + " = " + value + ": " + e);
        }
      }
    }
    assertThat(numbers).hasSizeGreaterThan(20);
    assertThat(escaped).isEmpty();
  }

  private static void numberPaths(Object node, String prefix, List<String> out) {
    if (node instanceof Number) {
      out.add(prefix);
    } else if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> numberPaths(v, prefix + "/" + k, out));
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        numberPaths(l.get(i), prefix + "/" + i, out);
      }
    }
  }

  // ---- known bugs ----

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808", "18446744073709551615"})
  void hugeCardinalityMinIsInvalidIr(String min) {
    String mutated = mutate(baseJson(), "set", "/edges/0/cardinality/min", min);
    assertThatThrownBy(() -> SchemaIr.fromJson(mutated))
        .isInstanceOfSatisfying(
            CompileError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_IR));
  }

  // ---- randomized mutations ----

  /**
   * Random edits (one to three tree edits, or one text edit) of a valid IR: each result is refused
   * with a CompileError or decodes to an IR that re-validates and round-trips. The seed is fixed so
   * that a failure reproduces; change it locally to explore further.
   */
  @ParameterizedTest
  @ValueSource(strings = {"base", "everything.pg", "context.pg"})
  void randomMutationsAreRejectedOrStillValid(String which) {
    String base =
        which.equals("base")
            ? baseJson()
            : SchemaFixtures.initialIr(SchemaFixtures.fixture(which)).toJson();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    qt().withFixedSeed(0x5EED_2026L)
        .withExamples(2_000)
        .forAll(longs().all())
        .checkAssert(seed -> {
          if (assertRejectedOrValid(randomMutation(base, new SplittableRandom(seed)))) {
            accepted.incrementAndGet();
          } else {
            rejected.incrementAndGet();
          }
        });
    // Both outcomes are exercised: the test is not vacuous.
    assertThat(accepted).hasPositiveValue();
    assertThat(rejected).hasPositiveValue();
  }

  /** Whether {@code json} was accepted (and is then a valid IR through and through). */
  private static boolean assertRejectedOrValid(String json) {
    SchemaIr ir;
    try {
      ir = SchemaIr.fromJson(json);
    } catch (CompileError expected) {
      return false;
    }
    assertThat(ir.validate()).isSameAs(ir);
    SchemaIr again = SchemaIr.fromJson(ir.toJson());
    assertThat(again).isEqualTo(ir);
    assertThat(SchemaIr.fromJson(ir.toPrettyJson())).isEqualTo(ir);
    assertThat(again.hash()).isEqualTo(ir.hash());
    assertThat(ir.shape().hash()).startsWith("sha256:");
    return true;
  }

  private static final List<Object> VALUES =
      List.of(
          0L,
          1L,
          2L,
          3L,
          5L,
          15L,
          16L,
          17L,
          -1L,
          Long.MAX_VALUE,
          new BigInteger("9223372036854775808"),
          new BigInteger("18446744073709551615"),
          new BigInteger("18446744073709551616"),
          1.5,
          -0.0,
          1e300,
          "",
          "x",
          "id",
          "src",
          "_rowid",
          "key",
          "index",
          "unique",
          "range",
          "check",
          "property",
          "system",
          "Person",
          "Named",
          "Company",
          "WorksAt",
          "String",
          "I32",
          "Blob",
          "01ARZ3NDEKTSV4RRFFQ69G5FAV",
          "01arz3ndektsv4rrffq69g5fav",
          true,
          false);

  /** One to three random edits of the JSON tree, or a random edit of the text. */
  static String randomMutation(String json, SplittableRandom r) {
    if (r.nextInt(8) == 0) {
      StringBuilder text = new StringBuilder(json);
      int at = r.nextInt(text.length());
      switch (r.nextInt(4)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, "{}[],:\"0123456789.-eEtfn\\ x".charAt(r.nextInt(27)));
        case 2 -> text.setLength(at);
        default -> {
          int end = Math.min(text.length(), at + 1 + r.nextInt(40));
          text.insert(r.nextInt(text.length()), text.substring(at, end));
        }
      }
      return text.toString();
    }
    Object root = Json.parse(json);
    int edits = 1 + r.nextInt(3);
    for (int i = 0; i < edits; i++) {
      List<Slot> slots = new ArrayList<>();
      collect(root, slots);
      if (slots.isEmpty()) {
        break;
      }
      Slot slot = slots.get(r.nextInt(slots.size()));
      Object replacement =
          switch (r.nextInt(4)) {
            case 0 -> VALUES.get(r.nextInt(VALUES.size()));
            case 1 -> (long) r.nextInt(20);
            case 2 -> copy(slots.get(r.nextInt(slots.size())).get());
            default -> r.nextBoolean() ? new ArrayList<>() : new LinkedHashMap<>();
          };
      switch (r.nextInt(6)) {
        case 0 -> slot.remove();
        case 1 -> slot.duplicate();
        case 2 -> slot.swapWithSibling(r);
        case 3 -> slot.renameKey(r);
        default -> slot.set(replacement);
      }
    }
    return Json.write(root);
  }

  /** A place in the tree: a key of an object or an index of an array. */
  private record Slot(Object container, Object key) {
    @SuppressWarnings("unchecked")
    Object get() {
      return container instanceof Map<?, ?> m
          ? m.get(key)
          : ((List<Object>) container).get((int) key);
    }

    @SuppressWarnings("unchecked")
    void set(Object value) {
      if (container instanceof Map<?, ?> m) {
        ((Map<Object, Object>) m).put(key, value);
      } else {
        ((List<Object>) container).set((int) key, value);
      }
    }

    @SuppressWarnings("unchecked")
    void remove() {
      if (container instanceof Map<?, ?> m) {
        m.remove(key);
      } else {
        ((List<Object>) container).remove((int) key);
      }
    }

    @SuppressWarnings("unchecked")
    void duplicate() {
      if (container instanceof List<?> l) {
        ((List<Object>) l).add((int) key, copy(l.get((int) key)));
      } else {
        ((Map<Object, Object>) container).put(key + "_copy", copy(get()));
      }
    }

    void swapWithSibling(SplittableRandom r) {
      if (container instanceof List<?> l && l.size() > 1) {
        Collections.swap(l, (int) key, r.nextInt(l.size()));
      } else {
        set(null);
      }
    }

    @SuppressWarnings("unchecked")
    void renameKey(SplittableRandom r) {
      if (container instanceof Map<?, ?> m) {
        Map<Object, Object> map = (Map<Object, Object>) m;
        List<Object> keys = new ArrayList<>(map.keySet());
        Object value = map.remove(key);
        Object other = keys.get(r.nextInt(keys.size()));
        map.put(other.equals(key) ? key + "x" : other, value);
      } else {
        set(List.of());
      }
    }
  }

  private static void collect(Object node, List<Slot> out) {
    if (node instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        out.add(new Slot(m, k));
        collect(m.get(k), out);
      }
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        out.add(new Slot(l, i));
        collect(l.get(i), out);
      }
    }
  }

  private static Object copy(Object node) {
    return node == null ? null : Json.parse(Json.write(node));
  }

  // ---- mutation table interpreter ----

  static String mutate(String base, String op, String path, String value) {
    switch (op) {
      case "raw" -> {
        return unescape(value);
      }
      case "append" -> {
        return base + unescape(value);
      }
      case "replace" -> {
        int at = base.indexOf(path);
        assertThat(at).as("'%s' occurs in the base JSON", path).isNotNegative();
        return base.substring(0, at) + unescape(value) + base.substring(at + path.length());
      }
      case "truncate" -> {
        int n = Integer.parseInt(value);
        return base.substring(0, n >= 0 ? n : base.length() + n);
      }
      default -> {
        // The tree operations below.
      }
    }
    Object root = Json.parse(base);
    List<String> segments = List.of(path.substring(1).split("/", -1));
    Object parent = root;
    for (String segment : segments.subList(0, segments.size() - 1)) {
      parent = child(parent, segment, path);
    }
    String last = segments.getLast();
    switch (op) {
      case "set" -> slot(parent, last, path, true).set(Json.parse(value));
      case "remove" -> slot(parent, last, path, true).remove();
      case "insert" -> insert(parent, last, Json.parse(value), path);
      case "swap" -> {
        assertThat(parent).as("%s is in an array", path).isInstanceOf(List.class);
        Collections.swap((List<?>) parent, Integer.parseInt(last), Integer.parseInt(value));
      }
      default -> throw new AssertionError("unknown op " + op);
    }
    return Json.write(root);
  }

  private static Object child(Object parent, String segment, String path) {
    return slot(parent, segment, path, true).get();
  }

  private static Slot slot(Object parent, String segment, String path, boolean mustExist) {
    if (parent instanceof Map<?, ?> m) {
      assertThat(m.containsKey(segment))
          .as("%s exists (at %s)", path, segment)
          .isEqualTo(mustExist);
      return new Slot(m, segment);
    }
    assertThat(parent).as("%s: %s indexes an array", path, segment).isInstanceOf(List.class);
    int index = Integer.parseInt(segment);
    assertThat(index).as("%s in range", path).isBetween(0, ((List<?>) parent).size() - 1);
    return new Slot(parent, index);
  }

  @SuppressWarnings("unchecked")
  private static void insert(Object parent, String segment, Object value, String path) {
    if (parent instanceof Map<?, ?> m) {
      assertThat(m.containsKey(segment)).as("%s is new", path).isFalse();
      ((Map<Object, Object>) m).put(segment, value);
    } else {
      List<Object> list = (List<Object>) parent;
      int index = Integer.parseInt(segment);
      assertThat(index).as("%s in range", path).isBetween(0, list.size());
      list.add(index, value);
    }
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\t", "\t");
  }
}

package dev.omnigraph.lang.schema;

import static dev.omnigraph.lang.schema.SchemaFixtures.DOMAIN;
import static dev.omnigraph.lang.schema.SchemaFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SchemaPrinter} prints source that parses back to the same schema. */
class SchemaPrinterTest {

  private static String print(String source) {
    return SchemaPrinter.print(SchemaCompiler.parse(source));
  }

  // ---- round trips ----

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void printedSourceHasTheSameShapeAndIr(String name) {
    String source = fixture(name);
    String printed = print(source);

    SchemaShape original = SchemaFixtures.shape(source);
    SchemaShape reparsed = SchemaFixtures.shape(printed);
    assertThat(reparsed.toJson()).isEqualTo(original.toJson());
    assertThat(reparsed.hash()).isEqualTo(original.hash());
    // Rename hints are printed too, so the shapes agree even on them.
    assertThat(reparsed).isEqualTo(original);

    SchemaIr originalIr = SchemaCompiler.initialIr(original, DOMAIN);
    SchemaIr reparsedIr = SchemaCompiler.initialIr(reparsed, DOMAIN);
    assertThat(reparsedIr.toJson()).isEqualTo(originalIr.toJson());
    assertThat(reparsedIr.hash()).isEqualTo(originalIr.hash());
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void printingIsIdempotent(String name) {
    String once = print(fixture(name));
    assertThat(print(once)).isEqualTo(once);
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void printedDeclarationsKeepTheirOrderAndContent(String name) {
    SchemaFile original = SchemaCompiler.parse(fixture(name));
    SchemaFile reparsed = SchemaCompiler.parse(SchemaPrinter.print(original));

    assertThat(reparsed.declarations()).hasSameSizeAs(original.declarations());
    for (int i = 0; i < original.declarations().size(); i++) {
      Declaration o = original.declarations().get(i);
      Declaration r = reparsed.declarations().get(i);
      assertThat(r.kind()).isEqualTo(o.kind());
      assertThat(r.name()).isEqualTo(o.name());
      assertThat(r.properties())
          .extracting(PropertyDecl::name, PropertyDecl::type)
          .isEqualTo(o.properties().stream().map(p -> tuple(p.name(), p.type())).toList());
      assertThat(r.properties())
          .extracting(p -> p.annotations().stream().map(AnnotationValue::of).toList())
          .isEqualTo(
              o.properties().stream()
                  .map(p -> p.annotations().stream().map(AnnotationValue::of).toList())
                  .toList());
    }
  }

  @Test
  void printsTheSimplestSchemasPlainly() {
    assertThat(print("")).isEmpty();
    assertThat(print("node   A{}")).isEqualTo("node A {\n}\n");
    assertThat(print("node P { name: String @key age: I32? } edge K: P -> P @card(0..1)"))
        .isEqualTo(
            """
            node P {
              name: String @key
              age: I32?
            }

            edge K: P -> P @card(0..1) {
            }
            """);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "node T { @unique(b) a: String @index b: String }",
        "node T { a: String @index @unique(a, b) b: String @key @check(b, \"x\") c: I32? @unique }",
        "node T { a: String @key(a) b: String @unique @index(b) c: String @range(d, 0..1) d: I32? }",
        "interface I { s: String @key @description(\"d\") } node T implements I { @index(s) t:"
            + " String @unique }",
        "interface I { s: String @unique } node T implements I { s: String @index x: I32? }",
        "node P {} edge E: P -> P { w: I32 @index @unique(src, dst) v: I32 @unique @index(dst) }",
        "node P {} edge E: P -> P @card(0..0) edge F: P -> P @card(5..) @description(\"f\")"
            + " @rename_from(\"G\") { @unique(src) }",
        "node A @rename_from(\"B\") @custom implements I {} interface I {}"
      })
  void constraintsWrittenAnywhereInTheBodySurvive(String source) {
    String printed = print(source);
    SchemaFile original = SchemaCompiler.parse(source);
    SchemaFile reparsed = SchemaCompiler.parse(printed);

    assertThat(SchemaFixtures.shape(printed)).isEqualTo(SchemaFixtures.shape(source));
    for (NodeDecl n : original.nodes()) {
      NodeDecl r = reparsed.node(n.name()).orElseThrow();
      assertThat(sortKeys(r.constraints())).isEqualTo(sortKeys(n.constraints()));
      assertThat(sortKeys(r.sourceConstraints())).isEqualTo(sortKeys(n.sourceConstraints()));
    }
    for (EdgeDecl e : original.edges()) {
      EdgeDecl r = reparsed.edge(e.name()).orElseThrow();
      assertThat(sortKeys(r.constraints())).isEqualTo(sortKeys(e.constraints()));
      assertThat(r.cardinality()).isEqualTo(e.cardinality());
    }
    assertThat(print(printed)).isEqualTo(printed);
  }

  private static List<String> sortKeys(List<Constraint> constraints) {
    return ShapeCompiler.normalise(constraints).stream()
        .map(SchemaShape.ShapeConstraint::sortKey)
        .toList();
  }

  // ---- strings ----

  static Stream<String> awkwardStrings() {
    return Stream.of(
        "plain",
        "",
        "say \"hi\"",
        "back\\slash",
        "\\\\double",
        "trailing backslash \\",
        "line\nbreak",
        "tab\there",
        "carriage\rreturn",
        "\"\\\n\t\r all",
        "unicode é ✓ 𝄞",
        "@key(x) // not a comment /* nor this */",
        "}");
  }

  @ParameterizedTest
  @MethodSource("awkwardStrings")
  void stringsSurviveTheRoundTrip(String value) {
    String lit = SchemaPrinter.quote(value);
    String source =
        "node P @ui("
            + lit
            + ", k="
            + lit
            + ") {\n  s: String @note("
            + lit
            + ")\n  @check(s, "
            + lit
            + ")\n}\n"
            + "edge E: P -> P @note("
            + lit
            + ")\n";
    SchemaFile once = SchemaCompiler.parse(source);
    SchemaFile twice = SchemaCompiler.parse(SchemaPrinter.print(once));

    for (SchemaFile f : List.of(once, twice)) {
      NodeDecl p = f.node("P").orElseThrow();
      assertThat(p.annotations().getFirst().value()).contains(value);
      assertThat(p.annotations().getFirst().kwargs()).containsEntry("k", value);
      assertThat(p.properties().getFirst().annotations().getFirst().value()).contains(value);
      assertThat(p.constraints())
          .singleElement()
          .isInstanceOfSatisfying(
              Constraint.Check.class, c -> assertThat(c.pattern()).isEqualTo(value));
      assertThat(f.edge("E").orElseThrow().annotations().getFirst().value()).contains(value);
    }
    assertThat(SchemaFixtures.shape(SchemaPrinter.print(once)).hash())
        .isEqualTo(SchemaFixtures.shape(source).hash());
  }

  @Test
  void quoteEscapesExactlyTheDecodedEscapes() {
    assertThat(SchemaPrinter.quote("a\"b\\c\nd\re\tf")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\"");
    assertThat(SchemaPrinter.quote("")).isEqualTo("\"\"");
  }

  // ---- range bounds ----

  /** A float literal the parser reads as exactly {@code d}, as a Float bound. */
  private static String floatLiteral(double d) {
    if (d == 0 && 1 / d < 0) {
      return "-0.0";
    }
    String plain = new BigDecimal(d).toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  private static Constraint.Range onlyRange(String source) {
    return (Constraint.Range)
        SchemaCompiler.parse(source).node("N").orElseThrow().constraints().getFirst();
  }

  private static void assertBoundSurvives(Bound bound, String literal, boolean asMax) {
    String range = asMax ? ".." + literal : literal + "..";
    String source = "node N { x: F64? @range(x, " + range + ") }";
    Constraint.Range parsed = onlyRange(source);
    Optional<Bound> side = asMax ? parsed.max() : parsed.min();
    assertThat(side).as("parse of %s", literal).contains(bound);

    Constraint.Range reprinted = onlyRange(print(source));
    assertThat(reprinted.min()).isEqualTo(parsed.min());
    assertThat(reprinted.max()).isEqualTo(parsed.max());
    Bound back = (asMax ? reprinted.max() : reprinted.min()).orElseThrow();
    assertThat(back.getClass()).isEqualTo(bound.getClass());
    if (back instanceof Bound.FloatBound f) {
      assertThat(Double.doubleToRawLongBits(f.value()))
          .as("bits of %s", literal)
          .isEqualTo(Double.doubleToRawLongBits(((Bound.FloatBound) bound).value()));
    }
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        1e20,
        -0.0,
        0.0,
        0.5,
        10000000000.0,
        -40.0,
        1.0,
        300.25,
        1.5e-10,
        123456.789,
        9.223372036854776e18,
        -9.3e18,
        9007199254740992.0,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.MIN_VALUE,
        Double.MIN_NORMAL
      })
  void floatBoundsSurviveAsFloats(double value) {
    assertBoundSurvives(new Bound.FloatBound(value), floatLiteral(value), false);
    assertBoundSurvives(new Bound.FloatBound(value), floatLiteral(value), true);
  }

  @Test
  void integersTooLargeForALongAreFloatBoundsThatSurvive() {
    Bound big = new Bound.FloatBound(1e20);
    assertBoundSurvives(big, "100000000000000000000", false);
    assertBoundSurvives(new Bound.FloatBound(9.223372036854776e18), "9223372036854775808", true);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, -1, 200, -1000, Long.MAX_VALUE, Long.MIN_VALUE})
  void integerBoundsSurviveAsIntegers(long value) {
    assertBoundSurvives(new Bound.IntegerBound(value), Long.toString(value), false);
    assertBoundSurvives(new Bound.IntegerBound(value), Long.toString(value), true);
  }

  @Test
  void openAndClosedRangesSurvive() {
    for (String range : List.of("0..200", "0..", "..200", "-0.0..0.5", "1..2.5", "-1.5..-1")) {
      String source = "node N { x: F64? @range(x, " + range + ") }";
      Constraint.Range parsed = onlyRange(source);
      Constraint.Range reprinted = onlyRange(print(source));
      assertThat(reprinted.min()).as(range).isEqualTo(parsed.min());
      assertThat(reprinted.max()).as(range).isEqualTo(parsed.max());
    }
  }

  @Test
  void everyFiniteFloatBoundSurvives() {
    qt().forAll(doubles().any())
        .assuming(Double::isFinite)
        .checkAssert(d -> assertBoundSurvives(new Bound.FloatBound(d), floatLiteral(d), false));
  }

  @Test
  void everyIntegerBoundSurvives() {
    qt().forAll(longs().all())
        .checkAssert(l -> assertBoundSurvives(new Bound.IntegerBound(l), Long.toString(l), true));
  }
}

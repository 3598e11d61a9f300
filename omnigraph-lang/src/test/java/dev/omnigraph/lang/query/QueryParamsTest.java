package dev.omnigraph.lang.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omnigraph.lang.query.Literal.BoolLiteral;
import dev.omnigraph.lang.query.Literal.DateLiteral;
import dev.omnigraph.lang.query.Literal.DateTimeLiteral;
import dev.omnigraph.lang.query.Literal.FloatLiteral;
import dev.omnigraph.lang.query.Literal.IntegerLiteral;
import dev.omnigraph.lang.query.Literal.ListLiteral;
import dev.omnigraph.lang.query.Literal.NullLiteral;
import dev.omnigraph.lang.query.Literal.StringLiteral;
import dev.omnigraph.lang.query.QueryParams.Mode;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.Span;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QueryParamsTest {
  private static final String CASES = "/query/param-cases.tsv";
  private static final String TYPES = "/query/param-types.tsv";

  // --- the tables -------------------------------------------------------------------------------

  /** One row of param-cases.tsv; see the file's header comment for the columns. */
  record Case(
      String name, String mode, String declared, String params, String outcome, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** One row of param-types.tsv. */
  record TypeCase(String type, String nullable, String expected) {
    @Override
    public String toString() {
      return "`" + type + "`" + ("true".equals(nullable) ? "?" : "");
    }
  }

  static Stream<Case> cases() {
    return rows(CASES, List.of("name", "mode", "declared", "params", "outcome", "expected"))
        .map(c -> new Case(c[0], c[1], c[2], c[3], c[4], c[5]));
  }

  static Stream<TypeCase> typeCases() {
    return rows(TYPES, List.of("type", "nullable", "expected"))
        .map(c -> new TypeCase(c[0], c[1], c[2]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void paramCase(Case c) {
    assertThat(c.mode()).isIn("standard", "js");
    assertThat(c.outcome()).isIn("ok", "error");
    Mode mode = c.mode().equals("js") ? Mode.JAVASCRIPT : Mode.STANDARD;
    List<QueryDecl.Param> declared = declared(c.declared());
    String json = c.params().equals("-") ? null : c.params();
    if (c.outcome().equals("ok")) {
      assertThat(render(QueryParams.fromJsonText(json, declared, mode))).isEqualTo(c.expected());
    } else {
      assertThatThrownBy(() -> QueryParams.fromJsonText(json, declared, mode))
          .isExactlyInstanceOf(ParamError.class)
          .hasMessage(c.expected());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  void declaredTypeCase(TypeCase c) {
    assertThat(c.nullable()).isIn("true", "false");
    QueryDecl.Param p = param("p", c.type(), c.nullable().equals("true"));
    if (c.expected().startsWith("error: ")) {
      CompileError e = catchThrowableOfType(CompileError.class, () -> QueryParams.declaredType(p));
      assertThat(e).as("CompileError for %s", c).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.TYPE);
      assertThat(e.detail()).isEqualTo(c.expected().substring("error: ".length()));
      assertThat(e.span()).isEmpty();
    } else {
      assertThat(QueryParams.declaredType(p).displayName()).isEqualTo(c.expected());
    }
  }

  @Test
  void tablesHaveUniqueCaseNames() {
    assertThat(cases().map(Case::name)).doesNotHaveDuplicates();
    assertThat(typeCases().map(TypeCase::toString)).doesNotHaveDuplicates();
  }

  // --- behaviour the tables cannot express -------------------------------------------------------

  @Test
  void declaredTypesAreFullPropTypes() {
    assertThat(QueryParams.declaredType(param("tags", "[String]", true)))
        .isEqualTo(PropType.listOf(BaseType.STRING, true));
    assertThat(QueryParams.declaredType(param("v", "Vector(3)", false)).isVector()).isTrue();
  }

  @Test
  void unknownDeclaredTypeFailsTheWholeBindingAsACompileError() {
    List<QueryDecl.Param> declared = List.of(param("v", "Vector(0)", true));
    assertThatThrownBy(() -> QueryParams.fromJson(Map.of(), declared, Mode.STANDARD))
        .isInstanceOf(CompileError.class)
        .hasMessage("type error: unknown parameter type `Vector(0)` for `$v`");
  }

  @Test
  void literalsHaveTheDeclaredShape() {
    Map<String, Literal> bound =
        QueryParams.fromJsonText(
            """
            {"n": "12", "f": 3, "v": [1, 2], "d": "2026-03-30", "t": "2026-03-30T00:00:00Z",
             "b": "base64:", "ok": true, "u": 7.5}
            """,
            declared(
                "$n: I64, $f: F32, $v: Vector(2), $d: Date, $t: DateTime, $b: Blob, $ok: Bool"),
            Mode.STANDARD);
    assertThat(bound)
        .containsExactly(
            Map.entry("n", new IntegerLiteral(12)),
            Map.entry("f", new FloatLiteral(3.0)),
            Map.entry("v", new ListLiteral(List.of(new FloatLiteral(1.0), new FloatLiteral(2.0)))),
            Map.entry("d", new DateLiteral("2026-03-30")),
            Map.entry("t", new DateTimeLiteral("2026-03-30T00:00:00Z")),
            Map.entry("b", new StringLiteral("base64:")),
            Map.entry("ok", new BoolLiteral(true)),
            Map.entry("u", new FloatLiteral(7.5)));
  }

  @Test
  void resultIsUnmodifiable() {
    Map<String, Literal> bound = QueryParams.fromJson(null, declared("$a: String?"), Mode.STANDARD);
    assertThat(bound).containsExactly(Map.entry("a", new NullLiteral()));
    assertThatThrownBy(() -> bound.put("b", new NullLiteral()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void invalidJsonTextIsAParamError() {
    ParamError e =
        catchThrowableOfType(
            ParamError.class, () -> QueryParams.fromJsonText("{\"a\": ", List.of(), Mode.STANDARD));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("params are not valid JSON: invalid JSON at offset 6");
    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueryParams.fromJsonText("", List.of(), Mode.STANDARD))
        .isInstanceOf(ParamError.class)
        .hasMessageStartingWith("params are not valid JSON: ");
  }

  @Test
  void acceptsJavaNumbersBeyondTheParsersOwn() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("i", 5);
    json.put("s", (short) -3);
    json.put("f", 0.5f);
    json.put("d", new BigDecimal("2.5"));
    json.put("j", new BigDecimal("40"));
    Map<String, Literal> bound =
        QueryParams.fromJson(json, declared("$i: I32, $s: I64, $f: F64"), Mode.JAVASCRIPT);
    assertThat(bound)
        .containsExactly(
            Map.entry("i", new IntegerLiteral(5)),
            Map.entry("s", new IntegerLiteral(-3)),
            Map.entry("f", new FloatLiteral(0.5)),
            Map.entry("d", new FloatLiteral(2.5)),
            Map.entry("j", new FloatLiteral(40.0)));
    // BigDecimal is an integer in JavaScript mode only when it is whole.
    assertThat(
            QueryParams.fromJson(
                Map.of("n", new BigDecimal("40.0")), declared("$n: U32"), Mode.JAVASCRIPT))
        .containsExactly(Map.entry("n", new IntegerLiteral(40)));
    assertThatThrownBy(() ->
            QueryParams.fromJson(
                Map.of("n", new BigDecimal("40")), declared("$n: U32"), Mode.STANDARD))
        .isInstanceOf(ParamError.class)
        .hasMessage(
            "param 'n': expected U32 as a JSON integer or decimal string, got non-integer"
                + " number 40");
  }

  @Test
  void rejectsNonFiniteAndHugeFloats() {
    assertThatThrownBy(() ->
            QueryParams.fromJson(
                Map.of("f", BigInteger.TEN.pow(400)), declared("$f: F64"), Mode.STANDARD))
        .isInstanceOf(ParamError.class)
        .hasMessage(
            "param 'f': value "
                + BigInteger.TEN.pow(400).toString().substring(0, 64)
                + "… exceeds F64");
    assertThatThrownBy(
            () -> QueryParams.fromJson(Map.of("f", Double.NaN), declared("$f: F64"), Mode.STANDARD))
        .isInstanceOf(ParamError.class)
        .hasMessage("param 'f': expected F64 as a JSON number, got number");
    assertThatThrownBy(() ->
            QueryParams.fromJson(Map.of("x", Double.POSITIVE_INFINITY), List.of(), Mode.STANDARD))
        .isInstanceOf(ParamError.class)
        .hasMessage("param 'x': value Infinity exceeds F64");
  }

  @Test
  void longClientTextIsCutInMessages() {
    String junk = "9".repeat(100) + "x";
    assertThatThrownBy(
            () -> QueryParams.fromJson(Map.of("n", junk), declared("$n: I64"), Mode.STANDARD))
        .isInstanceOf(ParamError.class)
        .hasMessage(
            "param 'n': expected I64 as a decimal integer string, got '" + "9".repeat(64) + "…'");
  }

  @Test
  void firstDeclarationOfADuplicatedNameWins() {
    List<QueryDecl.Param> declared = List.of(param("a", "I32", false), param("a", "String", false));
    assertThat(QueryParams.fromJson(Map.of("a", "7"), declared, Mode.STANDARD))
        .containsExactly(Map.entry("a", new IntegerLiteral(7)));
  }

  @Test
  void valuesNoJsonTextCanProduceAreProgrammingErrors() {
    Map<Object, Object> intKey = new HashMap<>();
    intKey.put(1, "x");
    assertThatThrownBy(() -> QueryParams.fromJson(intKey, List.of(), Mode.STANDARD))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> QueryParams.fromJson(Map.of("x", new Object()), List.of(), Mode.STANDARD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a JSON value: ");
    assertThatThrownBy(() ->
            QueryParams.fromJson(Map.of("s", new Object()), declared("$s: String"), Mode.STANDARD))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Stream<String[]> rows(String resource, List<String> header) {
    List<String> lines = lines(resource);
    assertThat(Arrays.asList(lines.getFirst().split("\t", -1))).isEqualTo(header);
    return lines.stream()
        .skip(1)
        .map(line -> {
          String[] cells = line.split("\t", -1);
          assertThat(cells).as("columns of %s", line).hasSize(header.size());
          return cells;
        });
  }

  private static List<String> lines(String resource) {
    InputStream in = QueryParamsTest.class.getResourceAsStream(resource);
    assertThat(in).as("resource %s", resource).isNotNull();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static QueryDecl.Param param(String name, String type, boolean nullable) {
    return new QueryDecl.Param(name, type, nullable, Span.at(0));
  }

  /** {@code "$a: T, $b: U?"}, or {@code "-"} for none. */
  private static List<QueryDecl.Param> declared(String text) {
    List<QueryDecl.Param> out = new ArrayList<>();
    if (text.equals("-")) {
      return out;
    }
    for (String part : text.split(", ", -1)) {
      assertThat(part).startsWith("$").contains(": ");
      String name = part.substring(1, part.indexOf(": "));
      String type = part.substring(part.indexOf(": ") + 2);
      boolean nullable = type.endsWith("?");
      out.add(param(name, nullable ? type.substring(0, type.length() - 1) : type, nullable));
    }
    return out;
  }

  private static String render(Map<String, Literal> bound) {
    if (bound.isEmpty()) {
      return "(none)";
    }
    return bound.entrySet().stream()
        .map(e -> e.getKey() + "=" + render(e.getValue()))
        .collect(Collectors.joining("; "));
  }

  private static String render(Literal literal) {
    return switch (literal) {
      case NullLiteral _ -> "null";
      case StringLiteral s -> quote(s.value());
      case IntegerLiteral i -> Long.toString(i.value());
      // Double.toString always shows a '.' or an 'E', so floats never read as integers.
      case FloatLiteral f -> Double.toString(f.value());
      case BoolLiteral b -> Boolean.toString(b.value());
      case DateLiteral d -> "date(" + quote(d.text()) + ")";
      case DateTimeLiteral t -> "datetime(" + quote(t.text()) + ")";
      case ListLiteral l ->
          l.items().stream()
              .map(QueryParamsTest::render)
              .collect(Collectors.joining(", ", "[", "]"));
    };
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

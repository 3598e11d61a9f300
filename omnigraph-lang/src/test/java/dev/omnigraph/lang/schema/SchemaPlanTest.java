package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.Position;
import dev.omnigraph.lang.source.SourceText;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The parts of {@link SchemaCompiler#plan} the conformance table does not reach. */
class SchemaPlanTest {
  private static final String PEOPLE = "node Person { name: String @key age: I32? }";

  private static SchemaPlan plan(SchemaIr accepted, String desired) {
    return SchemaCompiler.plan(accepted, SourceText.of("desired.pg", desired));
  }

  private static SchemaIr withNext(SchemaIr ir, long next) {
    return new SchemaIr(ir.identityDomain(), next, ir.interfaces(), ir.nodes(), ir.edges());
  }

  @ParameterizedTest
  @MethodSource("dev.omnigraph.lang.schema.SchemaFixtures#fixtures")
  void everyFixturePlansAgainstItselfAsEmpty(String name) {
    SchemaIr accepted = SchemaFixtures.initialIr(SchemaFixtures.fixture(name));
    SchemaPlan plan = plan(accepted, SchemaFixtures.fixture(name));
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.desired()).isEqualTo(accepted);
    assertThat(plan.refusal()).isEmpty();
  }

  /** Spec case 72: a change no step describes is refused, not silently accepted. */
  @Test
  void anUnclassifiedIrChangeIsUnsupported() {
    SchemaIr accepted = SchemaFixtures.initialIr(PEOPLE);
    SchemaIr bumped = withNext(accepted, accepted.nextIdentityId() + 1);
    SchemaPlan plan = SchemaPlan.between(accepted, bumped, false, List.of());
    assertThat(plan.supported()).isFalse();
    assertThat(plan.steps())
        .singleElement()
        .isInstanceOfSatisfying(
            MigrationStep.UnsupportedChange.class,
            u -> {
              assertThat(u.entity()).isEqualTo("schema");
              assertThat(u.reason()).contains("unclassified");
              assertThat(u.code()).isEmpty();
            });
    assertThat(plan.refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("unclassified"));
  }

  @Test
  void aDesiredIrMustExtendTheAcceptedIdentities() {
    SchemaIr accepted = SchemaFixtures.initialIr(PEOPLE);
    SchemaIr otherDomain =
        SchemaCompiler.initialIr(SchemaFixtures.shape(PEOPLE), "01BX5ZZKBKACTAV9WEVGEMMVRZ");
    assertThat(resolutionError(accepted, otherDomain)).contains("identity domain");
    assertThat(resolutionError(withNext(accepted, 9), withNext(accepted, 8)))
        .contains("below the accepted");
    // A new node whose ids lie below the accepted high-water mark could reuse burned ids.
    SchemaIr wider = SchemaFixtures.initialIr(PEOPLE + " node Zoo {}");
    assertThat(resolutionError(withNext(accepted, wider.nextIdentityId()), wider))
        .contains("may reuse a burned id");
    // The same ids on different declarations: a type id that changes kind.
    SchemaIr asEdge = SchemaFixtures.initialIr("node B {} edge A: B -> B");
    SchemaIr asNode = SchemaFixtures.initialIr("node A {} node B {}");
    assertThat(resolutionError(asNode, asEdge)).contains("changes kind");
  }

  private static String resolutionError(SchemaIr accepted, SchemaIr desired) {
    CompileError e =
        catchThrowableOfType(
            CompileError.class, () -> SchemaPlan.between(accepted, desired, false, List.of()));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.RESOLUTION);
    return e.detail();
  }

  @Test
  void resolutionErrorsPointAtTheHint() {
    SchemaIr accepted = SchemaFixtures.initialIr("node A { p: String }");
    CompileError e =
        catchThrowableOfType(
            CompileError.class,
            () -> plan(accepted, "node A { p: String }\nnode C @rename_from(\"Zed\") {}"));
    assertThat(e.kind()).isEqualTo(ErrorKind.RESOLUTION);
    assertThat(e.position()).hasValue(new Position(2, 8));
    assertThat(e.render()).contains("desired.pg:2:8").contains("^");
    CompileError p =
        catchThrowableOfType(
            CompileError.class,
            () -> plan(accepted, "node A {\n  q: String? @rename_from(\"nothing\")\n}"));
    assertThat(p.position()).hasValue(new Position(2, 14));
  }

  @Test
  void theDesiredSchemaIsCheckedLikeAnyNewSchema() {
    SchemaIr accepted = SchemaFixtures.initialIr(PEOPLE);
    CompileError e =
        catchThrowableOfType(CompileError.class, () -> plan(accepted, "node Person { name }"));
    assertThat(e.kind()).isEqualTo(ErrorKind.PARSE);
  }

  @Test
  void anInvalidAcceptedIrIsRefused() {
    SchemaIr accepted = SchemaFixtures.initialIr(PEOPLE);
    CompileError e =
        catchThrowableOfType(CompileError.class, () -> plan(withNext(accepted, 2), PEOPLE));
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_IR);
  }

  @Test
  void anExhaustedAllocatorStillPlansWhatNeedsNoNewIds() {
    SchemaIr full = withNext(SchemaFixtures.initialIr(PEOPLE), -1L);
    assertThat(plan(full, PEOPLE).isEmpty()).isTrue();
    assertThat(
            plan(full, "node Person @description(\"x\") { name: String @key age: I32? }")
                .supported())
        .isTrue();
    CompileError e =
        catchThrowableOfType(CompileError.class, () -> plan(full, PEOPLE + " node Zoo {}"));
    assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATOR_EXHAUSTED);
  }

  @Test
  void verdictsAndDataEffectsOfEachStepKind() {
    SchemaIr accepted =
        SchemaFixtures.initialIr(
            "interface I { x: String? } node A { a: String? b: String? } node B {} edge E: A -> A");
    SchemaPlan soft =
        plan(
            accepted,
            "interface I { x: String? y: String? } interface J {}"
                + " node A2 @rename_from(\"A\") { a: String? c: String? }"
                + " node C {} edge E: A2 -> A2");
    assertThat(
            soft.steps().stream()
                .map(s -> s.describe() + " | " + s.verdict() + " " + s.dataEffect())
                .toList())
        .containsExactly(
            "add property 'I.y' (String?) on interface 'I' | SUPPORTED NONE",
            "add interface type 'J' | SUPPORTED NONE",
            "rename node type 'A' -> 'A2' | SUPPORTED RENAME_TABLE",
            "add property 'A2.c' (String?) on node 'A2' | SUPPORTED REWRITE_TABLE",
            "drop property 'A2.b' of node 'A2' (soft mode) | SUPPORTED REWRITE_TABLE",
            "add node type 'C' | SUPPORTED CREATE_TABLE",
            "drop node type 'B' (soft mode) | SUPPORTED DROP_TABLE");
    assertThat(soft.losesData()).isFalse();
    SchemaPlan hard =
        SchemaCompiler.plan(
            accepted,
            SourceText.of(
                "d.pg", "interface I { x: String? } node A { a: String? } edge E: A -> A"),
            true);
    assertThat(hard.steps())
        .extracting(MigrationStep::verdict)
        .containsExactly(MigrationStep.Verdict.DATA_LOSS, MigrationStep.Verdict.DATA_LOSS);
    assertThat(hard.losesData()).isTrue();
    assertThat(hard.supported()).isTrue();
    assertThat(hard.tableEffects())
        .anySatisfy(e ->
            assertThat(e)
                .isInstanceOfSatisfying(
                    TableEffect.Drop.class, d -> assertThat(d.mode()).isEqualTo(DropMode.HARD)))
        .anySatisfy(e ->
            assertThat(e)
                .isInstanceOfSatisfying(
                    TableEffect.Rewrite.class,
                    r -> {
                      assertThat(r.dropMode()).isEqualTo(DropMode.HARD);
                      assertThat(r.droppedColumns()).containsExactly("b");
                      assertThat(r.columns())
                          .containsExactly(
                              new TableEffect.Rewrite.Column("a", 6, Optional.of("a")));
                    }));
  }

  @Test
  void theCliJsonNamesTheGraphAndCountsTheSteps() {
    SchemaIr accepted = SchemaFixtures.initialIr(PEOPLE);
    SchemaPlan plan = plan(accepted, "node Person { name: String @key }");
    assertThat(plan.renderJson("/tmp/g"))
        .isEqualTo(
            """
            {
              "uri": "/tmp/g",
              "supported": true,
              "step_count": 1,
              "steps": [
                {
                  "kind": "drop_property",
                  "type_kind": "node",
                  "type_name": "Person",
                  "property_name": "age",
                  "mode": "soft"
                }
              ]
            }\
            """);
    assertThat(plan(accepted, PEOPLE).renderJson("/tmp/g"))
        .isEqualTo(
            """
            {
              "uri": "/tmp/g",
              "supported": true,
              "step_count": 0,
              "steps": []
            }\
            """);
  }

  @Test
  void aRefusalNamesTheFirstUnsupportedStep() {
    SchemaIr accepted = SchemaFixtures.initialIr("node P { a: I32? b: I32? }");
    SchemaPlan plan = plan(accepted, "node P { a: I64? b: I32 }");
    assertThat(plan.unsupportedSteps()).hasSize(2);
    assertThat(plan.refusal())
        .hasValue(
            "[OG-MF-106] changing property type of 'P.a' from I32? to I64? is not supported (only"
                + " adding enum values is); add a new property instead");
  }

  @Test
  void renameHintsOnMatchedNamesAreReportedNotFollowed() {
    SchemaIr accepted = SchemaFixtures.initialIr("node A { p: String } node B { q: String }");
    SchemaPlan plan =
        plan(accepted, "node A @rename_from(\"B\") { p: String } node B { q: String }");
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.notes())
        .singleElement()
        .satisfies(n -> {
          assertThat(n.code()).isEqualTo(ResolutionNote.IGNORED_EXACT_MATCH_RENAME_HINT);
          assertThat(n.entity()).isEqualTo("node:A");
          assertThat(n.message()).contains("@rename_from(\"B\") is ignored");
        });
  }
}

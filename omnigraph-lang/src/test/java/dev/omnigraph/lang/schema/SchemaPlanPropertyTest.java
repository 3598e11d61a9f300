package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.omnigraph.lang.source.SourceText;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the migration planner over random schemas and random evolutions of them ({@link
 * SchemaModel}): planning the accepted schema again is a no-op, ids are never reused, and a plan's
 * desired IR, once accepted, plans its own source as a no-op. Each example is one seed, so a
 * failure names the seed that reproduces it.
 */
class SchemaPlanPropertyTest {
  private static final int EXAMPLES = 150;
  private static final int STEPS = 6;

  @Test
  void planningThePrintedAcceptedSchemaIsEmpty() {
    qt().withFixedSeed(0x5EED_0001L)
        .withExamples(EXAMPLES)
        .forAll(longs().all())
        .checkAssert(seed -> {
          SchemaModel model = SchemaModel.random(new SplittableRandom(seed));
          String text = model.render();
          SchemaFile file = SchemaCompiler.parse(SourceText.of("accepted.pg", text));
          SchemaIr accepted =
              SchemaCompiler.initialIr(SchemaCompiler.shape(file), SchemaFixtures.DOMAIN);
          for (String source : new String[] {text, SchemaPrinter.print(file)}) {
            SchemaPlan plan = SchemaCompiler.plan(accepted, SourceText.of("again.pg", source));
            assertThat(plan.steps()).as("seed %s:\n%s", seed, source).isEmpty();
            assertThat(plan.supported()).isTrue();
            assertThat(plan.tableEffects()).isEmpty();
            assertThat(plan.desired()).isEqualTo(accepted);
            assertThat(plan.desiredIrHash()).isEqualTo(accepted.hash());
            assertThat(plan.renderText("g"))
                .isEqualTo("schema plan for g\nsupported: yes\nno schema changes\n");
          }
        });
  }

  @Test
  void idsAreNeverReused() {
    qt().withFixedSeed(0x5EED_0002L)
        .withExamples(EXAMPLES)
        .forAll(longs().all())
        .checkAssert(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          SchemaModel model = SchemaModel.random(random);
          SchemaIr accepted = SchemaFixtures.initialIr(model.render());
          // Every id of every schema ever accepted, with the role it had: a type of one kind, a
          // property of one owner, or the incarnation of one type.
          Map<Long, String> roles = new HashMap<>(roles(accepted));
          for (int step = 0; step < STEPS; step++) {
            SchemaModel next = model.copy();
            next.mutate(random);
            String source = next.render();
            SchemaPlan plan = SchemaCompiler.plan(accepted, SourceText.of("desired.pg", source));
            SchemaIr desired = plan.desired();
            String label = "seed " + seed + " step " + step + ":\n" + source;
            PlanInvariants.check(label, plan);
            assertThat(Long.compareUnsigned(desired.nextIdentityId(), accepted.nextIdentityId()))
                .as(label)
                .isGreaterThanOrEqualTo(0);
            Map<Long, String> acceptedRoles = roles(accepted);
            for (Map.Entry<Long, String> id : roles(desired).entrySet()) {
              assertThat(Long.compareUnsigned(id.getKey(), desired.nextIdentityId()))
                  .as(label + "\nid %s below next", id.getKey())
                  .isNegative();
              if (acceptedRoles.containsKey(id.getKey())) {
                assertThat(id.getValue())
                    .as(label + "\nkept id %s keeps its role", id.getKey())
                    .isEqualTo(acceptedRoles.get(id.getKey()));
              } else {
                assertThat(roles)
                    .as(label + "\nnew id %s (%s) was never used", id.getKey(), id.getValue())
                    .doesNotContainKey(id.getKey());
                assertThat(Long.compareUnsigned(id.getKey(), accepted.nextIdentityId()))
                    .as(label)
                    .isGreaterThanOrEqualTo(0);
              }
            }
            // The engine applies only supported plans; an unsupported one leaves the graph as is.
            if (plan.supported()) {
              roles.putAll(roles(desired));
              accepted = desired;
              model = next;
              model.startStep();
            }
          }
        });
  }

  @Test
  void acceptingADesiredSchemaThenPlanningItsSourceAgainIsEmpty() {
    qt().withFixedSeed(0x5EED_0003L)
        .withExamples(EXAMPLES)
        .forAll(longs().all())
        .checkAssert(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          SchemaModel model = SchemaModel.random(random);
          SchemaIr accepted = SchemaFixtures.initialIr(model.render());
          for (int step = 0; step < STEPS; step++) {
            model.mutate(random);
            SourceText source = SourceText.of("desired.pg", model.render());
            SchemaPlan plan = SchemaCompiler.plan(accepted, source);
            SchemaPlan again = SchemaCompiler.plan(plan.desired(), source);
            String label = "seed " + seed + " step " + step + ":\n" + source.text();
            assertThat(again.steps()).as(label).isEmpty();
            assertThat(again.tableEffects()).as(label).isEmpty();
            assertThat(again.desired()).as(label).isEqualTo(plan.desired());
            // Re-planning is deterministic.
            assertThat(SchemaCompiler.plan(accepted, source)).as(label).isEqualTo(plan);
            accepted = plan.desired();
            model.startStep();
          }
        });
  }

  /** Each id of {@code ir} with its role. */
  private static Map<Long, String> roles(SchemaIr ir) {
    Map<Long, String> roles = new HashMap<>();
    for (SchemaIr.Interface i : ir.interfaces()) {
      roles.put(i.typeId(), "interface type");
      i.properties().forEach(p -> roles.put(p.propertyId(), "property of " + i.typeId()));
    }
    for (SchemaIr.Node n : ir.nodes()) {
      roles.put(n.typeId(), "node type");
      roles.put(n.tableIncarnationId(), "incarnation of " + n.typeId());
      n.properties().forEach(p -> roles.put(p.propertyId(), "property of " + n.typeId()));
    }
    for (SchemaIr.Edge e : ir.edges()) {
      roles.put(e.typeId(), "edge type");
      roles.put(e.tableIncarnationId(), "incarnation of " + e.typeId());
      e.properties().forEach(p -> roles.put(p.propertyId(), "property of " + e.typeId()));
    }
    return roles;
  }
}

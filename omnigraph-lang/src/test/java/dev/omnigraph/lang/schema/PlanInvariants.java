package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What holds for every plan, whatever the schemas: checked by the conformance and property tests.
 */
final class PlanInvariants {
  private PlanInvariants() {}

  /** A node or edge table as a catalog names it. */
  private record Table(TypeKind kind, String name, long typeId, long incarnation, String storage) {}

  static void check(String label, SchemaPlan plan) {
    SchemaIr accepted = plan.accepted();
    SchemaIr desired = plan.desired();
    assertThat(desired.validate()).isEqualTo(desired);
    assertThat(plan.isEmpty())
        .as(label + ": empty iff unchanged")
        .isEqualTo(desired.equals(accepted));
    assertThat(plan.supported())
        .as(label)
        .isEqualTo(
            plan.steps().stream().noneMatch(s -> s instanceof MigrationStep.UnsupportedChange));
    Map<Long, Table> before = tables(accepted);
    Map<Long, Table> after = tables(desired);
    Map<Long, TableEffect> effects = new HashMap<>();
    for (TableEffect e : plan.tableEffects()) {
      assertThat(effects.put(e.typeId(), e)).as(label + ": one effect per table").isNull();
    }
    for (Table d : after.values()) {
      Table a = before.get(d.typeId());
      TableEffect e = effects.get(d.typeId());
      if (a == null) {
        assertThat(e)
            .as(label + ": %s is created", d.name())
            .isInstanceOf(TableEffect.Create.class);
        assertThat(((TableEffect.Create) e).storageName()).isEqualTo(d.storage());
      } else if (a.incarnation() != d.incarnation()) {
        assertThat(e)
            .as(label + ": %s is rewritten", d.name())
            .isInstanceOf(TableEffect.Rewrite.class);
        TableEffect.Rewrite r = (TableEffect.Rewrite) e;
        assertThat(r.fromStorageName()).isEqualTo(a.storage());
        assertThat(r.toStorageName()).isEqualTo(d.storage());
        assertThat(List.of(r.from(), r.to())).isEqualTo(List.of(a.name(), d.name()));
      } else if (!a.name().equals(d.name())) {
        assertThat(e)
            .as(label + ": %s is renamed", d.name())
            .isInstanceOf(TableEffect.Rename.class);
        assertThat(((TableEffect.Rename) e).storageName()).isEqualTo(d.storage());
      } else {
        assertThat(e).as(label + ": %s is untouched", d.name()).isNull();
      }
    }
    for (Table a : before.values()) {
      if (!after.containsKey(a.typeId())) {
        assertThat(effects.get(a.typeId()))
            .as(label + ": %s is dropped", a.name())
            .isInstanceOf(TableEffect.Drop.class);
        assertThat(((TableEffect.Drop) effects.get(a.typeId())).storageName())
            .isEqualTo(a.storage());
      }
    }
    assertThat(effects.keySet()).allMatch(id -> before.containsKey(id) || after.containsKey(id));
    // A step that rewrites a table always gets a rewrite; in a supported plan nothing else does.
    for (MigrationStep s : plan.steps()) {
      if (s.dataEffect() == MigrationStep.DataEffect.REWRITE_TABLE) {
        Table t = rewritten(s, after.values());
        assertThat(effects.get(t.typeId()))
            .as(label + ": %s rewrites", s.describe())
            .isInstanceOf(TableEffect.Rewrite.class);
      }
    }
    if (plan.supported()) {
      for (TableEffect e : plan.tableEffects()) {
        if (e instanceof TableEffect.Rewrite r) {
          assertThat(plan.steps())
              .as(label + ": rewrite of %s has a step", r.to())
              .anyMatch(s ->
                  s.dataEffect() == MigrationStep.DataEffect.REWRITE_TABLE
                      && rewritten(s, after.values()).typeId() == r.typeId());
        }
      }
    }
  }

  /** The table a rewriting step names. */
  private static Table rewritten(MigrationStep s, Iterable<Table> tables) {
    record Named(TypeKind kind, String name) {}
    Named named =
        switch (s) {
          case MigrationStep.AddProperty p -> new Named(p.typeKind(), p.typeName());
          case MigrationStep.RenameProperty p -> new Named(p.typeKind(), p.typeName());
          case MigrationStep.DropProperty p -> new Named(p.typeKind(), p.typeName());
          default -> throw new AssertionError(s);
        };
    for (Table t : tables) {
      if (t.kind() == named.kind() && t.name().equals(named.name())) {
        return t;
      }
    }
    throw new AssertionError("no table for " + s.describe());
  }

  private static Map<Long, Table> tables(SchemaIr ir) {
    Catalog catalog = SchemaCompiler.catalog(ir);
    Map<Long, Table> tables = new HashMap<>();
    for (Catalog.NodeType n : catalog.nodeTypes().values()) {
      tables.put(
          n.typeId(),
          new Table(TypeKind.NODE, n.name(), n.typeId(), n.tableIncarnationId(), n.storageName()));
    }
    for (Catalog.EdgeType e : catalog.edgeTypes().values()) {
      tables.put(
          e.typeId(),
          new Table(TypeKind.EDGE, e.name(), e.typeId(), e.tableIncarnationId(), e.storageName()));
    }
    return tables;
  }
}

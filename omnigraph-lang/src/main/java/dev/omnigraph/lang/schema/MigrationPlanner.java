package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.schema.MigrationStep.AddConstraint;
import dev.omnigraph.lang.schema.MigrationStep.UnsupportedChange;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Diffs two identity-bearing schemas into ordered migration steps (spec §6.3): declarations are
 * matched by stable id, never by name, so renames are recognised and a drop followed by a re-add is
 * two declarations. Steps come interfaces first, then nodes, then edges; within a kind, desired
 * declarations by name, then the accepted ones that are gone. Drops are soft here.
 */
final class MigrationPlanner {
  private static final Set<String> METADATA = Set.of("description", "instruction");

  private final List<MigrationStep> steps = new ArrayList<>();

  private MigrationPlanner() {}

  static List<MigrationStep> plan(SchemaIr accepted, SchemaIr desired) {
    checkIdentities(accepted, desired);
    MigrationPlanner p = new MigrationPlanner();
    p.interfaces(accepted, desired);
    p.nodes(accepted, desired);
    p.edges(accepted, desired);
    if (p.steps.isEmpty() && !accepted.equals(desired)) {
      p.steps.add(
          new UnsupportedChange(
              "schema",
              "unclassified semantic IR change: the desired schema differs from the accepted one"
                  + " in a way no migration step describes, so it cannot be applied",
              Optional.empty()));
    }
    return List.copyOf(p.steps);
  }

  // ---- identity checks: a desired IR must extend the accepted identities, never rewrite them ----

  private record Owned(TypeKind kind, long incarnation) {}

  private static void checkIdentities(SchemaIr accepted, SchemaIr desired) {
    if (!accepted.identityDomain().equals(desired.identityDomain())) {
      throw resolution(
          "the desired schema belongs to identity domain "
              + desired.identityDomain()
              + " but the accepted one to "
              + accepted.identityDomain());
    }
    long high = accepted.nextIdentityId();
    if (Long.compareUnsigned(desired.nextIdentityId(), high) < 0) {
      throw resolution(
          "desired next_identity_id "
              + Long.toUnsignedString(desired.nextIdentityId())
              + " is below the accepted "
              + Long.toUnsignedString(high));
    }
    Map<Long, Owned> types = types(accepted);
    Map<Long, Long> owners = propertyOwners(accepted);
    Map<Long, Owned> desiredTypes = types(desired);
    for (Map.Entry<Long, Owned> t : desiredTypes.entrySet()) {
      Owned was = types.get(t.getKey());
      if (was == null) {
        fresh(t.getKey(), high, "type");
        if (t.getValue().kind().hasTable()) {
          fresh(t.getValue().incarnation(), high, "table incarnation");
        }
        continue;
      }
      if (was.kind() != t.getValue().kind()) {
        throw resolution(
            "type id " + Long.toUnsignedString(t.getKey()) + " changes kind across the migration");
      }
      if (was.incarnation() != t.getValue().incarnation()) {
        fresh(t.getValue().incarnation(), high, "table incarnation");
      }
    }
    for (Map.Entry<Long, Long> p : propertyOwners(desired).entrySet()) {
      Long was = owners.get(p.getKey());
      if (was == null) {
        fresh(p.getKey(), high, "property");
      } else if (!was.equals(p.getValue())) {
        throw resolution(
            "property id " + Long.toUnsignedString(p.getKey()) + " changes owner type");
      }
    }
  }

  private static void fresh(long id, long high, String what) {
    if (Long.compareUnsigned(id, high) < 0) {
      throw resolution(
          "new "
              + what
              + " id "
              + Long.toUnsignedString(id)
              + " is below the accepted next_identity_id "
              + Long.toUnsignedString(high)
              + ", so it may reuse a burned id");
    }
  }

  private static Map<Long, Owned> types(SchemaIr ir) {
    Map<Long, Owned> m = new HashMap<>();
    ir.interfaces().forEach(i -> m.put(i.typeId(), new Owned(TypeKind.INTERFACE, 0)));
    ir.nodes().forEach(n -> m.put(n.typeId(), new Owned(TypeKind.NODE, n.tableIncarnationId())));
    ir.edges().forEach(e -> m.put(e.typeId(), new Owned(TypeKind.EDGE, e.tableIncarnationId())));
    return m;
  }

  private static Map<Long, Long> propertyOwners(SchemaIr ir) {
    Map<Long, Long> m = new HashMap<>();
    ir.interfaces().forEach(i -> i.properties().forEach(p -> m.put(p.propertyId(), i.typeId())));
    ir.nodes().forEach(n -> n.properties().forEach(p -> m.put(p.propertyId(), n.typeId())));
    ir.edges().forEach(e -> e.properties().forEach(p -> m.put(p.propertyId(), e.typeId())));
    return m;
  }

  private static CompileError resolution(String message) {
    return new CompileError(ErrorKind.RESOLUTION, message);
  }

  // ---- declarations ----

  private void interfaces(SchemaIr accepted, SchemaIr desired) {
    Map<Long, SchemaIr.Interface> byId = new HashMap<>();
    accepted.interfaces().forEach(i -> byId.put(i.typeId(), i));
    Set<Long> kept = new HashSet<>();
    for (SchemaIr.Interface d : desired.interfaces()) {
      SchemaIr.Interface a = byId.get(d.typeId());
      if (a == null) {
        steps.add(new MigrationStep.AddType(TypeKind.INTERFACE, d.name()));
        continue;
      }
      kept.add(a.typeId());
      if (!a.name().equals(d.name())) {
        unsupported(
            TypeKind.INTERFACE.entity(d.name()),
            "renaming interfaces is not supported ('" + a.name() + "' -> '" + d.name() + "')");
      }
      properties(TypeKind.INTERFACE, d.name(), a.properties(), d.properties());
    }
    for (SchemaIr.Interface a : accepted.interfaces()) {
      if (!kept.contains(a.typeId())) {
        unsupported(
            TypeKind.INTERFACE.entity(a.name()),
            "removing interface '"
                + a.name()
                + "' is not supported; keep declaring it, even if no node implements it");
      }
    }
  }

  private void nodes(SchemaIr accepted, SchemaIr desired) {
    Map<Long, SchemaIr.Node> byId = new HashMap<>();
    accepted.nodes().forEach(n -> byId.put(n.typeId(), n));
    Set<Long> kept = new HashSet<>();
    for (SchemaIr.Node d : desired.nodes()) {
      SchemaIr.Node a = byId.get(d.typeId());
      if (a == null) {
        steps.add(new MigrationStep.AddType(TypeKind.NODE, d.name()));
        continue;
      }
      kept.add(a.typeId());
      if (!a.name().equals(d.name())) {
        steps.add(new MigrationStep.RenameType(TypeKind.NODE, a.name(), d.name()));
      }
      if (!typeIds(a.implementsRefs()).equals(typeIds(d.implementsRefs()))) {
        unsupported(
            TypeKind.NODE.entity(d.name()),
            "changing implemented interfaces on node '" + d.name() + "' is not supported");
      }
      typeMetadata(TypeKind.NODE, d.name(), a.annotations(), d.annotations());
      properties(TypeKind.NODE, d.name(), a.properties(), d.properties());
      constraints(TypeKind.NODE, d.name(), a.constraints(), d.constraints());
    }
    for (SchemaIr.Node a : accepted.nodes()) {
      if (!kept.contains(a.typeId())) {
        steps.add(new MigrationStep.DropType(TypeKind.NODE, a.name(), DropMode.SOFT));
      }
    }
  }

  private void edges(SchemaIr accepted, SchemaIr desired) {
    Map<Long, SchemaIr.Edge> byId = new HashMap<>();
    accepted.edges().forEach(e -> byId.put(e.typeId(), e));
    Set<Long> kept = new HashSet<>();
    for (SchemaIr.Edge d : desired.edges()) {
      SchemaIr.Edge a = byId.get(d.typeId());
      if (a == null) {
        steps.add(new MigrationStep.AddType(TypeKind.EDGE, d.name()));
        continue;
      }
      kept.add(a.typeId());
      if (!a.name().equals(d.name())) {
        steps.add(new MigrationStep.RenameType(TypeKind.EDGE, a.name(), d.name()));
      }
      if (a.fromType().typeId() != d.fromType().typeId()
          || a.toType().typeId() != d.toType().typeId()) {
        unsupported(
            TypeKind.EDGE.entity(d.name()),
            "changing edge endpoints on '"
                + d.name()
                + "' is not supported; declare a new edge type instead");
      }
      if (!a.cardinality().equals(d.cardinality())) {
        unsupported(
            TypeKind.EDGE.entity(d.name()),
            "changing cardinality on edge '"
                + d.name()
                + "' is not supported (@card("
                + a.cardinality()
                + ") -> @card("
                + d.cardinality()
                + "))");
      }
      typeMetadata(TypeKind.EDGE, d.name(), a.annotations(), d.annotations());
      properties(TypeKind.EDGE, d.name(), a.properties(), d.properties());
      constraints(TypeKind.EDGE, d.name(), a.constraints(), d.constraints());
    }
    for (SchemaIr.Edge a : accepted.edges()) {
      if (!kept.contains(a.typeId())) {
        steps.add(new MigrationStep.DropType(TypeKind.EDGE, a.name(), DropMode.SOFT));
      }
    }
  }

  private static Set<Long> typeIds(List<SchemaIr.TypeRef> refs) {
    Set<Long> ids = new HashSet<>();
    refs.forEach(r -> ids.add(r.typeId()));
    return ids;
  }

  // ---- properties (§6.3.1) ----

  private void properties(
      TypeKind kind,
      String type,
      List<SchemaIr.Property> accepted,
      List<SchemaIr.Property> desired) {
    Map<Long, SchemaIr.Property> byId = new HashMap<>();
    accepted.forEach(p -> byId.put(p.propertyId(), p));
    Set<Long> kept = new HashSet<>();
    for (SchemaIr.Property d : desired) {
      String entity = kind.entity(type, d.name());
      String where = "'" + type + "." + d.name() + "'";
      SchemaIr.Property a = byId.get(d.propertyId());
      if (a == null) {
        if (d.type().nullable()) {
          steps.add(new MigrationStep.AddProperty(kind, type, d.name(), d.type()));
        } else {
          unsupported(
              entity,
              "adding required property "
                  + where
                  + " ("
                  + d.type().displayName()
                  + ") requires a backfill, which schema migration cannot do; declare it"
                  + " nullable ("
                  + d.type().withNullable(true).displayName()
                  + ")",
              LintCode.OG_MF_103);
        }
        continue;
      }
      kept.add(a.propertyId());
      if (!a.name().equals(d.name())) {
        steps.add(new MigrationStep.RenameProperty(kind, type, a.name(), d.name()));
      }
      if (!a.type().equals(d.type())) {
        List<String> added = enumWidening(a.type(), d.type());
        if (added.isEmpty()) {
          unsupported(
              entity,
              "changing property type of "
                  + where
                  + " from "
                  + a.type().displayName()
                  + " to "
                  + d.type().displayName()
                  + " is not supported (only adding enum values is); add a new property"
                  + " instead",
              LintCode.OG_MF_106);
        } else {
          steps.add(new MigrationStep.ExtendEnum(kind, type, d.name(), added));
        }
      }
      if (!embedIdentity(a).equals(embedIdentity(d))) {
        unsupported(
            entity,
            "changing @embed source or model of "
                + where
                + " is not supported, because stored vectors would no longer match; rebuild"
                + " the graph to re-embed");
      }
      propertyConstraints(kind, type, a, d, entity, where);
      if (a.declaredDirectly() != d.declaredDirectly()) {
        unsupported(
            entity,
            "changing declaration provenance of "
                + where
                + " (declared on the type vs. injected from an interface) is not supported");
      }
      if (!linkIds(a).equals(linkIds(d))) {
        unsupported(
            entity,
            "changing interface-property satisfaction links of " + where + " is not supported");
      }
      propertyMetadata(kind, type, d.name(), a.annotations(), d.annotations(), entity);
    }
    for (SchemaIr.Property a : accepted) {
      if (!kept.contains(a.propertyId())) {
        steps.add(new MigrationStep.DropProperty(kind, type, a.name(), DropMode.SOFT));
      }
    }
  }

  /** The values a pure widening of enum {@code from} to {@code to} adds, or empty if it is not. */
  private static List<String> enumWidening(PropType from, PropType to) {
    if (!from.isEnum()
        || !to.isEnum()
        || from.list() != to.list()
        || from.nullable() != to.nullable()
        || !to.enumValues().containsAll(from.enumValues())) {
      return List.of();
    }
    TreeSet<String> added = new TreeSet<>(to.enumValues());
    from.enumValues().forEach(added::remove);
    return List.copyOf(added);
  }

  private record EmbedIdentity(long sourcePropertyId, Optional<String> model) {}

  private static Optional<EmbedIdentity> embedIdentity(SchemaIr.Property p) {
    return p.embedSource().map(e -> new EmbedIdentity(e.source().propertyId(), e.model()));
  }

  private static Set<Long> linkIds(SchemaIr.Property p) {
    Set<Long> ids = new HashSet<>();
    p.satisfiesInterfaceProperties().forEach(r -> ids.add(r.propertyId()));
    return ids;
  }

  private void propertyConstraints(
      TypeKind kind,
      String type,
      SchemaIr.Property a,
      SchemaIr.Property d,
      String entity,
      String where) {
    TreeSet<String> removed = new TreeSet<>(a.propertyConstraints());
    removed.removeAll(d.propertyConstraints());
    if (!removed.isEmpty()) {
      unsupported(
          entity,
          "removing property constraints ("
              + String.join(", ", removed.stream().map(c -> "@" + c).toList())
              + ") from "
              + where
              + " is not supported");
    }
    TreeSet<String> added = new TreeSet<>(d.propertyConstraints());
    added.removeAll(a.propertyConstraints());
    for (String c : added) {
      if (c.equals("index")) {
        addIndex(kind, type, List.of(d.name()));
      } else {
        unsupported(
            entity,
            "adding a property-level @"
                + c
                + " constraint to "
                + where
                + " is not supported, because existing rows are not checked against it");
      }
    }
  }

  // ---- type constraints (§6.3.2) ----

  private void constraints(
      TypeKind kind,
      String type,
      List<SchemaIr.IrConstraint> accepted,
      List<SchemaIr.IrConstraint> desired) {
    Map<String, SchemaIr.IrConstraint> before = byIdentity(accepted);
    Map<String, SchemaIr.IrConstraint> after = byIdentity(desired);
    if (!after.keySet().containsAll(before.keySet())) {
      unsupported(
          kind.entity(type),
          "removing constraints from '"
              + type
              + "' is not supported (this includes dropping or moving a property that a"
              + " constraint reads, and moving a constraint between property and body form)");
    }
    for (Map.Entry<String, SchemaIr.IrConstraint> c : after.entrySet()) {
      if (before.containsKey(c.getKey())) {
        continue;
      }
      if (c.getValue().kind().equals("index")) {
        addIndex(
            kind, type, c.getValue().fields().stream().map(SchemaIr.FieldRef::columnName).toList());
      } else {
        unsupported(
            kind.entity(type),
            "adding constraint '"
                + c.getKey()
                + "' to '"
                + type
                + "' is not supported, because existing rows are not checked against it");
      }
    }
  }

  private static Map<String, SchemaIr.IrConstraint> byIdentity(List<SchemaIr.IrConstraint> cs) {
    Map<String, SchemaIr.IrConstraint> m = new LinkedHashMap<>();
    cs.forEach(c -> m.putIfAbsent(c.identityKey(), c));
    return m;
  }

  private void addIndex(TypeKind kind, String type, List<String> columns) {
    AddConstraint step = new AddConstraint(kind, type, columns);
    // A property-level @index is also a type constraint: report it once.
    boolean already =
        steps.stream()
            .anyMatch(s ->
                s instanceof AddConstraint other
                    && other.typeKind() == kind
                    && other.typeName().equals(type)
                    && new TreeSet<>(other.columns()).equals(new TreeSet<>(columns)));
    if (!already) {
      steps.add(step);
    }
  }

  // ---- metadata (§6.3.3) ----

  private void typeMetadata(
      TypeKind kind, String name, List<AnnotationValue> accepted, List<AnnotationValue> desired) {
    if (!custom(accepted).equals(custom(desired))) {
      unsupported(
          kind.entity(name),
          "changing annotations beyond @description/@instruction on '"
              + name
              + "' is not supported");
    } else if (!metadata(accepted).equals(metadata(desired))) {
      steps.add(new MigrationStep.UpdateTypeMetadata(kind, name, metadata(desired)));
    }
  }

  private void propertyMetadata(
      TypeKind kind,
      String type,
      String property,
      List<AnnotationValue> accepted,
      List<AnnotationValue> desired,
      String entity) {
    if (!custom(accepted).equals(custom(desired))) {
      unsupported(
          entity,
          "changing annotations beyond @description/@instruction on '"
              + type
              + "."
              + property
              + "' is not supported");
    } else if (!metadata(accepted).equals(metadata(desired))) {
      steps.add(new MigrationStep.UpdatePropertyMetadata(kind, type, property, metadata(desired)));
    }
  }

  private static List<AnnotationValue> metadata(List<AnnotationValue> annotations) {
    return annotations.stream().filter(a -> METADATA.contains(a.name())).toList();
  }

  private static List<AnnotationValue> custom(List<AnnotationValue> annotations) {
    return annotations.stream().filter(a -> !METADATA.contains(a.name())).toList();
  }

  private void unsupported(String entity, String reason) {
    steps.add(new UnsupportedChange(entity, reason, Optional.empty()));
  }

  private void unsupported(String entity, String reason, LintCode code) {
    steps.add(new UnsupportedChange(entity, reason, Optional.of(Objects.requireNonNull(code))));
  }
}

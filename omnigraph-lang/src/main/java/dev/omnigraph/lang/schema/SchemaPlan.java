package dev.omnigraph.lang.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The migration from an accepted schema to a desired one: the desired IR with its resolved
 * identities (what the graph accepts if the plan is applied), the ordered steps with their
 * verdicts, and the effect on each table, so that applying it needs no further derivation.
 *
 * @param accepted the schema the plan starts from
 * @param desired the schema the plan ends at; equal to {@code accepted} when the plan is empty
 * @param steps every change, in the spec's order: interfaces, nodes, edges; within a kind desired
 *     declarations by name, then removed ones
 * @param tableEffects what happens to each node or edge table that changes, nodes before edges
 * @param notes remarks from identity resolution that change nothing (ignored rename hints)
 */
public record SchemaPlan(
    SchemaIr accepted,
    SchemaIr desired,
    List<MigrationStep> steps,
    List<TableEffect> tableEffects,
    List<ResolutionNote> notes) {
  public SchemaPlan {
    Objects.requireNonNull(accepted, "accepted");
    Objects.requireNonNull(desired, "desired");
    steps = List.copyOf(steps);
    tableEffects = List.copyOf(tableEffects);
    notes = List.copyOf(notes);
  }

  /**
   * The plan from {@code accepted} to {@code desired}; with {@code allowDataLoss} every drop is
   * hard.
   */
  static SchemaPlan between(
      SchemaIr accepted, SchemaIr desired, boolean allowDataLoss, List<ResolutionNote> notes) {
    List<MigrationStep> steps = new ArrayList<>();
    for (MigrationStep s : MigrationPlanner.plan(accepted, desired)) {
      steps.add(allowDataLoss ? hard(s) : s);
    }
    return new SchemaPlan(accepted, desired, steps, tableEffects(accepted, desired, steps), notes);
  }

  private static MigrationStep hard(MigrationStep s) {
    return switch (s) {
      case MigrationStep.DropType d ->
          new MigrationStep.DropType(d.typeKind(), d.name(), DropMode.HARD);
      case MigrationStep.DropProperty d ->
          new MigrationStep.DropProperty(
              d.typeKind(), d.typeName(), d.propertyName(), DropMode.HARD);
      default -> s;
    };
  }

  /** Whether the plan can be applied: no step is unsupported. */
  public boolean supported() {
    return steps.stream().noneMatch(s -> s.verdict() == MigrationStep.Verdict.UNSUPPORTED);
  }

  /** Whether there is nothing to do: applying it must write nothing. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Whether applying the plan makes data unreachable at once (hard drops). */
  public boolean losesData() {
    return steps.stream().anyMatch(s -> s.verdict() == MigrationStep.Verdict.DATA_LOSS);
  }

  /** The hash of {@link #desired()}, under which the engine stores the accepted schema. */
  public String desiredIrHash() {
    return desired.hash();
  }

  /** The unsupported steps, in plan order. */
  public List<MigrationStep.UnsupportedChange> unsupportedSteps() {
    return steps.stream()
        .filter(s -> s instanceof MigrationStep.UnsupportedChange)
        .map(s -> (MigrationStep.UnsupportedChange) s)
        .toList();
  }

  /**
   * Why an apply of this plan is refused: the first unsupported step's reason, prefixed with {@code
   * [CODE] } when it has a lint code; empty for a supported plan.
   */
  public Optional<String> refusal() {
    return unsupportedSteps().stream()
        .findFirst()
        .map(MigrationStep.UnsupportedChange::errorMessage);
  }

  /** The table effect of the type with stable id {@code typeId}, if its table changes. */
  public Optional<TableEffect> tableEffect(long typeId) {
    return tableEffects.stream().filter(e -> e.typeId() == typeId).findFirst();
  }

  /**
   * The plan as {@code schema plan} prints it for the graph at {@code uri}: a header, {@code
   * supported: yes|no}, then one {@code "- "} line per step or {@code no schema changes}; each line
   * ends with a newline.
   */
  public String renderText(String uri) {
    StringBuilder out = new StringBuilder();
    out.append("schema plan for ").append(uri).append('\n');
    out.append("supported: ").append(supported() ? "yes" : "no").append('\n');
    if (steps.isEmpty()) {
      out.append("no schema changes\n");
    }
    for (MigrationStep s : steps) {
      out.append("- ").append(s.describe()).append('\n');
    }
    return out.toString();
  }

  /** The plan object upstream returns: {@code {supported, steps}}. */
  public Map<String, Object> toJsonTree() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("supported", supported());
    m.put("steps", stepsJson());
    return m;
  }

  /**
   * The output of {@code schema plan --json} for the graph at {@code uri}: {@code {uri, supported,
   * step_count, steps}}, indented by two spaces, without a trailing newline.
   */
  public String renderJson(String uri) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", uri);
    m.put("supported", supported());
    m.put("step_count", steps.size());
    m.put("steps", stepsJson());
    return Json.writePretty(m);
  }

  private List<Object> stepsJson() {
    return steps.stream().map(s -> (Object) s.toJsonTree()).toList();
  }

  // ---- table effects ----

  private static List<TableEffect> tableEffects(
      SchemaIr accepted, SchemaIr desired, List<MigrationStep> steps) {
    Map<Long, SchemaIr.Node> nodes = new HashMap<>();
    accepted.nodes().forEach(n -> nodes.put(n.typeId(), n));
    Map<Long, SchemaIr.Edge> edges = new HashMap<>();
    accepted.edges().forEach(e -> edges.put(e.typeId(), e));
    List<TableEffect> effects = new ArrayList<>();
    Set<Long> kept = new HashSet<>();
    for (SchemaIr.Node d : desired.nodes()) {
      SchemaIr.Node a = nodes.get(d.typeId());
      if (a == null) {
        effects.add(
            new TableEffect.Create(TypeKind.NODE, d.typeId(), d.name(), d.tableIncarnationId()));
      } else {
        kept.add(a.typeId());
        changed(
                TypeKind.NODE,
                d.typeId(),
                a.name(),
                d.name(),
                a.tableIncarnationId(),
                d.tableIncarnationId(),
                a.properties(),
                d.properties(),
                steps)
            .ifPresent(effects::add);
      }
    }
    for (SchemaIr.Node a : accepted.nodes()) {
      if (!kept.contains(a.typeId())) {
        effects.add(
            new TableEffect.Drop(
                TypeKind.NODE,
                a.typeId(),
                a.name(),
                a.tableIncarnationId(),
                dropMode(steps, TypeKind.NODE, a.name())));
      }
    }
    for (SchemaIr.Edge d : desired.edges()) {
      SchemaIr.Edge a = edges.get(d.typeId());
      if (a == null) {
        effects.add(
            new TableEffect.Create(TypeKind.EDGE, d.typeId(), d.name(), d.tableIncarnationId()));
      } else {
        kept.add(a.typeId());
        changed(
                TypeKind.EDGE,
                d.typeId(),
                a.name(),
                d.name(),
                a.tableIncarnationId(),
                d.tableIncarnationId(),
                a.properties(),
                d.properties(),
                steps)
            .ifPresent(effects::add);
      }
    }
    for (SchemaIr.Edge a : accepted.edges()) {
      if (!kept.contains(a.typeId())) {
        effects.add(
            new TableEffect.Drop(
                TypeKind.EDGE,
                a.typeId(),
                a.name(),
                a.tableIncarnationId(),
                dropMode(steps, TypeKind.EDGE, a.name())));
      }
    }
    return effects;
  }

  private static Optional<TableEffect> changed(
      TypeKind kind,
      long typeId,
      String from,
      String to,
      long fromIncarnation,
      long toIncarnation,
      List<SchemaIr.Property> before,
      List<SchemaIr.Property> after,
      List<MigrationStep> steps) {
    if (fromIncarnation == toIncarnation) {
      return from.equals(to)
          ? Optional.empty()
          : Optional.of(new TableEffect.Rename(kind, typeId, from, to, toIncarnation));
    }
    Map<Long, String> oldNames = new HashMap<>();
    before.forEach(p -> oldNames.put(p.propertyId(), p.name()));
    List<TableEffect.Rewrite.Column> columns = new ArrayList<>();
    Set<Long> copied = new HashSet<>();
    for (SchemaIr.Property p : after) {
      Optional<String> source = Optional.ofNullable(oldNames.get(p.propertyId()));
      source.ifPresent(s -> copied.add(p.propertyId()));
      columns.add(new TableEffect.Rewrite.Column(p.name(), p.propertyId(), source));
    }
    List<String> dropped =
        before.stream()
            .filter(p -> !copied.contains(p.propertyId()))
            .map(SchemaIr.Property::name)
            .toList();
    boolean hard =
        steps.stream()
            .anyMatch(s ->
                s instanceof MigrationStep.DropProperty d
                    && d.typeKind() == kind
                    && d.typeName().equals(to)
                    && d.mode() == DropMode.HARD);
    return Optional.of(
        new TableEffect.Rewrite(
            kind,
            typeId,
            from,
            to,
            fromIncarnation,
            toIncarnation,
            columns,
            dropped,
            hard ? DropMode.HARD : DropMode.SOFT));
  }

  private static DropMode dropMode(List<MigrationStep> steps, TypeKind kind, String name) {
    return steps.stream()
        .filter(s ->
            s instanceof MigrationStep.DropType d && d.typeKind() == kind && d.name().equals(name))
        .map(s -> ((MigrationStep.DropType) s).mode())
        .findFirst()
        .orElse(DropMode.SOFT);
  }
}

package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches a desired schema's declarations to the accepted identities (spec §6.2) and builds the
 * desired IR: a type or property keeps its ids when its name is unchanged or when {@code
 * @rename_from} names it; everything else gets fresh ids from the accepted high-water mark, so an id
 * is never reused. A node or edge type whose table must be rewritten (a column added, dropped,
 * renamed or retyped) gets a new table incarnation too, so the rewrite lands at a new path.
 *
 * <p>Fresh ids are allocated as at initialisation: new types by (kind, name), then new properties by
 * (owner id, name), then new incarnations by type id.
 */
final class IdentityResolver {
  /** The desired IR and the remarks made while matching. */
  record Resolution(SchemaIr ir, List<ResolutionNote> notes) {
    Resolution {
      notes = List.copyOf(notes);
    }
  }

  private final SchemaIr accepted;
  private final SchemaShape desired;
  private final Optional<SchemaFile> file;
  private final SourceText source;
  private final List<ResolutionNote> notes = new ArrayList<>();

  /** Accepted type id by "kind:name". */
  private final Map<String, Long> acceptedTypes = new HashMap<>();

  /** Accepted kinds by type name, for the across-kinds error. */
  private final Map<String, List<TypeKind>> acceptedKindsByName = new HashMap<>();

  /** Accepted properties by owner type id, then by name. */
  private final Map<Long, Map<String, SchemaIr.Property>> acceptedProperties = new HashMap<>();

  /** Accepted table incarnation by type id. */
  private final Map<Long, Long> acceptedIncarnations = new HashMap<>();

  /** Desired type id by "kind:name". */
  private final Map<String, Long> typeIds = new HashMap<>();

  /** Desired property id by "kind:owner.property". */
  private final Map<String, Long> propertyIds = new HashMap<>();

  private IdentityResolver(
      SchemaIr accepted, SchemaShape desired, Optional<SchemaFile> file, SourceText source) {
    this.accepted = accepted;
    this.desired = desired;
    this.file = file;
    this.source = source;
  }

  /**
   * Resolves {@code desired} against {@code accepted}; {@code file} and {@code source}, when given,
   * let errors point at the offending hint.
   *
   * @throws CompileError of kind {@code RESOLUTION} when a hint cannot be honoured, or {@code
   *     ALLOCATOR_EXHAUSTED}
   */
  static Resolution resolve(
      SchemaIr accepted, SchemaShape desired, Optional<SchemaFile> file, SourceText source) {
    IdentityResolver r = new IdentityResolver(accepted, desired, file, source);
    SchemaIr ir = r.run();
    SchemaIrValidator.validate(ir);
    return new Resolution(ir, r.notes);
  }

  private SchemaIr run() {
    index();
    IdentityAllocator ids = new IdentityAllocator(accepted.nextIdentityId());
    resolveTypes(ids);
    resolveProperties(ids);
    Map<String, Long> incarnations = resolveIncarnations(ids);
    long next = ids.next();
    return SchemaIrBuilder.build(
        desired,
        accepted.identityDomain(),
        new SchemaIrBuilder.Identities() {
          @Override
          public long typeId(String kind, String name) {
            return typeIds.get(kind + ":" + name);
          }

          @Override
          public long propertyId(String kind, String owner, String property) {
            return propertyIds.get(kind + ":" + owner + "." + property);
          }

          @Override
          public long incarnationId(String kind, String name) {
            return incarnations.get(kind + ":" + name);
          }

          @Override
          public long nextIdentityId() {
            return next;
          }
        });
  }

  private void index() {
    for (SchemaIr.Interface i : accepted.interfaces()) {
      acceptType(TypeKind.INTERFACE, i.name(), i.typeId(), i.properties());
    }
    for (SchemaIr.Node n : accepted.nodes()) {
      acceptType(TypeKind.NODE, n.name(), n.typeId(), n.properties());
      acceptedIncarnations.put(n.typeId(), n.tableIncarnationId());
    }
    for (SchemaIr.Edge e : accepted.edges()) {
      acceptType(TypeKind.EDGE, e.name(), e.typeId(), e.properties());
      acceptedIncarnations.put(e.typeId(), e.tableIncarnationId());
    }
  }

  private void acceptType(
      TypeKind kind, String name, long typeId, List<SchemaIr.Property> properties) {
    acceptedTypes.put(kind.entity(name), typeId);
    acceptedKindsByName.computeIfAbsent(name, k -> new ArrayList<>()).add(kind);
    Map<String, SchemaIr.Property> byName = new HashMap<>();
    properties.forEach(p -> byName.put(p.name(), p));
    acceptedProperties.put(typeId, byName);
  }

  // ---- types ----

  /** A desired declaration in resolution order. */
  private record Desired(TypeKind kind, String name, Optional<String> renameFrom) {}

  private List<Desired> desiredTypes() {
    List<Desired> all = new ArrayList<>();
    desired
        .interfaces()
        .forEach(i -> all.add(new Desired(TypeKind.INTERFACE, i.name(), Optional.empty())));
    desired.nodes().forEach(n -> all.add(new Desired(TypeKind.NODE, n.name(), n.renameFrom())));
    desired.edges().forEach(e -> all.add(new Desired(TypeKind.EDGE, e.name(), e.renameFrom())));
    return all;
  }

  private void resolveTypes(IdentityAllocator ids) {
    Map<Long, String> claimedBy = new HashMap<>();
    List<Desired> fresh = new ArrayList<>();
    for (Desired d : desiredTypes()) {
      String entity = d.kind().entity(d.name());
      Long exact = acceptedTypes.get(entity);
      Long matched;
      if (exact != null) {
        matched = exact;
        d.renameFrom()
            .ifPresent(old ->
                notes.add(
                    new ResolutionNote(
                        ResolutionNote.IGNORED_EXACT_MATCH_RENAME_HINT,
                        entity,
                        d.kind().label()
                            + " '"
                            + d.name()
                            + "' matches an accepted "
                            + d.kind().label()
                            + " by name, so @rename_from(\""
                            + old
                            + "\") is ignored")));
      } else if (d.renameFrom().isPresent()) {
        String old = d.renameFrom().get();
        matched = acceptedTypes.get(d.kind().entity(old));
        if (matched == null) {
          String hint =
              d.kind().label() + " '" + d.name() + "' declares @rename_from(\"" + old + "\")";
          List<TypeKind> kinds = acceptedKindsByName.get(old);
          if (kinds == null) {
            throw error(
                hint
                    + " but no accepted declaration has that name; remove the hint or name the"
                    + " accepted "
                    + d.kind().label()
                    + " it replaces",
                typeSpan(d.kind(), d.name()));
          }
          throw error(
              hint
                  + ": cannot rename accepted '"
                  + old
                  + "' across declaration kinds (it is "
                  + (kinds.getFirst() == TypeKind.EDGE || kinds.getFirst() == TypeKind.INTERFACE
                      ? "an "
                      : "a ")
                  + kinds.getFirst().label()
                  + ")",
              typeSpan(d.kind(), d.name()));
        }
      } else {
        fresh.add(d);
        continue;
      }
      String previous = claimedBy.putIfAbsent(matched, d.name());
      if (previous != null) {
        String acceptedName = acceptedName(d.kind(), matched);
        throw error(
            "accepted "
                + d.kind().label()
                + " '"
                + acceptedName
                + "' is consumed by more than one desired declaration ('"
                + previous
                + "' and '"
                + d.name()
                + "'); an exact name match always keeps the identity, so remove the other"
                + " @rename_from",
            typeSpan(d.kind(), d.name()));
      }
      typeIds.put(entity, matched);
    }
    // Desired types are already in (kind, name) order: interfaces, nodes, edges, each by name.
    for (Desired d : fresh) {
      typeIds.put(d.kind().entity(d.name()), ids.allocate());
    }
  }

  private String acceptedName(TypeKind kind, long typeId) {
    return acceptedTypes.entrySet().stream()
        .filter(e -> e.getValue() == typeId && e.getKey().startsWith(kind.label() + ":"))
        .map(e -> e.getKey().substring(kind.label().length() + 1))
        .findFirst()
        .orElseThrow();
  }

  // ---- properties ----

  /** A desired property that needs a fresh id. */
  private record FreshProperty(long ownerId, String key, String name) {}

  private void resolveProperties(IdentityAllocator ids) {
    Map<Long, String> claimedBy = new HashMap<>();
    List<FreshProperty> fresh = new ArrayList<>();
    for (SchemaShape.Interface i : desired.interfaces()) {
      owner(TypeKind.INTERFACE, i.name(), i.properties(), claimedBy, fresh);
    }
    for (SchemaShape.Node n : desired.nodes()) {
      owner(TypeKind.NODE, n.name(), n.properties(), claimedBy, fresh);
    }
    for (SchemaShape.Edge e : desired.edges()) {
      owner(TypeKind.EDGE, e.name(), e.properties(), claimedBy, fresh);
    }
    fresh.sort(
        Comparator.comparing(FreshProperty::ownerId, Long::compareUnsigned)
            .thenComparing(FreshProperty::name));
    for (FreshProperty p : fresh) {
      propertyIds.put(p.key(), ids.allocate());
    }
  }

  private void owner(
      TypeKind kind,
      String owner,
      List<SchemaShape.Property> properties,
      Map<Long, String> claimedBy,
      List<FreshProperty> fresh) {
    long ownerId = typeIds.get(kind.entity(owner));
    boolean ownerIsNew = !acceptedTypes.containsValue(ownerId);
    Map<String, SchemaIr.Property> before = acceptedProperties.getOrDefault(ownerId, Map.of());
    for (SchemaShape.Property p : properties) {
      String entity = kind.entity(owner, p.name());
      String key = kind.label() + ":" + owner + "." + p.name();
      Optional<String> hint = p.renameFrom();
      // An injected property carries its interface property's hint, which the interface itself
      // honours or refuses. The node follows it only when it has the old name: a node that is new,
      // or that did not implement the interface before, simply gets a new property.
      if (!p.declaredDirectly()
          && hint.isPresent()
          && (ownerIsNew || !before.containsKey(hint.get()))) {
        hint = Optional.empty();
      }
      Long matched;
      if (ownerIsNew) {
        if (hint.isPresent()) {
          throw error(
              "new owner '"
                  + kind.entity(owner)
                  + "' cannot import property identity with @rename_from(\""
                  + hint.get()
                  + "\") on '"
                  + owner
                  + "."
                  + p.name()
                  + "'; remove the hint (a new type's properties are all new)",
              propertySpan(kind, owner, p.name()));
        }
        matched = null;
      } else if (before.containsKey(p.name())) {
        matched = before.get(p.name()).propertyId();
        hint.ifPresent(old ->
            notes.add(
                new ResolutionNote(
                    ResolutionNote.IGNORED_EXACT_MATCH_RENAME_HINT,
                    entity,
                    "property '"
                        + owner
                        + "."
                        + p.name()
                        + "' matches an accepted property by name, so @rename_from(\""
                        + old
                        + "\") is ignored")));
      } else if (hint.isPresent()) {
        String old = hint.get();
        SchemaIr.Property was = before.get(old);
        if (was == null) {
          String declares =
              "property '" + owner + "." + p.name() + "' declares @rename_from(\"" + old + "\")";
          boolean elsewhere =
              acceptedProperties.entrySet().stream()
                  .anyMatch(e -> e.getKey() != ownerId && e.getValue().containsKey(old));
          throw error(
              elsewhere
                  ? declares
                      + ": property moves across stable owners are not supported; add the"
                      + " property to '"
                      + owner
                      + "' as a new one"
                  : declares
                      + ": no accepted property with that name exists under the stable owner '"
                      + kind.entity(owner)
                      + "'",
              propertySpan(kind, owner, p.name()));
        }
        matched = was.propertyId();
      } else {
        matched = null;
      }
      if (matched == null) {
        fresh.add(new FreshProperty(ownerId, key, p.name()));
        continue;
      }
      String previous = claimedBy.putIfAbsent(matched, owner + "." + p.name());
      if (previous != null) {
        throw error(
            "accepted property id "
                + Long.toUnsignedString(matched)
                + " is consumed more than once ('"
                + previous
                + "' and '"
                + owner
                + "."
                + p.name()
                + "'); an exact name match always keeps the identity, so remove the other"
                + " @rename_from",
            propertySpan(kind, owner, p.name()));
      }
      propertyIds.put(key, matched);
    }
  }

  // ---- table incarnations ----

  /** A column as the table stores it: enum values are not part of it (enums are text). */
  private record Column(
      long propertyId, String name, ScalarType scalar, boolean list, boolean nullable) {
    static Column of(long propertyId, String name, PropType type) {
      return new Column(propertyId, name, type.scalar(), type.list(), type.nullable());
    }
  }

  private Map<String, Long> resolveIncarnations(IdentityAllocator ids) {
    Map<String, Long> incarnations = new HashMap<>();
    List<Long> needNew = new ArrayList<>();
    Map<Long, String> keyByType = new HashMap<>();
    for (SchemaShape.Node n : desired.nodes()) {
      table(TypeKind.NODE, n.name(), n.properties(), incarnations, needNew, keyByType);
    }
    for (SchemaShape.Edge e : desired.edges()) {
      table(TypeKind.EDGE, e.name(), e.properties(), incarnations, needNew, keyByType);
    }
    needNew.sort(Long::compareUnsigned);
    for (long typeId : needNew) {
      incarnations.put(keyByType.get(typeId), ids.allocate());
    }
    return incarnations;
  }

  private void table(
      TypeKind kind,
      String name,
      List<SchemaShape.Property> properties,
      Map<String, Long> incarnations,
      List<Long> needNew,
      Map<Long, String> keyByType) {
    String key = kind.entity(name);
    long typeId = typeIds.get(key);
    Long current = acceptedIncarnations.get(typeId);
    if (current != null && !rewritten(kind, name, typeId, properties)) {
      incarnations.put(key, current);
    } else {
      needNew.add(typeId);
      keyByType.put(typeId, key);
    }
  }

  private boolean rewritten(
      TypeKind kind, String name, long typeId, List<SchemaShape.Property> properties) {
    Set<Column> before = new HashSet<>();
    acceptedProperties
        .get(typeId)
        .values()
        .forEach(p -> before.add(Column.of(p.propertyId(), p.name(), p.type())));
    Set<Column> after = new HashSet<>();
    for (SchemaShape.Property p : properties) {
      after.add(
          Column.of(
              propertyIds.get(kind.label() + ":" + name + "." + p.name()), p.name(), p.type()));
    }
    return !before.equals(after);
  }

  // ---- errors ----

  private CompileError error(String message, Optional<Span> span) {
    return new CompileError(ErrorKind.RESOLUTION, message, span.orElse(null), source);
  }

  private Optional<Declaration> declaration(TypeKind kind, String name) {
    return file.flatMap(f ->
        f.declarations().stream()
            .filter(d -> d.kind().equals(kind.label()) && d.name().equals(name))
            .findFirst());
  }

  private Optional<Span> typeSpan(TypeKind kind, String name) {
    return declaration(kind, name)
        .map(d -> {
          List<Annotation> annotations =
              switch (d) {
                case NodeDecl n -> n.annotations();
                case EdgeDecl e -> e.annotations();
                case InterfaceDecl i -> List.of();
              };
          return annotations.stream()
              .filter(a -> a.name().equals("rename_from"))
              .map(Annotation::span)
              .findFirst()
              .orElse(d.span());
        });
  }

  private Optional<Span> propertySpan(TypeKind kind, String owner, String property) {
    return declaration(kind, owner)
        .flatMap(d -> d.property(property))
        .map(p -> p.annotation("rename_from").map(Annotation::span).orElse(p.span()));
  }
}

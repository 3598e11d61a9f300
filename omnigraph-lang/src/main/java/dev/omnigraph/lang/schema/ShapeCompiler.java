package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stage F: checks that the declarations form one consistent catalog (no duplicate names, resolvable
 * edge endpoints, no edge names that collide when case is ignored, compatible interface
 * contributions) and projects them onto the canonical {@link SchemaShape}.
 */
final class ShapeCompiler {
  private static final Set<String> NON_METADATA =
      Set.of("rename_from", "embed", "key", "unique", "index");
  private static final Set<String> PROPERTY_CONSTRAINTS = Set.of("key", "unique", "index");

  private final SourceText source;

  private ShapeCompiler(SourceText source) {
    this.source = source;
  }

  static SchemaShape compile(SchemaFile file, SourceText source) {
    ShapeCompiler c = new ShapeCompiler(source);
    c.check(file);
    return c.shape(file);
  }

  // ---- checks ----

  private void check(SchemaFile file) {
    Set<String> interfaces = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    Set<String> edges = new HashSet<>();
    Map<String, String> edgesFolded = new HashMap<>();
    for (Declaration d : file.declarations()) {
      switch (d) {
        case InterfaceDecl i -> {
          if (!interfaces.add(i.name())) {
            throw error("duplicate interface: " + i.name() + " is declared more than once", d);
          }
        }
        case NodeDecl n -> {
          if (!nodes.add(n.name())) {
            throw error("duplicate node type: " + n.name() + " is declared more than once", d);
          }
        }
        case EdgeDecl e -> {
          if (!edges.add(e.name())) {
            throw error("duplicate edge type: " + e.name() + " is declared more than once", d);
          }
        }
      }
      uniquePropertyNames(d);
    }
    for (EdgeDecl e : file.edges()) {
      if (!nodes.contains(e.fromType())) {
        throw error(
            "edge "
                + e.name()
                + " references unknown source type: "
                + e.fromType()
                + " (edge endpoints must be declared node types)",
            e);
      }
      if (!nodes.contains(e.toType())) {
        throw error(
            "edge "
                + e.name()
                + " references unknown target type: "
                + e.toType()
                + " (edge endpoints must be declared node types)",
            e);
      }
      String other = edgesFolded.putIfAbsent(e.name().toLowerCase(Locale.ROOT), e.name());
      if (other != null && !other.equals(e.name())) {
        throw error(
            "edge name collision after case folding: '"
                + other
                + "' and '"
                + e.name()
                + "' (queries name edges case-insensitively; rename one)",
            e);
      }
    }
    Map<String, InterfaceDecl> byName = new HashMap<>();
    file.interfaces().forEach(i -> byName.put(i.name(), i));
    for (InterfaceDecl i : file.interfaces()) {
      interfaceEmbeds(i);
    }
    for (NodeDecl n : file.nodes()) {
      for (PropertyDecl p : n.properties()) {
        PropertyOrigin origin = n.propertyOrigins().get(p.name());
        if (origin == null || origin.declaredDirectly()) {
          continue;
        }
        Semantics first = null;
        for (PropertyOrigin.InterfaceProperty link : origin.interfaceProperties()) {
          PropertyDecl ip =
              byName.get(link.interfaceName()).property(link.propertyName()).orElseThrow();
          Semantics semantics = semantics(ip);
          if (first == null) {
            first = semantics;
          } else if (!first.equals(semantics)) {
            throw error(
                "interfaces contributing '"
                    + n.name()
                    + "."
                    + p.name()
                    + "' have incompatible property semantics (annotations, property-level"
                    + " constraints or @embed differ); declare the property in "
                    + n.name()
                    + " to settle it",
                n);
          }
        }
      }
    }
  }

  // An interface property's @embed source is part of the interface's contract, so it must be a
  // String property of the same interface; stage D checks it only where a node injects it.
  private void interfaceEmbeds(InterfaceDecl i) {
    for (PropertyDecl p : i.properties()) {
      Optional<SchemaShape.EmbedSource> embed = embed(p);
      if (embed.isEmpty()) {
        continue;
      }
      String sourceName = embed.get().property();
      Optional<PropertyDecl> src = i.property(sourceName);
      if (src.isEmpty()) {
        throw new CompileError(
            ErrorKind.CATALOG,
            "@embed on interface property "
                + i.name()
                + "."
                + p.name()
                + " references "
                + sourceName
                + ", which is not a property of interface "
                + i.name()
                + "; declare the source property in the same interface",
            p.span(),
            source);
      }
      if (!p.type().isVector()
          || src.get().type().list()
          || src.get().type().scalar() != BaseType.STRING) {
        throw new CompileError(
            ErrorKind.CATALOG,
            "@embed on interface property "
                + i.name()
                + "."
                + p.name()
                + " must be a vector embedding a String property, got "
                + p.type().displayName()
                + " embedding "
                + src.get().type().displayName(),
            p.span(),
            source);
      }
    }
  }

  private void uniquePropertyNames(Declaration d) {
    Set<String> seen = new HashSet<>();
    for (PropertyDecl p : d.properties()) {
      if (!seen.add(p.name())) {
        throw new CompileError(
            ErrorKind.CATALOG,
            "duplicate property '"
                + d.name()
                + "."
                + p.name()
                + "' in "
                + d.kind()
                + " "
                + d.name(),
            p.span(),
            source);
      }
    }
  }

  /** The parts of a property's meaning that must agree between interfaces contributing it. */
  private record Semantics(
      List<AnnotationValue> annotations,
      List<String> constraints,
      Optional<SchemaShape.EmbedSource> embed) {}

  private static Semantics semantics(PropertyDecl p) {
    return new Semantics(metadata(p.annotations()), propertyConstraints(p), embed(p));
  }

  // ---- projection ----

  private SchemaShape shape(SchemaFile file) {
    List<SchemaShape.Interface> ifaceShapes = new ArrayList<>();
    for (InterfaceDecl i : file.interfaces()) {
      ifaceShapes.add(
          new SchemaShape.Interface(
              i.name(), sortedProperties(i.properties(), p -> directProperty(p, List.of()))));
    }
    List<SchemaShape.Node> nodeShapes = new ArrayList<>();
    for (NodeDecl n : file.nodes()) {
      nodeShapes.add(nodeShape(n));
    }
    List<SchemaShape.Edge> edgeShapes = new ArrayList<>();
    for (EdgeDecl e : file.edges()) {
      edgeShapes.add(
          new SchemaShape.Edge(
              e.name(),
              e.fromType(),
              e.toType(),
              e.cardinality(),
              metadata(e.annotations()),
              sortedProperties(e.properties(), p -> directProperty(p, List.of())),
              normalise(e.constraints()),
              renameFrom(e.annotations())));
    }
    ifaceShapes.sort((a, b) -> a.name().compareTo(b.name()));
    nodeShapes.sort((a, b) -> a.name().compareTo(b.name()));
    edgeShapes.sort((a, b) -> a.name().compareTo(b.name()));
    return new SchemaShape(ifaceShapes, nodeShapes, edgeShapes);
  }

  private SchemaShape.Node nodeShape(NodeDecl n) {
    List<Constraint> constraints = new ArrayList<>(n.sourceConstraints());
    List<PropertyDecl> injected = new ArrayList<>();
    List<SchemaShape.Property> properties =
        sortedProperties(
            n.properties(),
            p -> {
              PropertyOrigin origin =
                  n.propertyOrigins().getOrDefault(p.name(), new PropertyOrigin(true, List.of()));
              if (origin.declaredDirectly()) {
                return directProperty(p, origin.interfaceProperties());
              }
              injected.add(p);
              SchemaShape.Property fromInterface = directProperty(p, origin.interfaceProperties());
              // An injected property's rename hint is its interface property's hint.
              return new SchemaShape.Property(
                  fromInterface.name(),
                  fromInterface.type(),
                  fromInterface.annotations(),
                  fromInterface.propertyConstraints(),
                  fromInterface.embedSource(),
                  false,
                  fromInterface.satisfiesInterfaceProperties(),
                  fromInterface.renameFrom());
            });
    SchemaParser.desugarPropertyConstraints(injected, constraints);
    return new SchemaShape.Node(
        n.name(),
        metadata(n.annotations()),
        List.copyOf(new TreeSet<>(n.implementsNames())),
        properties,
        normalise(constraints),
        renameFrom(n.annotations()));
  }

  private static List<SchemaShape.Property> sortedProperties(
      List<PropertyDecl> properties,
      java.util.function.Function<PropertyDecl, SchemaShape.Property> project) {
    TreeMap<String, SchemaShape.Property> sorted = new TreeMap<>();
    for (PropertyDecl p : properties) {
      sorted.putIfAbsent(p.name(), project.apply(p));
    }
    return List.copyOf(sorted.values());
  }

  private static SchemaShape.Property directProperty(
      PropertyDecl p, List<PropertyOrigin.InterfaceProperty> links) {
    return new SchemaShape.Property(
        p.name(),
        p.type(),
        metadata(p.annotations()),
        propertyConstraints(p),
        embed(p),
        true,
        links,
        renameFrom(p.annotations()));
  }

  static List<AnnotationValue> metadata(List<Annotation> annotations) {
    TreeSet<AnnotationValue> sorted = new TreeSet<>();
    for (Annotation a : annotations) {
      if (!NON_METADATA.contains(a.name())) {
        sorted.add(AnnotationValue.of(a));
      }
    }
    return List.copyOf(sorted);
  }

  private static List<String> propertyConstraints(PropertyDecl p) {
    TreeSet<String> kinds = new TreeSet<>();
    for (Annotation a : p.annotations()) {
      if (PROPERTY_CONSTRAINTS.contains(a.name()) && a.value().isEmpty()) {
        kinds.add(a.name());
      }
    }
    return List.copyOf(kinds);
  }

  private static Optional<SchemaShape.EmbedSource> embed(PropertyDecl p) {
    return p.annotation("embed")
        .flatMap(a ->
            a.value()
                .map(v ->
                    new SchemaShape.EmbedSource(v, Optional.ofNullable(a.kwargs().get("model")))));
  }

  private static Optional<String> renameFrom(List<Annotation> annotations) {
    return annotations.stream()
        .filter(a -> a.name().equals("rename_from"))
        .findFirst()
        .flatMap(Annotation::value);
  }

  static List<SchemaShape.ShapeConstraint> normalise(List<Constraint> constraints) {
    TreeMap<String, SchemaShape.ShapeConstraint> byKey = new TreeMap<>();
    for (Constraint c : constraints) {
      SchemaShape.ShapeConstraint s =
          switch (c) {
            case Constraint.Range r ->
                new SchemaShape.ShapeConstraint(
                    "range", List.of(r.property()), r.min(), r.max(), Optional.empty());
            case Constraint.Check ch ->
                new SchemaShape.ShapeConstraint(
                    "check",
                    List.of(ch.property()),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(ch.pattern()));
            default ->
                new SchemaShape.ShapeConstraint(
                    c.keyword(),
                    List.copyOf(new TreeSet<>(c.columns())),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
          };
      byKey.putIfAbsent(s.sortKey(), s);
    }
    return List.copyOf(byKey.values());
  }

  private CompileError error(String message, Declaration d) {
    Span span = d.span();
    return new CompileError(ErrorKind.CATALOG, message, span, source);
  }
}

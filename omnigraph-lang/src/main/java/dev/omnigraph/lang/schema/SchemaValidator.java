package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stages C to E of the validation pipeline: injects interface properties into the nodes that
 * implement them, then validates annotations and constraints. The first failure wins, in
 * declaration order.
 */
final class SchemaValidator {
  private static final Set<String> CONSTRAINT_ANNOTATIONS = Set.of("key", "unique", "index");

  private final SourceText source;
  private final SchemaMode mode;

  private SchemaValidator(SourceText source, SchemaMode mode) {
    this.source = source;
    this.mode = mode;
  }

  static SchemaFile validate(SchemaFile parsed, SourceText source, SchemaMode mode) {
    SchemaValidator v = new SchemaValidator(source, mode);
    SchemaFile resolved = v.resolveInterfaces(parsed);
    v.validateAnnotations(resolved);
    v.validateConstraints(resolved);
    return resolved;
  }

  // ---- Stage C: interface resolution ----

  private SchemaFile resolveInterfaces(SchemaFile file) {
    Map<String, InterfaceDecl> interfaces = new HashMap<>();
    for (InterfaceDecl i : file.interfaces()) {
      interfaces.put(i.name(), i);
    }
    List<Declaration> out = new ArrayList<>();
    for (Declaration d : file.declarations()) {
      out.add(d instanceof NodeDecl n ? resolveNode(n, interfaces) : d);
    }
    return new SchemaFile(out);
  }

  private NodeDecl resolveNode(NodeDecl node, Map<String, InterfaceDecl> interfaces) {
    if (node.implementsNames().isEmpty()) {
      return node;
    }
    List<PropertyDecl> properties = new ArrayList<>(node.properties());
    Map<String, PropertyDecl> byName = new HashMap<>();
    for (PropertyDecl p : properties) {
      byName.putIfAbsent(p.name(), p);
    }
    List<Constraint> constraints = new ArrayList<>(node.constraints());
    Map<String, Boolean> direct = new HashMap<>();
    Map<String, TreeSet<PropertyOrigin.InterfaceProperty>> links = new HashMap<>();
    for (PropertyDecl p : node.properties()) {
      direct.put(p.name(), true);
    }
    for (String interfaceName : node.implementsNames()) {
      InterfaceDecl iface = interfaces.get(interfaceName);
      if (iface == null) {
        throw error(
            "node "
                + node.name()
                + " implements unknown interface '"
                + interfaceName
                + "'; declare `interface "
                + interfaceName
                + " { ... }` or fix the name",
            node.span());
      }
      for (PropertyDecl ip : iface.properties()) {
        direct.putIfAbsent(ip.name(), false);
        links
            .computeIfAbsent(ip.name(), k -> new TreeSet<>())
            .add(new PropertyOrigin.InterfaceProperty(iface.name(), ip.name()));
        PropertyDecl existing = byName.get(ip.name());
        if (existing == null) {
          properties.add(ip);
          byName.put(ip.name(), ip);
          SchemaParser.desugarPropertyConstraints(List.of(ip), constraints);
        } else if (!existing.type().equals(ip.type())) {
          throw error(
              "node "
                  + node.name()
                  + " property '"
                  + ip.name()
                  + "' has type "
                  + existing.type().displayName()
                  + " but interface "
                  + interfaceName
                  + " declares it as "
                  + ip.type().displayName(),
              existing.span());
        }
      }
    }
    Map<String, PropertyOrigin> origins = new HashMap<>();
    for (Map.Entry<String, Boolean> e : direct.entrySet()) {
      origins.put(
          e.getKey(),
          new PropertyOrigin(
              e.getValue(), List.copyOf(links.getOrDefault(e.getKey(), new TreeSet<>()))));
    }
    return new NodeDecl(
        node.name(),
        node.annotations(),
        node.implementsNames(),
        properties,
        constraints,
        node.sourceConstraints(),
        origins,
        node.span());
  }

  // ---- Stage D: annotations ----

  private void validateAnnotations(SchemaFile file) {
    for (Declaration d : file.declarations()) {
      switch (d) {
        case InterfaceDecl i -> {
          for (PropertyDecl p : i.properties()) {
            renameFrom(p.annotations(), "property " + i.name() + "." + p.name());
          }
        }
        case NodeDecl n -> {
          String target = "node " + n.name();
          renameFrom(n.annotations(), target);
          for (Annotation a : n.annotations()) {
            if (CONSTRAINT_ANNOTATIONS.contains(a.name()) || a.name().equals("embed")) {
              throw error(
                  "@"
                      + a.name()
                      + " is only supported on node properties or as body constraint ("
                      + target
                      + ")",
                  a.span());
            }
          }
          metadata(n.annotations(), "description", target);
          metadata(n.annotations(), "instruction", target);
          for (PropertyDecl p : n.properties()) {
            validateProperty(p, n.name(), n.properties(), false);
          }
        }
        case EdgeDecl e -> {
          String target = "edge " + e.name();
          renameFrom(e.annotations(), target);
          for (Annotation a : e.annotations()) {
            if (CONSTRAINT_ANNOTATIONS.contains(a.name()) || a.name().equals("embed")) {
              throw error("@" + a.name() + " is not supported on edges (" + target + ")", a.span());
            }
          }
          metadata(e.annotations(), "description", target);
          metadata(e.annotations(), "instruction", target);
          for (PropertyDecl p : e.properties()) {
            validateProperty(p, e.name(), e.properties(), true);
          }
        }
      }
    }
  }

  private void renameFrom(List<Annotation> annotations, String target) {
    boolean seen = false;
    for (Annotation a : annotations) {
      if (!a.name().equals("rename_from")) {
        continue;
      }
      if (seen) {
        throw error(
            target + " declares @rename_from multiple times; keep one @rename_from(\"OldName\")",
            a.span());
      }
      seen = true;
      if (!a.kwargs().isEmpty()) {
        throw error(
            "@rename_from on "
                + target
                + " does not accept keyword arguments; write @rename_from(\"OldName\")",
            a.span());
      }
      if (a.value().isEmpty() || a.value().get().isBlank()) {
        throw error(
            "@rename_from on "
                + target
                + " requires exactly one non-empty positional value, the previous name:"
                + " @rename_from(\"OldName\")",
            a.span());
      }
    }
  }

  private void metadata(List<Annotation> annotations, String name, String target) {
    boolean seen = false;
    for (Annotation a : annotations) {
      if (!a.name().equals(name)) {
        continue;
      }
      if (seen) {
        throw error(target + " declares @" + name + " multiple times", a.span());
      }
      if (a.value().isEmpty() || a.value().get().isBlank()) {
        throw error(
            "@" + name + " on " + target + " requires a non-empty value: @" + name + "(\"...\")",
            a.span());
      }
      seen = true;
    }
  }

  private void validateProperty(
      PropertyDecl p, String typeName, List<PropertyDecl> siblings, boolean onEdge) {
    String qualified = typeName + "." + p.name();
    metadata(p.annotations(), "description", "property " + qualified);
    renameFrom(p.annotations(), "property " + qualified);
    Set<String> seen = new HashSet<>();
    for (Annotation a : p.annotations()) {
      String n = a.name();
      boolean constraintLike = CONSTRAINT_ANNOTATIONS.contains(n) || n.equals("embed");
      if (p.type().list() && constraintLike) {
        throw error("@" + n + " is not supported on list property " + qualified, a.span());
      }
      if (p.type().isVector() && (n.equals("key") || n.equals("unique"))) {
        throw error("@" + n + " is not supported on vector property " + qualified, a.span());
      }
      if (p.type().isBlob() && constraintLike) {
        throw error("@" + n + " is not supported on blob property " + qualified, a.span());
      }
      if (n.equals("instruction")) {
        throw error(
            "@instruction is only supported on node and edge types (property " + qualified + ")",
            a.span());
      }
      if (onEdge && (n.equals("key") || n.equals("embed"))) {
        throw error(
            "@" + n + " is not supported on edge properties (edge " + qualified + ")", a.span());
      }
      if (CONSTRAINT_ANNOTATIONS.contains(n)) {
        if (a.value().isPresent()) {
          throw error("@" + n + " on " + qualified + " does not accept a value", a.span());
        }
        if (!seen.add(n)) {
          throw error("property " + qualified + " declares @" + n + " multiple times", a.span());
        }
      } else if (n.equals("embed")) {
        validateEmbed(p, a, qualified, siblings, seen);
      }
    }
  }

  private void validateEmbed(
      PropertyDecl p,
      Annotation a,
      String qualified,
      List<PropertyDecl> siblings,
      Set<String> seen) {
    if (!seen.add("embed")) {
      throw error("property " + qualified + " declares @embed multiple times", a.span());
    }
    if (!p.type().isVector()) {
      throw error("@embed is only supported on vector properties (" + qualified + ")", a.span());
    }
    if (a.value().isEmpty()) {
      throw error(
          "@embed on "
              + qualified
              + " requires a source property name: @embed(\"title\") or @embed(title)",
          a.span());
    }
    String sourceName = a.value().get();
    if (sourceName.isBlank()) {
      throw error(
          "@embed on " + qualified + " requires a non-empty source property name", a.span());
    }
    String owner = qualified.substring(0, qualified.indexOf('.'));
    PropertyDecl sourceProp =
        siblings.stream().filter(s -> s.name().equals(sourceName)).findFirst().orElse(null);
    if (sourceProp == null) {
      throw error(
          "@embed on " + qualified + " references unknown source property " + sourceName, a.span());
    }
    if (sourceProp.type().list() || sourceProp.type().scalar() != BaseType.STRING) {
      throw error(
          "@embed source property "
              + owner
              + "."
              + sourceName
              + " must be String, got "
              + sourceProp.type().displayName(),
          a.span());
    }
    for (String key : a.kwargs().keySet()) {
      if (!key.equals("model")) {
        throw error(
            "@embed on "
                + qualified
                + " has unknown argument '"
                + key
                + "=' (only 'model' is supported)",
            a.span());
      }
    }
  }

  // ---- Stage E: constraints ----

  private void validateConstraints(SchemaFile file) {
    for (Declaration d : file.declarations()) {
      switch (d) {
        case NodeDecl n ->
            validateTypeConstraints(n.constraints(), n.properties(), n.name(), false);
        case EdgeDecl e -> validateTypeConstraints(e.constraints(), e.properties(), e.name(), true);
        case InterfaceDecl i -> {}
      }
    }
  }

  private void validateTypeConstraints(
      List<Constraint> constraints,
      List<PropertyDecl> properties,
      String typeName,
      boolean onEdge) {
    Map<String, PropertyDecl> byName = new HashMap<>();
    for (PropertyDecl p : properties) {
      byName.putIfAbsent(p.name(), p);
    }
    int keys = 0;
    for (Constraint c : constraints) {
      String kw = c.keyword();
      switch (c) {
        case Constraint.Key k -> {
          if (onEdge) {
            throw error(
                "@key constraint is not supported on edges (edge "
                    + typeName
                    + "); use @unique(...) for uniqueness on an edge",
                c.span());
          }
          if (++keys > 1) {
            throw error(
                "node type " + typeName + " has multiple @key constraints; only one is supported",
                c.span());
          }
          for (String col : k.columns()) {
            PropertyDecl p = known(byName, col, kw, typeName, c.span());
            String qualified = typeName + "." + col;
            if (p.type().nullable()) {
              throw error(
                  "@key property " + qualified + " cannot be nullable; remove the '?'", c.span());
            }
            if (p.type().list()) {
              throw error("@key is not supported on list property " + qualified, c.span());
            }
            if (p.type().isVector()) {
              throw error("@key is not supported on vector property " + qualified, c.span());
            }
            if (p.type().isBlob()) {
              throw error("@key is not supported on blob property " + qualified, c.span());
            }
          }
          noRepeatedColumns(c, typeName);
        }
        case Constraint.Unique u -> {
          for (String col : u.columns()) {
            if (onEdge && (col.equals("src") || col.equals("dst"))) {
              continue;
            }
            PropertyDecl p = known(byName, col, kw, typeName, c.span());
            String qualified = typeName + "." + col;
            if (p.type().isBlob() && mode == SchemaMode.ADMISSION) {
              throw error("@unique is not supported on blob property " + qualified, c.span());
            }
            // Upstream admits these and then fails every write that touches the type; refusing
            // them here turns a load-time surprise into a schema error.
            if (p.type().list()) {
              throw error("@unique is not supported on list property " + qualified, c.span());
            }
            if (p.type().isVector()) {
              throw error("@unique is not supported on vector property " + qualified, c.span());
            }
          }
          noRepeatedColumns(c, typeName);
        }
        case Constraint.Index i -> {
          for (String col : i.columns()) {
            if (onEdge && (col.equals("src") || col.equals("dst"))) {
              continue;
            }
            PropertyDecl p = known(byName, col, kw, typeName, c.span());
            if (p.type().isBlob()) {
              throw error(
                  "@index is not supported on blob property " + typeName + "." + col, c.span());
            }
          }
          noRepeatedColumns(c, typeName);
        }
        case Constraint.Range r -> {
          if (onEdge) {
            throw error(
                "@range constraint is not supported on edges (edge " + typeName + ")", c.span());
          }
          PropertyDecl p = known(byName, r.property(), kw, typeName, c.span());
          if (!p.type().scalar().isNumeric()) {
            throw error(
                "@range on "
                    + typeName
                    + "."
                    + r.property()
                    + " requires a numeric type, got "
                    + p.type().displayName(),
                c.span());
          }
        }
        case Constraint.Check ch -> {
          if (onEdge) {
            throw error(
                "@check constraint is not supported on edges (edge " + typeName + ")", c.span());
          }
          PropertyDecl p = known(byName, ch.property(), kw, typeName, c.span());
          if (p.type().scalar() != BaseType.STRING) {
            throw error(
                "@check on "
                    + typeName
                    + "."
                    + ch.property()
                    + " requires String type, got "
                    + p.type().displayName(),
                c.span());
          }
        }
      }
    }
  }

  private PropertyDecl known(
      Map<String, PropertyDecl> byName, String col, String kw, String typeName, Span span) {
    PropertyDecl p = byName.get(col);
    if (p == null) {
      throw error(
          "@" + kw + " on " + typeName + " references unknown property '" + col + "'", span);
    }
    return p;
  }

  private void noRepeatedColumns(Constraint c, String typeName) {
    Set<String> seen = new HashSet<>();
    for (String col : c.columns()) {
      if (!seen.add(col)) {
        throw error(
            "@" + c.keyword() + " on " + typeName + " lists property '" + col + "' more than once",
            c.span());
      }
    }
  }

  private CompileError error(String message, Span span) {
    return new CompileError(ErrorKind.PARSE, message, span, source);
  }
}

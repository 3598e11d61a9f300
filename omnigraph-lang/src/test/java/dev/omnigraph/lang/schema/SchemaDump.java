package dev.omnigraph.lang.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A canonical, line-oriented text form of a parsed {@link SchemaFile} for conformance tests. Spans
 * are left out; everything else the parser decides is shown:
 *
 * <pre>
 * interface Named
 *   prop name: String @key
 * node Person implements Named
 *   {@literal @}description("a person")
 *   prop age: I32?
 *   prop name: String @key
 *   constraint range age Integer(0) Integer(200)
 *   constraint key name (injected)
 *   origin age: direct
 *   origin name: Named.name
 * edge Knows: Person -> Person card 0..
 *   prop since: Date?
 *   constraint unique src, dst
 * </pre>
 *
 * <ul>
 *   <li>Declarations in source order; type-level annotations on their own lines, in order.
 *   <li>Properties in AST order (for nodes: direct ones, then injected ones) with {@link
 *       PropType#displayName()} and their annotations inline.
 *   <li>Annotations as {@code @name}, {@code @name("value")}, {@code @name("value", k="v")}; every
 *       value is quoted and escaped as a source string ({@code \\ \" \n \r \t}), so a decoded value
 *       prints as the literal that produced it. Kwargs are in key order.
 *   <li>Constraints in order: {@code key|unique|index col, col}, {@code range p MIN MAX} with
 *       {@link Bound#debugForm()} or {@code None}, {@code check p "pattern"}. A node constraint
 *       that is not among its source constraints (desugared from an injected interface property) is
 *       suffixed {@code (injected)}; should the source constraints not be a prefix of the
 *       constraints, they are listed separately as {@code source-constraint ...} lines.
 *   <li>Node property origins ({@code origin p: direct, Iface.p, ...}) whenever the node implements
 *       an interface or an origin is anything but a plain direct declaration.
 *   <li>An empty schema dumps as {@code (no declarations)}.
 * </ul>
 */
final class SchemaDump {
  private SchemaDump() {}

  static String dump(SchemaFile file) {
    List<String> out = new ArrayList<>();
    if (file.declarations().isEmpty()) {
      out.add("(no declarations)");
    }
    for (Declaration d : file.declarations()) {
      switch (d) {
        case InterfaceDecl i -> {
          out.add("interface " + i.name());
          properties(out, i.properties());
        }
        case NodeDecl n -> node(out, n);
        case EdgeDecl e -> {
          out.add(
              "edge "
                  + e.name()
                  + ": "
                  + e.fromType()
                  + " -> "
                  + e.toType()
                  + " card "
                  + cardinality(e.cardinality()));
          annotationLines(out, e.annotations());
          properties(out, e.properties());
          for (Constraint c : e.constraints()) {
            out.add("  constraint " + constraint(c));
          }
        }
      }
    }
    return String.join("\n", out);
  }

  private static void node(List<String> out, NodeDecl n) {
    StringBuilder header = new StringBuilder("node ").append(n.name());
    if (!n.implementsNames().isEmpty()) {
      header.append(" implements ").append(String.join(", ", n.implementsNames()));
    }
    out.add(header.toString());
    annotationLines(out, n.annotations());
    properties(out, n.properties());
    List<String> all = n.constraints().stream().map(SchemaDump::constraint).toList();
    List<String> source = n.sourceConstraints().stream().map(SchemaDump::constraint).toList();
    boolean prefix = source.size() <= all.size() && all.subList(0, source.size()).equals(source);
    for (int i = 0; i < all.size(); i++) {
      out.add("  constraint " + all.get(i) + (prefix && i >= source.size() ? " (injected)" : ""));
    }
    if (!prefix) {
      for (String s : source) {
        out.add("  source-constraint " + s);
      }
    }
    Map<String, PropertyOrigin> origins = n.propertyOrigins();
    boolean plain =
        n.implementsNames().isEmpty()
            && origins.size() == n.properties().size()
            && n.properties().stream()
                .allMatch(p -> {
                  PropertyOrigin o = origins.get(p.name());
                  return o != null && o.declaredDirectly() && o.interfaceProperties().isEmpty();
                });
    if (plain) {
      return;
    }
    // Properties in AST order, then any origin without a property, by name.
    List<String> names = new ArrayList<>();
    for (PropertyDecl p : n.properties()) {
      if (!names.contains(p.name())) {
        names.add(p.name());
      }
    }
    for (String k : new TreeSet<>(origins.keySet())) {
      if (!names.contains(k)) {
        names.add(k);
      }
    }
    for (String name : names) {
      PropertyOrigin o = origins.get(name);
      if (o == null) {
        out.add("  origin " + name + ": (missing)");
        continue;
      }
      List<String> parts = new ArrayList<>();
      if (o.declaredDirectly()) {
        parts.add("direct");
      }
      for (PropertyOrigin.InterfaceProperty ip : o.interfaceProperties()) {
        parts.add(ip.interfaceName() + "." + ip.propertyName());
      }
      out.add("  origin " + name + ": " + (parts.isEmpty() ? "(none)" : String.join(", ", parts)));
    }
  }

  private static void properties(List<String> out, List<PropertyDecl> properties) {
    for (PropertyDecl p : properties) {
      StringBuilder line =
          new StringBuilder("  prop ").append(p.name()).append(": ").append(p.type().displayName());
      for (Annotation a : p.annotations()) {
        line.append(' ').append(annotation(a));
      }
      out.add(line.toString());
    }
  }

  private static void annotationLines(List<String> out, List<Annotation> annotations) {
    for (Annotation a : annotations) {
      out.add("  " + annotation(a));
    }
  }

  static String annotation(Annotation a) {
    StringBuilder sb = new StringBuilder("@").append(a.name());
    if (a.value().isEmpty() && a.kwargs().isEmpty()) {
      return sb.toString();
    }
    List<String> args = new ArrayList<>();
    args.add(a.value().map(SchemaDump::quote).orElse("(none)"));
    a.kwargs().forEach((k, v) -> args.add(k + "=" + quote(v)));
    return sb.append('(').append(String.join(", ", args)).append(')').toString();
  }

  static String constraint(Constraint c) {
    return switch (c) {
      case Constraint.Key k -> "key " + String.join(", ", k.columns());
      case Constraint.Unique u -> "unique " + String.join(", ", u.columns());
      case Constraint.Index i -> "index " + String.join(", ", i.columns());
      case Constraint.Range r ->
          "range "
              + r.property()
              + " "
              + r.min().map(Bound::debugForm).orElse("None")
              + " "
              + r.max().map(Bound::debugForm).orElse("None");
      case Constraint.Check ch -> "check " + ch.property() + " " + quote(ch.pattern());
    };
  }

  private static String cardinality(Cardinality c) {
    return c.min() + ".." + (c.max().isPresent() ? String.valueOf(c.max().getAsLong()) : "");
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }
}

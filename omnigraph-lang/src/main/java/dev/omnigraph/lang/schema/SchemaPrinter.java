package dev.omnigraph.lang.schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Prints a {@link SchemaFile} as {@code .pg} source that parses back to an equal schema: the same
 * shape, the same identities and the same hashes.
 */
public final class SchemaPrinter {
  private SchemaPrinter() {}

  /** The schema as source text, one declaration after another in their original order. */
  public static String print(SchemaFile file) {
    StringBuilder out = new StringBuilder();
    for (Declaration d : file.declarations()) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      switch (d) {
        case InterfaceDecl i -> {
          out.append("interface ").append(i.name()).append(" {\n");
          i.properties().forEach(p -> property(out, p));
          out.append("}\n");
        }
        case NodeDecl n -> {
          out.append("node ").append(n.name());
          annotations(out, n.annotations());
          if (!n.implementsNames().isEmpty()) {
            out.append(" implements ").append(String.join(", ", n.implementsNames()));
          }
          out.append(" {\n");
          List<PropertyDecl> direct =
              n.properties().stream()
                  .filter(p -> {
                    PropertyOrigin o = n.propertyOrigins().get(p.name());
                    return o == null || o.declaredDirectly();
                  })
                  .toList();
          direct.forEach(p -> property(out, p));
          bodyConstraints(n.sourceConstraints(), direct).forEach(c -> constraint(out, c));
          out.append("}\n");
        }
        case EdgeDecl e -> {
          out.append("edge ")
              .append(e.name())
              .append(": ")
              .append(e.fromType())
              .append(" -> ")
              .append(e.toType());
          if (!e.cardinality().isDefault()) {
            out.append(" @card(").append(e.cardinality()).append(')');
          }
          annotations(out, e.annotations());
          out.append(" {\n");
          e.properties().forEach(p -> property(out, p));
          bodyConstraints(e.constraints(), e.properties()).forEach(c -> constraint(out, c));
          out.append("}\n");
        }
      }
    }
    return out.toString();
  }

  /** {@code s} as a {@code .pg} string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  // The parser appends the constraints desugared from property annotations after the body ones;
  // printing only the body ones keeps the annotations the single place they are written.
  private static List<Constraint> bodyConstraints(
      List<Constraint> constraints, List<PropertyDecl> properties) {
    int desugared = 0;
    for (PropertyDecl p : properties) {
      for (Annotation a : p.annotations()) {
        if (a.value().isEmpty()
            && (a.name().equals("key") || a.name().equals("unique") || a.name().equals("index"))) {
          desugared++;
        }
      }
    }
    return constraints.subList(0, constraints.size() - desugared);
  }

  private static void property(StringBuilder out, PropertyDecl p) {
    out.append("  ").append(p.name()).append(": ").append(p.type().displayName());
    annotations(out, p.annotations());
    out.append('\n');
  }

  private static void annotations(StringBuilder out, List<Annotation> annotations) {
    for (Annotation a : annotations) {
      out.append(' ').append(AnnotationValue.of(a).toSource());
    }
  }

  private static void constraint(StringBuilder out, Constraint c) {
    out.append("  @").append(c.keyword()).append('(');
    switch (c) {
      case Constraint.Range r ->
          out.append(r.property())
              .append(", ")
              .append(bound(r.min()))
              .append("..")
              .append(bound(r.max()));
      case Constraint.Check ch ->
          out.append(ch.property()).append(", ").append(quote(ch.pattern()));
      default -> out.append(String.join(", ", c.columns()));
    }
    out.append(")\n");
  }

  private static String bound(Optional<Bound> bound) {
    if (bound.isEmpty()) {
      return "";
    }
    return switch (bound.get()) {
      case Bound.IntegerBound i -> Long.toString(i.value());
      case Bound.FloatBound f -> floatText(f.value());
    };
  }

  // A float bound must re-parse as a float: keep a fraction unless the value is too large for a
  // long, where the parser falls back to a float anyway.
  private static String floatText(double value) {
    if (value == 0 && 1 / value < 0) {
      return "-0.0";
    }
    String plain = new BigDecimal(Double.toString(value)).toPlainString();
    if (plain.contains(".")) {
      return plain;
    }
    BigDecimal exact = new BigDecimal(plain);
    boolean fitsLong =
        exact.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
            && exact.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    return fitsLong ? plain + ".0" : plain;
  }
}

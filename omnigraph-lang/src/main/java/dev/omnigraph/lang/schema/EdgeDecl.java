package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;

/** An edge type from {@code fromType} to {@code toType} nodes, with its cardinality. */
public record EdgeDecl(
    String name,
    String fromType,
    String toType,
    Cardinality cardinality,
    List<Annotation> annotations,
    List<PropertyDecl> properties,
    List<Constraint> constraints,
    Span span)
    implements Declaration {
  public EdgeDecl {
    annotations = List.copyOf(annotations);
    properties = List.copyOf(properties);
    constraints = List.copyOf(constraints);
  }
}

package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;
import java.util.Optional;

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

  public Optional<PropertyDecl> property(String propertyName) {
    return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
  }
}

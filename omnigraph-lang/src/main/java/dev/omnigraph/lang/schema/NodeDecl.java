package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;
import java.util.Map;

/**
 * A node type. {@code properties} holds the directly declared properties in source order, then
 * those injected from interfaces; {@code constraints} holds every constraint including desugared
 * property-level and injected ones, {@code sourceConstraints} only those written in this node.
 */
public record NodeDecl(
    String name,
    List<Annotation> annotations,
    List<String> implementsNames,
    List<PropertyDecl> properties,
    List<Constraint> constraints,
    List<Constraint> sourceConstraints,
    Map<String, PropertyOrigin> propertyOrigins,
    Span span)
    implements Declaration {
  public NodeDecl {
    annotations = List.copyOf(annotations);
    implementsNames = List.copyOf(implementsNames);
    properties = List.copyOf(properties);
    constraints = List.copyOf(constraints);
    sourceConstraints = List.copyOf(sourceConstraints);
    propertyOrigins = Map.copyOf(propertyOrigins);
  }
}

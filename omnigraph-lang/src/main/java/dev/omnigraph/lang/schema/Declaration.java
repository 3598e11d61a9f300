package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;
import java.util.Optional;

/** One top-level declaration of a schema: an interface, a node type or an edge type. */
public sealed interface Declaration permits InterfaceDecl, NodeDecl, EdgeDecl {
  String name();

  List<PropertyDecl> properties();

  /** The first property named {@code propertyName}. */
  default Optional<PropertyDecl> property(String propertyName) {
    return properties().stream().filter(p -> p.name().equals(propertyName)).findFirst();
  }

  /** The span of the declaration's name. */
  Span span();

  /** The kind as written in the schema: {@code interface}, {@code node} or {@code edge}. */
  default String kind() {
    return switch (this) {
      case InterfaceDecl i -> "interface";
      case NodeDecl n -> "node";
      case EdgeDecl e -> "edge";
    };
  }
}

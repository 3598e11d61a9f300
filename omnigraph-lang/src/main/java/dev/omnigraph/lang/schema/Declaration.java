package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;

/** One top-level declaration of a schema: an interface, a node type or an edge type. */
public sealed interface Declaration permits InterfaceDecl, NodeDecl, EdgeDecl {
  String name();

  List<PropertyDecl> properties();

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

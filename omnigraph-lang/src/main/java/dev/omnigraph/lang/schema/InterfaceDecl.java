package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;

/** An interface: a named set of properties that node types can implement. */
public record InterfaceDecl(String name, List<PropertyDecl> properties, Span span)
    implements Declaration {
  public InterfaceDecl {
    properties = List.copyOf(properties);
  }
}

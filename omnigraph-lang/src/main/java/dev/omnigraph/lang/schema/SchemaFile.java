package dev.omnigraph.lang.schema;

import java.util.List;
import java.util.Optional;

/** A parsed and validated {@code .pg} file: its declarations in source order. */
public record SchemaFile(List<Declaration> declarations) {
  public SchemaFile {
    declarations = List.copyOf(declarations);
  }

  public List<InterfaceDecl> interfaces() {
    return declarations.stream()
        .filter(InterfaceDecl.class::isInstance)
        .map(InterfaceDecl.class::cast)
        .toList();
  }

  public List<NodeDecl> nodes() {
    return declarations.stream()
        .filter(NodeDecl.class::isInstance)
        .map(NodeDecl.class::cast)
        .toList();
  }

  public List<EdgeDecl> edges() {
    return declarations.stream()
        .filter(EdgeDecl.class::isInstance)
        .map(EdgeDecl.class::cast)
        .toList();
  }

  /** The first node declared as {@code name}. */
  public Optional<NodeDecl> node(String name) {
    return nodes().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The first edge declared as {@code name}. */
  public Optional<EdgeDecl> edge(String name) {
    return edges().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The first interface declared as {@code name}. */
  public Optional<InterfaceDecl> iface(String name) {
    return interfaces().stream().filter(i -> i.name().equals(name)).findFirst();
  }
}

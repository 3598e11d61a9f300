package dev.omnigraph.lang.query;

/** What a query variable is bound to: a node of a type, or one edge row of an edge type. */
public sealed interface VarType {
  /** A node variable of node type {@code typeName}. */
  record NodeVar(String typeName) implements VarType {}

  /** An edge binding ({@code $w:knows}) of edge type {@code edgeType} (its declared name). */
  record EdgeVar(String edgeType) implements VarType {}
}

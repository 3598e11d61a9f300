package dev.omnigraph.lang.query;

import dev.omnigraph.lang.source.Span;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code query name(params) { body }}: a read (match, return, order, limit) when {@code
 * mutations} is empty, else a mutation whose read parts are empty.
 */
public record QueryDecl(
    String name,
    Optional<String> description,
    Optional<String> instruction,
    List<Param> params,
    List<Clause> match,
    List<Projection> returns,
    List<Ordering> order,
    OptionalLong limit,
    List<Mutation> mutations,
    Span span) {
  public QueryDecl {
    params = List.copyOf(params);
    match = List.copyOf(match);
    returns = List.copyOf(returns);
    order = List.copyOf(order);
    mutations = List.copyOf(mutations);
  }

  public boolean isMutation() {
    return !mutations.isEmpty();
  }

  /** The declared parameter named {@code name} (without {@code $}). */
  public Optional<Param> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }

  /**
   * A declared parameter: {@code $name: Type}. {@code typeName} is the type as written without
   * spaces ({@code String}, {@code [Date]}, {@code Vector(3)}); {@code nullable} is a trailing
   * {@code ?}.
   */
  public record Param(String name, String typeName, boolean nullable, Span span) {}

  /** {@code expr [as alias]} in {@code return}. */
  public record Projection(Expr expr, Optional<String> alias, Span span) {}

  /** {@code expr [asc|desc]} in {@code order}. */
  public record Ordering(Expr expr, boolean descending, Span span) {}
}

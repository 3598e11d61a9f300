package dev.omnigraph.lang.query;

import java.util.List;

/**
 * The columns a checked read query returns, one per projection in order, named as the executor
 * names them (alias, else {@code v.p}, variable or parameter name, {@code literal}, or for an
 * aggregate its argument's column); a mutation has none.
 */
public record ResultSchema(List<ResultField> fields) {
  public ResultSchema {
    fields = List.copyOf(fields);
  }

  /** The result schema of {@code checked}. */
  public static ResultSchema of(CheckedQuery checked) {
    return new ResultSchema(QueryTypechecker.resultSchema(checked));
  }

  /** The column names in order. */
  public List<String> names() {
    return fields.stream().map(ResultField::name).toList();
  }

  /**
   * The column name the executor gives {@code projection}: its alias, else {@code v.p} for {@code
   * $v.p}, the name of a variable or parameter, {@code literal}, {@code __nanograph_now} for {@code
   * now()}, and for an aggregate the column of its argument ({@code count($f)} is {@code f}).
   */
  public static String columnName(QueryDecl.Projection projection) {
    return QueryTypechecker.columnName(projection);
  }
}

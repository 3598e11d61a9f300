package dev.omnigraph.engine.exec;

import dev.omnigraph.lang.query.ResultSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The rows of a read query, one list of values per row in the order of {@code schema}'s columns,
 * read from the graph state of commit {@code commitId}.
 *
 * <p>Values are plain Java objects, {@code null} for a missing value: String for String, enum and
 * node ids; Boolean; Integer for I32; Long for I64, U32 and U64; Float for F32; Double for F64;
 * {@link java.time.LocalDate} for Date; {@link java.time.Instant} for DateTime; an unmodifiable
 * {@link List} of such values for a list, and of Float for a vector. A bare node variable ({@code
 * return { $p }}) yields the node's id, as upstream does, not the struct its result type describes.
 * Aggregates: count is Long, sum and avg are Double, min and max keep their argument's type.
 */
public record QueryResult(
    String queryName, String commitId, ResultSchema schema, List<List<Object>> rows) {
  public QueryResult {
    Objects.requireNonNull(queryName, "queryName");
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(schema, "schema");
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != schema.fields().size()) {
        throw new IllegalArgumentException(
            "a row has " + row.size() + " values for " + schema.fields().size() + " columns");
      }
      // Values may be null, which List.copyOf refuses.
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** The column names in order. */
  public List<String> columns() {
    return schema.names();
  }

  public int rowCount() {
    return rows.size();
  }

  /**
   * The values of the first column named {@code name}, one per row.
   *
   * @throws IllegalArgumentException if no column has that name
   */
  public List<Object> column(String name) {
    int index = columns().indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(
          "the result has no column '" + name + "'; its columns are " + columns());
    }
    List<Object> values = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      values.add(row.get(index));
    }
    return Collections.unmodifiableList(values);
  }
}

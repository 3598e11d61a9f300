package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a read query: one object per row keyed by projection label ({@code p.name}, or the
 * alias), the labels in projection order, and the commit the rows were read at.
 *
 * @param queryName the query that ran
 * @param target the branch or snapshot it ran against
 * @param rowCount the number of rows
 * @param columns the row keys in projection order; left out of the JSON when empty
 * @param rows the rows; values are JSON values (strings, numbers, booleans, {@code null}, lists,
 *     maps)
 * @param graphCommitId the commit the rows were read at; left out of the JSON when {@code null}
 */
public record ReadOutput(
    String queryName,
    ReadTargetOutput target,
    long rowCount,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> columns,
    List<Map<String, Object>> rows,
    @JsonInclude(JsonInclude.Include.NON_NULL) String graphCommitId) {
  public ReadOutput {
    Objects.requireNonNull(queryName, "queryName");
    Objects.requireNonNull(target, "target");
    columns = List.copyOf(columns);
    // Row maps keep their key order and may hold nulls, so they are copied, not List.copyOf'd.
    List<Map<String, Object>> copy = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }
}

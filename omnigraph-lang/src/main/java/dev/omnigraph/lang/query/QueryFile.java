package dev.omnigraph.lang.query;

import java.util.List;
import java.util.Optional;

/** A parsed {@code .gq} file: its queries in source order. */
public record QueryFile(List<QueryDecl> queries) {
  public QueryFile {
    queries = List.copyOf(queries);
  }

  /** The first query named {@code name} (duplicates are allowed; the first wins). */
  public Optional<QueryDecl> query(String name) {
    return queries.stream().filter(q -> q.name().equals(name)).findFirst();
  }
}

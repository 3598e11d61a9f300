package dev.omnigraph.engine.table;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One index of a table version: its name, indexed columns, Lance index type ({@code BTree}, {@code
 * Inverted}, {@code IVF_FLAT}, ...), the spec that rebuilds it (empty for an index Omnigraph did
 * not build), and whether it covers every fragment; an index that does not is stale (rows appended
 * or rewritten since the build are found by scanning them) until it is built again.
 */
public record TableIndex(
    String name,
    List<String> columns,
    String type,
    Optional<IndexSpec> spec,
    boolean coversAllFragments) {
  public TableIndex {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(spec, "spec");
  }
}

package dev.omnigraph.engine.write;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an export wrote: the commit whose state it is, and the lines written per node and per edge
 * type (by name, sorted).
 */
public record ExportResult(
    String commitId, SortedMap<String, Long> nodes, SortedMap<String, Long> edges) {
  public ExportResult {
    Objects.requireNonNull(commitId, "commitId");
    nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
    edges = Collections.unmodifiableSortedMap(new TreeMap<>(edges));
  }
}

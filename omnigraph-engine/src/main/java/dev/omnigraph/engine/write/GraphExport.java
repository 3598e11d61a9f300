package dev.omnigraph.engine.write;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.arrow.vector.FieldVector;

/**
 * Writes the state of one commit as JSONL in the load format, one line per entity: every edge type
 * (by name) and then every node type (by name), each type's rows by {@code id} ascending, {@code
 * data.id} first and then every property (nulls included). Rows stream one batch at a time, so
 * memory does not grow with the graph; the sort by id is Lance's.
 */
public final class GraphExport {
  /** Rows per batch read for export. */
  static final int BATCH = 1024;

  private GraphExport() {}

  /** Writes the state of {@code record} (whose schema is {@code catalog}) to {@code out}. */
  public static ExportResult write(
      CommitRecord record, Catalog catalog, Tables tables, Writer out) {
    return write(record, catalog, tables, Set.of(), out);
  }

  /**
   * Writes the state of {@code record} to {@code out} as {@link #write(CommitRecord, Catalog,
   * Tables, Writer)} does, keeping only the types named in {@code typeNames} (every type when it is
   * empty); the tables of other types are not read.
   */
  public static ExportResult write(
      CommitRecord record, Catalog catalog, Tables tables, Set<String> typeNames, Writer out) {
    GraphTypes types = GraphTypes.of(catalog);
    SortedMap<String, Long> edges = new TreeMap<>();
    SortedMap<String, Long> nodes = new TreeMap<>();
    for (TypeTable t : types.edges().values()) {
      if (typeNames.isEmpty() || typeNames.contains(t.name())) {
        edges.put(t.name(), type(record, t, tables, out));
      }
    }
    for (TypeTable t : types.nodes().values()) {
      if (typeNames.isEmpty() || typeNames.contains(t.name())) {
        nodes.put(t.name(), type(record, t, tables, out));
      }
    }
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the export failed", e);
    }
    return new ExportResult(record.commitId(), nodes, edges);
  }

  private static long type(CommitRecord record, TypeTable table, Tables tables, Writer out) {
    long[] lines = {0};
    List<String> columns = table.columns();
    StringBuilder line = new StringBuilder();
    tables.streamRows(
        table.versionIn(record),
        columns,
        List.of(Catalog.ID_COLUMN),
        BATCH,
        batch -> {
          List<FieldVector> vectors = columns.stream().map(batch::getVector).toList();
          for (int i = 0; i < batch.getRowCount(); i++) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put(Catalog.ID_COLUMN, Cells.read(vectors.getFirst(), i));
            int first = table.isNode() ? 1 : 3;
            for (int c = first; c < columns.size(); c++) {
              data.put(columns.get(c), WriteValues.toJson(Cells.read(vectors.get(c), i)));
            }
            Map<String, Object> entity = new LinkedHashMap<>();
            if (table.isNode()) {
              entity.put("type", table.name());
            } else {
              entity.put("edge", table.name());
              entity.put("from", Cells.read(vectors.get(1), i));
              entity.put("to", Cells.read(vectors.get(2), i));
            }
            entity.put("data", data);
            line.setLength(0);
            line.append(Json.write(entity)).append('\n');
            try {
              out.write(line.toString());
            } catch (IOException e) {
              throw new UncheckedIOException("writing the export failed", e);
            }
            lines[0]++;
          }
        });
    return lines[0];
  }
}

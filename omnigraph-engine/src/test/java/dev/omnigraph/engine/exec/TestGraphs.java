package dev.omnigraph.engine.exec;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.SchemaCompiler;
import dev.omnigraph.lang.source.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds test graphs from a schema and upstream-style JSONL records ({@code {"type": T, "data":
 * {...}}} and {@code {"edge": E, "from": a, "to": b, "data": {...}}}): node ids are their single
 * {@code @key} value, edge ids are {@code data.id} when given, else {@code <Edge>-<n>}.
 */
final class TestGraphs {
  private TestGraphs() {}

  /** A resource of this package as text. */
  static String resource(String name) {
    try (InputStream in = TestGraphs.class.getResourceAsStream("/exec/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /exec/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A step of {@link #build} that optimizes branch main (building its declared indexes). */
  static final String OPTIMIZE = "@optimize";

  /**
   * A graph at {@code root} with {@code schema} and one commit per JSONL block of {@code commits},
   * where a block {@link #OPTIMIZE} optimizes instead.
   */
  static Omnigraph build(Path root, String schema, List<String> commits) {
    Catalog catalog = catalog(schema);
    Omnigraph graph = Omnigraph.init(root, schema);
    try {
      int[] edgeIds = {0};
      for (String jsonl : commits) {
        if (jsonl.equals(OPTIMIZE)) {
          graph.optimize("main");
        } else {
          graph.append("main", rows(catalog, jsonl, edgeIds));
        }
      }
      return graph;
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  static Catalog catalog(String schema) {
    return SchemaCompiler.catalog(
        SchemaCompiler.initialIr(
            SchemaCompiler.shape(SourceText.of("test.pg", schema)), "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
  }

  /** The rows of {@code jsonl} by type, ready for {@link Omnigraph#append}. */
  static Map<String, List<Map<String, Object>>> rows(Catalog catalog, String jsonl, int[] edgeIds) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (String line : jsonl.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      Map<?, ?> record = (Map<?, ?>) Json.parse(line);
      Map<?, ?> data = record.get("data") == null ? Map.of() : (Map<?, ?>) record.get("data");
      Map<String, Object> row = new HashMap<>();
      if (record.get("type") instanceof String type) {
        Catalog.NodeType t = catalog.node(type).orElseThrow();
        data.forEach((k, v) -> row.put((String) k, value(t.properties().get((String) k), v)));
        if (t.key().size() != 1) {
          throw new IllegalArgumentException("test graphs need one @key on " + type);
        }
        row.put("id", String.valueOf(row.get(t.key().getFirst())));
        out.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(row);
      } else {
        Catalog.EdgeType t = catalog.edge((String) record.get("edge")).orElseThrow();
        data.forEach((k, v) -> {
          if (!k.equals("id")) {
            row.put((String) k, value(t.properties().get((String) k), v));
          }
        });
        row.put("id", data.containsKey("id") ? data.get("id") : t.name() + "-" + ++edgeIds[0]);
        row.put("src", record.get("from"));
        row.put("dst", record.get("to"));
        out.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(row);
      }
    }
    return out;
  }

  private static Object value(PropType type, Object json) {
    if (type == null) {
      throw new IllegalArgumentException("no such property for value " + json);
    }
    if (json == null) {
      return null;
    }
    if (type.list()) {
      List<Object> items = new ArrayList<>();
      for (Object item : (List<?>) json) {
        items.add(value(PropType.of(type.scalar(), false), item));
      }
      return items;
    }
    if (!(type.scalar() instanceof BaseType base)) {
      List<Object> floats = new ArrayList<>();
      for (Object item : (List<?>) json) {
        floats.add(((Number) item).floatValue());
      }
      return floats;
    }
    return switch (base) {
      case STRING, BLOB -> (String) json;
      case BOOL -> (Boolean) json;
      case I32 -> Math.toIntExact((Long) json);
      case I64, U32, U64 -> (Long) json;
      case F32 -> ((Number) json).floatValue();
      case F64 -> ((Number) json).doubleValue();
      case DATE -> LocalDate.parse((String) json);
      case DATE_TIME -> Instant.parse((String) json);
    };
  }
}

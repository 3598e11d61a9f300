package dev.omnigraph.lang.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An annotation as stored in a schema shape or IR: its name, value and keyword arguments. */
public record AnnotationValue(String name, Optional<String> value, SortedMap<String, String> kwargs)
    implements Comparable<AnnotationValue> {
  public AnnotationValue {
    kwargs = Collections.unmodifiableSortedMap(new TreeMap<>(kwargs));
  }

  /** The stored form of a parsed annotation. */
  public static AnnotationValue of(Annotation a) {
    return new AnnotationValue(a.name(), a.value(), a.kwargs());
  }

  /** The JSON form; {@code kwargs} is present only when non-empty. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("value", value.orElse(null));
    if (!kwargs.isEmpty()) {
      m.put("kwargs", new LinkedHashMap<>(kwargs));
    }
    return m;
  }

  /** Annotations sort by their canonical JSON text, so the order never depends on the source. */
  @Override
  public int compareTo(AnnotationValue o) {
    return Json.write(toJson()).compareTo(Json.write(o.toJson()));
  }

  /** The annotation as written in a schema, e.g. {@code @description("x")}. */
  public String toSource() {
    StringBuilder sb = new StringBuilder("@").append(name);
    if (value.isPresent()) {
      sb.append('(').append(SchemaPrinter.quote(value.get()));
      kwargs.forEach(
          (k, v) -> sb.append(", ").append(k).append('=').append(SchemaPrinter.quote(v)));
      sb.append(')');
    }
    return sb.toString();
  }
}

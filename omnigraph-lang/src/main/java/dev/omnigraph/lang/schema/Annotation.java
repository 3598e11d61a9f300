package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An annotation {@code @name}, {@code @name(value)} or {@code @name(value, key=value...)}: the
 * value is the decoded string for a string literal and the token text otherwise.
 */
public record Annotation(
    String name, Optional<String> value, SortedMap<String, String> kwargs, Span span) {
  public Annotation {
    kwargs = Collections.unmodifiableSortedMap(new TreeMap<>(kwargs));
  }

  public static Annotation of(String name, String value, Span span) {
    return new Annotation(name, Optional.ofNullable(value), new TreeMap<>(), span);
  }
}

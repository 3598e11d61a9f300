package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;
import java.util.Optional;

/** A property declaration {@code name: Type @annotation...}. */
public record PropertyDecl(String name, PropType type, List<Annotation> annotations, Span span) {
  public PropertyDecl {
    annotations = List.copyOf(annotations);
  }

  /** The first annotation named {@code annotationName}. */
  public Optional<Annotation> annotation(String annotationName) {
    return annotations.stream().filter(a -> a.name().equals(annotationName)).findFirst();
  }

  public boolean hasAnnotation(String annotationName) {
    return annotation(annotationName).isPresent();
  }
}

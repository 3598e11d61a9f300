package dev.omnigraph.lang.schema;

/** The element type of a property: one of the {@link BaseType}s or a fixed-size float vector. */
public sealed interface ScalarType permits BaseType, VectorType {
  /** The type as written in a schema, e.g. {@code I32} or {@code Vector(3)}. */
  String displayName();

  /** Whether {@code @range} applies: the integer and floating-point types. */
  default boolean isNumeric() {
    return this instanceof BaseType b
        && switch (b) {
          case I32, I64, U32, U64, F32, F64 -> true;
          default -> false;
        };
  }
}

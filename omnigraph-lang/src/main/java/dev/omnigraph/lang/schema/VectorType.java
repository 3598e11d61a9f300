package dev.omnigraph.lang.schema;

/** A vector of {@code dimension} 32-bit floats, {@code 1 <= dimension <= Integer.MAX_VALUE}. */
public record VectorType(int dimension) implements ScalarType {
  public VectorType {
    if (dimension <= 0) {
      throw new IllegalArgumentException("Vector dimension must be greater than zero");
    }
  }

  @Override
  public String displayName() {
    return "Vector(" + dimension + ")";
  }

  @Override
  public String toString() {
    return displayName();
  }
}

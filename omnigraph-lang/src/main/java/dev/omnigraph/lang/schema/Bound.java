package dev.omnigraph.lang.schema;

/** One bound of a {@code @range} constraint: an integer, or a float when it does not fit a long. */
public sealed interface Bound {
  /** The bound as a double, the type {@code @range} compares in. */
  double asDouble();

  /** The bound in the form sort keys and messages use: {@code Integer(0)}, {@code Float(1.5)}. */
  String debugForm();

  /** An integer bound. */
  record IntegerBound(long value) implements Bound {
    @Override
    public double asDouble() {
      return value;
    }

    @Override
    public String debugForm() {
      return "Integer(" + value + ")";
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A floating-point bound. */
  record FloatBound(double value) implements Bound {
    @Override
    public double asDouble() {
      return value;
    }

    @Override
    public String debugForm() {
      return "Float(" + value + ")";
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }
}

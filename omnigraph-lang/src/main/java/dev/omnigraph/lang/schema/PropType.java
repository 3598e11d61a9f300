package dev.omnigraph.lang.schema;

import java.util.List;
import java.util.Objects;

/**
 * The type of a property: a scalar, optionally a list of it, optionally nullable, and for enums the
 * allowed values (sorted, without duplicates; empty for every non-enum type).
 */
public record PropType(ScalarType scalar, boolean nullable, boolean list, List<String> enumValues) {
  public PropType {
    Objects.requireNonNull(scalar, "scalar");
    enumValues = List.copyOf(enumValues);
    if (!enumValues.isEmpty() && (scalar != BaseType.STRING || list)) {
      throw new IllegalArgumentException("enum values need a non-list String scalar");
    }
    if (list && (scalar == BaseType.BLOB || scalar instanceof VectorType)) {
      throw new IllegalArgumentException("list of " + scalar.displayName() + " is not supported");
    }
  }

  public static PropType of(ScalarType scalar, boolean nullable) {
    return new PropType(scalar, nullable, false, List.of());
  }

  public static PropType listOf(ScalarType scalar, boolean nullable) {
    return new PropType(scalar, nullable, true, List.of());
  }

  /** An enum type; {@code values} are sorted and deduplicated here. */
  public static PropType enumOf(List<String> values, boolean nullable) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("enum type must include at least one value");
    }
    return new PropType(
        BaseType.STRING, nullable, false, values.stream().distinct().sorted().toList());
  }

  public boolean isEnum() {
    return !enumValues.isEmpty();
  }

  public boolean isVector() {
    return scalar instanceof VectorType;
  }

  public boolean isBlob() {
    return scalar == BaseType.BLOB;
  }

  /** This type with nullability {@code nullable}. */
  public PropType withNullable(boolean nullable) {
    return new PropType(scalar, nullable, list, enumValues);
  }

  /**
   * The type as messages show it: {@code String}, {@code I32?}, {@code [String]}, {@code [I32]?},
   * {@code Vector(3)}, {@code enum(a, b)}.
   */
  public String displayName() {
    String core;
    if (isEnum()) {
      core = "enum(" + String.join(", ", enumValues) + ")";
    } else if (list) {
      core = "[" + scalar.displayName() + "]";
    } else {
      core = scalar.displayName();
    }
    return nullable ? core + "?" : core;
  }

  @Override
  public String toString() {
    return displayName();
  }
}

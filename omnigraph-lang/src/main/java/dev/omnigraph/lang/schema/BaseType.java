package dev.omnigraph.lang.schema;

import java.util.Optional;

/** The scalar types a schema can name directly. */
public enum BaseType implements ScalarType {
  STRING("String"),
  BLOB("Blob"),
  BOOL("Bool"),
  I32("I32"),
  I64("I64"),
  U32("U32"),
  U64("U64"),
  F32("F32"),
  F64("F64"),
  DATE_TIME("DateTime"),
  DATE("Date");

  private final String displayName;

  BaseType(String displayName) {
    this.displayName = displayName;
  }

  @Override
  public String displayName() {
    return displayName;
  }

  /** The base type written as {@code name} in a schema. */
  public static Optional<BaseType> named(String name) {
    for (BaseType t : values()) {
      if (t.displayName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return displayName;
  }
}

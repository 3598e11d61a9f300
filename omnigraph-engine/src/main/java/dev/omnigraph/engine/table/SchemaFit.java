package dev.omnigraph.engine.table;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks that a batch of rows has exactly its table's columns. Lance's fragment writer does not: it
 * numbers a batch's fields by position, so a batch with another column order or type is written as
 * if it fit and makes the version unreadable.
 */
final class SchemaFit {
  private SchemaFit() {}

  /**
   * Refuses, as {@link TableException.Kind#INVALID}, rows whose fields differ from the table's in
   * number, order, name, type, nullability or children; field metadata is not compared.
   */
  static void requireFits(Schema table, Schema rows, String where) {
    List<Field> expected = table.getFields();
    List<Field> actual = rows.getFields();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      Field want = i < expected.size() ? expected.get(i) : null;
      Field got = i < actual.size() ? actual.get(i) : null;
      if (want == null || got == null || !sameShape(want, got)) {
        throw TableException.invalid(
            where,
            "the rows do not have the table's columns: column "
                + (i + 1)
                + " is "
                + describe(got)
                + " but the table has "
                + describe(want)
                + "; build the rows with the table's schema "
                + table);
      }
    }
  }

  /** The top-level field called {@code column}, if the schema has one. */
  static Optional<Field> field(Schema schema, String column) {
    return schema.getFields().stream().filter(f -> f.getName().equals(column)).findFirst();
  }

  private static boolean sameShape(Field want, Field got) {
    if (!want.getName().equals(got.getName())
        || !want.getType().equals(got.getType())
        || want.isNullable() != got.isNullable()
        || want.getChildren().size() != got.getChildren().size()) {
      return false;
    }
    for (int i = 0; i < want.getChildren().size(); i++) {
      if (!sameShape(want.getChildren().get(i), got.getChildren().get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Field f) {
    if (f == null) {
      return "missing";
    }
    return "'" + f.getName() + "' " + f.getType() + (f.isNullable() ? "" : " not null");
  }
}

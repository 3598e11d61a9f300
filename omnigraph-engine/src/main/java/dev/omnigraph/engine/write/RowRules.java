package dev.omnigraph.engine.write;

import dev.omnigraph.engine.exec.ValueOrder;
import dev.omnigraph.lang.schema.Bound;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks one row passes on its own, whatever the graph holds (§5.5 value constraints):
 * non-nullable properties hold a value, enum values are members, {@code @range} and {@code @check}
 * hold. Nulls are exempt from the last three.
 */
final class RowRules {
  private record Check(int position, String property, Pattern pattern, String source) {}

  private record Range(int position, String property, Optional<Bound> min, Optional<Bound> max) {}

  private final TypeTable table;
  private final List<Check> checks = new ArrayList<>();
  private final List<Range> ranges = new ArrayList<>();

  RowRules(TypeTable table) {
    this.table = table;
    table
        .node()
        .ifPresent(n -> {
          for (Catalog.CheckRule c : n.checks()) {
            Pattern pattern;
            try {
              pattern = Pattern.compile(c.pattern());
            } catch (PatternSyntaxException e) {
              // Schemas do not compile @check patterns; a bad one refuses writes of its values.
              pattern = null;
            }
            checks.add(new Check(table.position(c.property()), c.property(), pattern, c.pattern()));
          }
          for (Catalog.RangeRule r : n.ranges()) {
            ranges.add(new Range(table.position(r.property()), r.property(), r.min(), r.max()));
          }
        });
  }

  /** Refuses the row with the first rule it breaks, naming the type, property and value. */
  void check(Object[] row) {
    List<String> columns = table.columns();
    List<PropType> types = table.types();
    for (int i = 0; i < columns.size(); i++) {
      PropType type = types.get(i);
      Object value = row[i];
      if (value == null) {
        if (!type.nullable()) {
          throw new IllegalArgumentException(
              "missing required property '" + columns.get(i) + "' of " + table.label());
        }
        continue;
      }
      if (type.isEnum() && !type.enumValues().contains((String) value)) {
        throw new IllegalArgumentException(
            "invalid enum value '"
                + WriteValues.echo((String) value)
                + "' for "
                + table.name()
                + "."
                + columns.get(i)
                + " (expected: "
                + String.join(", ", type.enumValues())
                + ")");
      }
    }
    for (Range r : ranges) {
      if (!(row[r.position()] instanceof Number value)) {
        continue;
      }
      String where = "@range violation on " + table.name() + "." + r.property() + ": value ";
      if (r.min().isPresent() && ValueOrder.compareNumbers(value, number(r.min().get())) < 0) {
        throw new IllegalArgumentException(where + value + " < min " + r.min().get());
      }
      if (r.max().isPresent() && ValueOrder.compareNumbers(value, number(r.max().get())) > 0) {
        throw new IllegalArgumentException(where + value + " > max " + r.max().get());
      }
    }
    for (Check c : checks) {
      if (row[c.position()] instanceof String && c.pattern() == null) {
        throw new IllegalArgumentException(
            "@check pattern '"
                + c.source()
                + "' of "
                + table.name()
                + "."
                + c.property()
                + " is not a valid regular expression; fix the schema");
      }
      if (row[c.position()] instanceof String value && !c.pattern().matcher(value).find()) {
        throw new IllegalArgumentException(
            "@check violation on "
                + table.name()
                + "."
                + c.property()
                + ": value '"
                + WriteValues.echo(value)
                + "' does not match pattern '"
                + c.source()
                + "'");
      }
    }
  }

  private static Number number(Bound bound) {
    return switch (bound) {
      case Bound.IntegerBound i -> i.value();
      case Bound.FloatBound f -> f.value();
    };
  }
}

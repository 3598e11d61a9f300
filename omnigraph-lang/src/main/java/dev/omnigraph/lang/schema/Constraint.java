package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.Span;
import java.util.List;
import java.util.Optional;

/** A constraint on a node or edge type, as written in its body or desugared from a property. */
public sealed interface Constraint {
  /** Where the constraint was written. */
  Span span();

  /** The constraint's name as written after {@code @}. */
  String keyword();

  /** The properties the constraint reads, in the order written. */
  List<String> columns();

  /** The node identity: the key columns. */
  record Key(List<String> columns, Span span) implements Constraint {
    public Key {
      columns = List.copyOf(columns);
    }

    @Override
    public String keyword() {
      return "key";
    }
  }

  /** Tuple uniqueness within the type; rows with a null in any column are exempt. */
  record Unique(List<String> columns, Span span) implements Constraint {
    public Unique {
      columns = List.copyOf(columns);
    }

    @Override
    public String keyword() {
      return "unique";
    }
  }

  /** An index intent on the columns. */
  record Index(List<String> columns, Span span) implements Constraint {
    public Index {
      columns = List.copyOf(columns);
    }

    @Override
    public String keyword() {
      return "index";
    }
  }

  /** Inclusive numeric bounds on a property; either bound may be absent. */
  record Range(String property, Optional<Bound> min, Optional<Bound> max, Span span)
      implements Constraint {
    @Override
    public String keyword() {
      return "range";
    }

    @Override
    public List<String> columns() {
      return List.of(property);
    }
  }

  /** A regular expression that every non-null value of a String property must contain. */
  record Check(String property, String pattern, Span span) implements Constraint {
    @Override
    public String keyword() {
      return "check";
    }

    @Override
    public List<String> columns() {
      return List.of(property);
    }
  }
}

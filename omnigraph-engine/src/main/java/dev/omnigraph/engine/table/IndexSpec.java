package dev.omnigraph.engine.table;

import java.util.Objects;
import org.lance.index.DistanceType;

/**
 * An index to build on one column of a table, identified by its name: building a spec whose name an
 * index already has replaces that index.
 */
public sealed interface IndexSpec {
  /**
   * The index name, unique within the table: a letter or {@code _}, then letters, digits, {@code
   * _}.
   */
  String name();

  /** The indexed column. */
  String column();

  /** A B-tree over a scalar column: speeds up equality, range and {@code IN} filters. */
  record BTree(String name, String column) implements IndexSpec {
    public BTree {
      check(name, column);
    }
  }

  /**
   * A full-text (inverted) index over a string column: words split on anything but letters and
   * digits, lower-cased and accent-folded, with positions (so phrase queries work), no stemming and
   * no stop words.
   */
  record FullText(String name, String column) implements IndexSpec {
    public FullText {
      check(name, column);
    }
  }

  /**
   * An IVF_FLAT nearest-neighbour index over a fixed-size float vector column, for searches that
   * use the same {@code metric}. IVF_FLAT keeps the vectors unquantised: distances are exact, and
   * it trains on any number of vectors from one (IVF_PQ needs at least 256 rows and a dimension its
   * sub-vectors divide), at the price of reading whole vectors in the searched partitions.
   */
  record Vector(String name, String column, VectorMetric metric) implements IndexSpec {
    public Vector {
      check(name, column);
      Objects.requireNonNull(metric, "metric");
    }
  }

  /** The distance a vector index orders neighbours by; a search must use the same one. */
  enum VectorMetric {
    /** Euclidean distance (squared). */
    L2(DistanceType.L2),
    /** One minus the cosine similarity: direction only, length ignored. */
    COSINE(DistanceType.Cosine),
    /** Negative dot product: for vectors normalised by their producer. */
    DOT(DistanceType.Dot);

    private final DistanceType lance;

    VectorMetric(DistanceType lance) {
      this.lance = lance;
    }

    DistanceType lance() {
      return lance;
    }
  }

  private static void check(String name, String column) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(column, "column");
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new IllegalArgumentException(
          "index name '"
              + name
              + "' is not allowed: use a letter or '_', then letters, digits or '_' (at most 64)");
    }
    if (column.isBlank()) {
      throw new IllegalArgumentException("index '" + name + "' needs a column");
    }
  }
}

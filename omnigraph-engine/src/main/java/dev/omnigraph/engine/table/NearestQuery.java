package dev.omnigraph.engine.table;

import java.util.List;
import java.util.Objects;

/**
 * A nearest-neighbour search of one fixed-size float vector column: the {@code k} rows whose vector
 * is closest to {@code vector} under {@code metric}. Rows whose vector is null have no distance and
 * are never found.
 *
 * @param column the vector column
 * @param vector the query vector: as many finite components as the column's dimension
 * @param metric the distance the rows are ordered by
 * @param k how many rows to find, at least 1
 */
public record NearestQuery(
    String column, List<Float> vector, IndexSpec.VectorMetric metric, int k) {
  public NearestQuery {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(metric, "metric");
    vector = List.copyOf(vector);
    if (vector.isEmpty()) {
      throw new IllegalArgumentException("a nearest-neighbour query needs a non-empty vector");
    }
    for (Float component : vector) {
      if (!Float.isFinite(component)) {
        throw new IllegalArgumentException(
            "a nearest-neighbour query vector must have finite components, got " + component);
      }
    }
    if (k < 1) {
      throw new IllegalArgumentException("a nearest-neighbour query needs k >= 1, got " + k);
    }
  }

  float[] key() {
    float[] key = new float[vector.size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = vector.get(i);
    }
    return key;
  }
}

package dev.omnigraph.engine.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The binding table of a running query: one row per match so far, one slot per bound variable
 * holding a row position in that variable's {@link LoadedTable} (a node table, or an edge table for
 * an edge binding). Column {@code v.p} of the spec is {@code slot(v).table().column(p)} at the
 * row's cell. Each row also carries a tag: the row of the outer table it came from, which is how a
 * negation tells which outer rows its inner pipeline matched.
 */
final class Bindings {
  /** One bound variable and the table its cells point into. */
  record Slot(String variable, LoadedTable table) {}

  private final List<Slot> slots;
  private final int width;
  private final int rows;
  private final int[] cells;
  private final int[] tags;

  private Bindings(List<Slot> slots, int rows, int[] cells, int[] tags) {
    this.slots = List.copyOf(slots);
    this.width = slots.size();
    this.rows = rows;
    this.cells = cells;
    this.tags = tags;
  }

  /** The table a pipeline starts from: no variables and one empty row, the unit of cross join. */
  static Bindings unit() {
    return new Bindings(List.of(), 1, new int[0], new int[] {0});
  }

  List<Slot> slots() {
    return slots;
  }

  int rows() {
    return rows;
  }

  /** The slot index of {@code variable}, or -1 when it is not bound here. */
  int slotOf(String variable) {
    for (int i = 0; i < width; i++) {
      if (slots.get(i).variable().equals(variable)) {
        return i;
      }
    }
    return -1;
  }

  int cell(int row, int slot) {
    return cells[row * width + slot];
  }

  int tag(int row) {
    return tags[row];
  }

  /** The same rows, each tagged with its own position. */
  Bindings retagged() {
    int[] own = new int[rows];
    Arrays.setAll(own, i -> i);
    return new Bindings(slots, rows, cells, own);
  }

  /** The rows for which {@code keep} holds, in order, with their tags. */
  Bindings select(IntPredicate keep) {
    Builder out = extend(List.of());
    for (int row = 0; row < rows; row++) {
      if (keep.test(row)) {
        out.add(row);
      }
    }
    return out.build();
  }

  /** A builder of rows that extend this table's rows with cells for {@code added} slots. */
  Builder extend(List<Slot> added) {
    List<Slot> all = new ArrayList<>(slots);
    for (Slot s : added) {
      if (slotOf(s.variable()) >= 0) {
        throw new IllegalStateException("variable " + s.variable() + " is bound twice");
      }
      all.add(s);
    }
    return new Builder(all);
  }

  /** Rows of a wider table, each an existing row of this one plus new cells. */
  final class Builder {
    private final List<Slot> slots;
    private final int newWidth;
    private int[] outCells = new int[16];
    private int[] outTags = new int[4];
    private int count;

    private Builder(List<Slot> slots) {
      this.slots = slots;
      this.newWidth = slots.size();
    }

    /** Adds row {@code row} of the source table extended by {@code added} (one per new slot). */
    void add(int row, int... added) {
      if (added.length != newWidth - width) {
        throw new IllegalArgumentException(
            added.length + " new cells for " + (newWidth - width) + " new slots");
      }
      ensure();
      int at = count * newWidth;
      System.arraycopy(cells, row * width, outCells, at, width);
      System.arraycopy(added, 0, outCells, at + width, added.length);
      outTags[count] = tags[row];
      count++;
    }

    private void ensure() {
      if ((count + 1) * newWidth > outCells.length) {
        outCells = Arrays.copyOf(outCells, Math.max(outCells.length * 2, (count + 1) * newWidth));
      }
      if (count + 1 > outTags.length) {
        outTags = Arrays.copyOf(outTags, outTags.length * 2);
      }
    }

    Bindings build() {
      return new Bindings(
          slots, count, Arrays.copyOf(outCells, count * newWidth), Arrays.copyOf(outTags, count));
    }
  }
}

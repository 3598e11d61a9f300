package dev.omnigraph.cli;

/**
 * How the table format fits cells: the widest a column may grow (never below {@link #MIN_WIDTH})
 * and what happens to longer cells.
 */
record TableStyle(int maxColumnWidth, CellLayout layout) {
  /** A column is never narrower than this, whatever the config says. */
  static final int MIN_WIDTH = 8;

  /** Upstream's defaults: 60 characters, truncated. */
  static final TableStyle DEFAULT = new TableStyle(60, CellLayout.TRUNCATE);

  TableStyle {
    maxColumnWidth = Math.max(MIN_WIDTH, maxColumnWidth);
  }
}

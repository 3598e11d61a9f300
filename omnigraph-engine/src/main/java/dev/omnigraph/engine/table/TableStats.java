package dev.omnigraph.engine.table;

/**
 * The storage shape of one table version, read from its manifest alone: fragments, live rows, and
 * rows deleted but still stored (reclaimed by compaction).
 */
public record TableStats(int fragments, long rows, long deletedRows) {}

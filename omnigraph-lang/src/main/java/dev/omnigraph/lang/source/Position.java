package dev.omnigraph.lang.source;

/** A 1-based line and column (columns count Unicode code points) in a {@link SourceText}. */
public record Position(int line, int column) {}

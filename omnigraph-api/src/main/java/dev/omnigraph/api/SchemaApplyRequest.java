package dev.omnigraph.api;

/**
 * A schema change to apply to {@code main} ({@code POST /schema/apply}): the desired {@code .pg}
 * source, and whether drops may lose data (hard drops), {@code false} when absent.
 */
public record SchemaApplyRequest(String schemaSource, Boolean allowDataLoss) {}

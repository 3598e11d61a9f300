package dev.omnigraph.api;

import java.util.List;

/**
 * An export to stream ({@code POST /export}): the branch ({@code main} when absent) and the node
 * and edge type names to keep, every type when absent or empty.
 */
public record ExportRequest(String branch, List<String> typeNames) {}

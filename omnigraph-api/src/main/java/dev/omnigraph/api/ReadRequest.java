package dev.omnigraph.api;

import java.util.Map;

/**
 * The deprecated form of {@link QueryRequest} ({@code POST /read}), with upstream's older field
 * names {@code query_source} and {@code query_name}.
 */
public record ReadRequest(
    String querySource,
    String queryName,
    Map<String, Object> params,
    String branch,
    String snapshot) {}

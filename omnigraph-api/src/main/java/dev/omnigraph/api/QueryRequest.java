package dev.omnigraph.api;

import java.util.Map;

/**
 * A read query to run ({@code POST /query}): the {@code .gq} source, the query to pick when it
 * declares several, its parameters as a JSON object, and the branch or snapshot (a commit id) to
 * read; at most one of the last two, {@code main} when neither.
 */
public record QueryRequest(
    String query, String name, Map<String, Object> params, String branch, String snapshot) {}

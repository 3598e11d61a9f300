package dev.omnigraph.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.Map;

/**
 * A mutation to run ({@code POST /mutate} and its deprecated alias {@code POST /change}): the
 * {@code .gq} source (legacy name {@code query_source}), the query to pick when it declares several
 * (legacy name {@code query_name}), its parameters as a JSON object, and the branch to write,
 * {@code main} when absent.
 */
public record ChangeRequest(
    @JsonAlias("query_source") String query,
    @JsonAlias("query_name") String name,
    Map<String, Object> params,
    String branch) {}

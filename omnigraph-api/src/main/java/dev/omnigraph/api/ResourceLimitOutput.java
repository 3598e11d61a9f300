package dev.omnigraph.api;

import java.util.Objects;

/**
 * The detail of a request refused because it exceeds a bounded resource: which one, its limit, and
 * the amount the request needed (or had reached when it was stopped).
 *
 * @param resource the resource's name, such as {@code graph_batch_request_bytes}
 * @param limit the most the resource allows
 * @param actual what the request needed, at least {@code limit + 1}
 */
public record ResourceLimitOutput(String resource, long limit, long actual) {
  public ResourceLimitOutput {
    Objects.requireNonNull(resource, "resource");
  }
}

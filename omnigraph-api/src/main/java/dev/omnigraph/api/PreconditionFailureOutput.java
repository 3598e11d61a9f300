package dev.omnigraph.api;

import java.util.Objects;

/**
 * The detail of a conditional write that lost: the commit it was conditioned on and the branch's
 * actual head, when known.
 *
 * @param expected the commit id the write required the head to be
 * @param actual the head it found, or {@code null} when unknown
 */
public record PreconditionFailureOutput(String expected, String actual) {
  public PreconditionFailureOutput {
    Objects.requireNonNull(expected, "expected");
  }
}

package dev.omnigraph.api;

import java.util.List;

/** The live branches of a graph, sorted by name. */
public record BranchListOutput(List<String> branches) {
  public BranchListOutput {
    branches = List.copyOf(branches);
  }
}

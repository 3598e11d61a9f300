package dev.omnigraph.api;

import java.util.List;
import java.util.Objects;

/**
 * What a schema apply did: the graph, whether its plan was supported and applied, the plan's steps
 * and main's graph version afterwards (the apply's commit, or the unchanged head).
 *
 * @param uri the graph
 * @param supported whether every step of the plan is supported
 * @param applied whether a commit was made (an empty plan makes none)
 * @param stepCount how many steps the plan has
 * @param graphManifestVersion the seq of main's newest commit after the apply
 * @param steps the plan's steps, as {@code schema plan --json} prints them
 */
public record SchemaApplyOutput(
    String uri,
    boolean supported,
    boolean applied,
    int stepCount,
    long graphManifestVersion,
    List<Object> steps) {
  public SchemaApplyOutput {
    Objects.requireNonNull(uri, "uri");
    steps = List.copyOf(steps);
  }
}

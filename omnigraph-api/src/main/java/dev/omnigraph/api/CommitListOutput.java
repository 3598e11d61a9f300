package dev.omnigraph.api;

import java.util.List;

/** A branch's commits, newest first. */
public record CommitListOutput(List<CommitOutput> commits) {
  public CommitListOutput {
    commits = List.copyOf(commits);
  }
}

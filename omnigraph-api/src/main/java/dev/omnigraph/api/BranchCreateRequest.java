package dev.omnigraph.api;

/**
 * A request to create a branch: its name, and the branch to create it from ({@code null} means
 * {@code main}). Either may be {@code null} when read from a body that left it out; the server
 * refuses a missing name.
 */
public record BranchCreateRequest(String name, String from) {}

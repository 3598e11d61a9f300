package dev.omnigraph.api;

/**
 * A load through the JSON envelope ({@code POST /load}): the branch to load into ({@code main} when
 * absent), the branch to create it from when it is missing, the mode ({@code merge} when absent)
 * and the records as one string of JSON values.
 */
public record IngestRequest(String branch, String from, String mode, String data) {}

/**
 * The {@code omnigraph} command line: picocli commands for each verb, the addressing rules that
 * turn global flags and the operator config into one graph, read output formats, and the one
 * mapping from errors to a message line and an exit code. {@link dev.omnigraph.cli.Main} is the
 * entry point {@code bin/omnigraph} runs.
 */
package dev.omnigraph.cli;

/**
 * The Omnigraph HTTP server: Jetty core handlers in front of a small router, bearer-token
 * authentication, Cedar policy from allow-only YAML bundles, per-actor admission control, and the
 * upstream error envelope. {@link dev.omnigraph.server.OmnigraphServer} starts it; {@link
 * dev.omnigraph.server.Main} is the {@code omnigraph-server} process.
 */
package dev.omnigraph.server;

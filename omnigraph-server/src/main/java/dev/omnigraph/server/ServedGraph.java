package dev.omnigraph.server;

import dev.omnigraph.engine.Omnigraph;

/** A graph the server serves: its id, its address as configured, and the open engine handle. */
record ServedGraph(String id, String uri, Omnigraph engine) {}

package dev.omnigraph.server;

/**
 * What route handlers share for the server's lifetime: the graphs, the authorizer, admission
 * control, the version, and the OpenAPI document as served.
 */
record ServerContext(
    GraphRegistry graphs,
    Authorizer authorizer,
    Admission admission,
    String version,
    String openApiJson,
    ExportSlots exportSlots) {}

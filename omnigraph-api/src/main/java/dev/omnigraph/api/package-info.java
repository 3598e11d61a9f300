/**
 * The wire records of Omnigraph's surfaces (HTTP bodies and CLI {@code --json} outputs): snake_case
 * JSON with upstream's field names, and the error envelope with its closed code set. The records
 * need neither the engine nor the languages; servers and the CLI convert engine values into them.
 */
package dev.omnigraph.api;

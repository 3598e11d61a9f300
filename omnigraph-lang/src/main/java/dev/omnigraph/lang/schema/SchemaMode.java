package dev.omnigraph.lang.schema;

/**
 * How strictly a schema is read: {@link #ADMISSION} for new source offered by a user, {@link
 * #PERSISTED_CONTRACT} for source an engine accepted before, which tolerates shapes that were once
 * admitted and are now refused.
 */
public enum SchemaMode {
  /** New source: every current rule applies. */
  ADMISSION,
  /** Re-reading an accepted schema: body {@code @unique} on a Blob property is tolerated. */
  PERSISTED_CONTRACT
}

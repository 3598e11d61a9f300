package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;

/**
 * The per-graph id sequence: hands out unsigned 64-bit ids from a high-water mark upward, never
 * zero, never the same id twice.
 */
final class IdentityAllocator {
  private long next;

  IdentityAllocator(long next) {
    if (next == 0) {
      throw new CompileError(ErrorKind.ZERO_ID, "next_identity_id must be at least 1");
    }
    this.next = next;
  }

  long allocate() {
    // The high-water mark itself must stay representable, so the last u64 value is never handed
    // out.
    if (next == -1L) {
      throw new CompileError(
          ErrorKind.ALLOCATOR_EXHAUSTED,
          "no identity ids left: next_identity_id is 18446744073709551615");
    }
    return next++;
  }

  long next() {
    return next;
  }
}

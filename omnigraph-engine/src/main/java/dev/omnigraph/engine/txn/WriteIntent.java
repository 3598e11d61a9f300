package dev.omnigraph.engine.txn;

import dev.omnigraph.engine.log.CommitRecord;

/**
 * What a write does, as a function of the state it lands on: given the base record (the branch's
 * newest state), prepare every table effect against exactly that state. It may be called again with
 * a newer base when another writer changed what this one depends on, so it must not have effects
 * visible outside the detached versions it returns.
 */
@FunctionalInterface
public interface WriteIntent<R> {
  Prepared<R> prepare(CommitRecord base);
}

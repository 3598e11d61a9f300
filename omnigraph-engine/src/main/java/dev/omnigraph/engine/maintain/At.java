package dev.omnigraph.engine.maintain;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.engine.log.CommitRef;

/** Where a commit record lives: its branch and its seq there. */
record At(String branch, long seq) {
  static At of(CommitRecord record) {
    return new At(record.branch(), record.seq());
  }

  static At of(CommitRef ref) {
    return new At(ref.branch(), ref.seq());
  }
}

package dev.omnigraph.engine.failpoint;

import java.util.Optional;

/**
 * A named durable boundary of the commit path or of cleanup where tests inject faults; call sites
 * pass the constant to {@link Failpoints#hit}, never a string, so a renamed or removed point fails
 * to compile instead of silently never firing.
 */
public enum Failpoint {
  LOG_BEFORE_RECORD_PUT(
      "log.before_record_put",
      false,
      "before the put-if-absent of the next commit record: nothing of this commit is referenced"),
  LOG_AFTER_RECORD_PUT(
      "log.after_record_put",
      true,
      "after the commit record's put-if-absent won: the commit is durable, its writer not yet told"),
  LOG_BEFORE_HINT_PUT(
      "log.before_hint_put",
      true,
      "before the branch's tip hint is overwritten: the record is durable, the hint still older"),
  STORE_BEFORE_PUT_IF_ABSENT(
      "store.before_put_if_absent",
      false,
      "before an object store's put-if-absent reaches storage: the object is not created"),
  STORE_AFTER_PUT_IF_ABSENT(
      "store.after_put_if_absent",
      true,
      "after an object store's put-if-absent completed in storage, before its result is returned"),
  TXN_BEFORE_TABLE_TURN(
      "txn.before_table_turn",
      false,
      "a prepared write is about to take its turn on a table it depends on, waiting there while"
          + " another write of the same instance holds it; nothing of it is referenced"),
  TABLE_BEFORE_DETACHED_COMMIT(
      "table.before_detached_commit",
      false,
      "before a table effect's detached Lance commit: its data, deletion or index files are"
          + " written, but no table version names them"),
  BRANCH_BEFORE_CREATE_PUT(
      "branch.before_create_put",
      true,
      "after a branch creation checked its name and held it in every ancestor name's log, before"
          + " the put-if-absent of the branch's first record"),
  OPTIMIZE_BETWEEN_INDEX_BUILDS(
      "optimize.between_index_builds",
      false,
      "between two index builds on one table in a maintenance write: the first index is a"
          + " detached version no record names yet"),
  QUERY_BEFORE_TABLE_READS(
      "query.before_table_reads",
      false,
      "after a read query chose the commit it reads and compiled against that commit's schema,"
          + " before it reads any of the commit's tables"),
  GC_AFTER_RUN_RECORD(
      "gc.after_run_record",
      true,
      "after a cleanup's run record is durable, before the branches are checked again and before"
          + " any file is deleted"),
  GC_MID_SWEEP(
      "gc.mid_sweep",
      true,
      "after each file a cleanup deleted: the run record is durable, the sweep partly done");

  private final String id;
  private final boolean afterEffect;
  private final String description;

  Failpoint(String id, boolean afterEffect, String description) {
    this.id = id;
    this.afterEffect = afterEffect;
    this.description = description;
  }

  /** The stable dotted name, used in messages and in the {@code OMNIGRAPH_FAILPOINTS} spec. */
  public String id() {
    return id;
  }

  /**
   * Whether the surrounding operation has already made a durable change when this point is hit,
   * which is what makes {@link Action#ackLost()} meaningful here.
   */
  public boolean afterEffect() {
    return afterEffect;
  }

  /** One line on where the point sits and what is durable there. */
  public String description() {
    return description;
  }

  /** The failpoint with this dotted name. */
  public static Optional<Failpoint> byId(String id) {
    for (Failpoint fp : values()) {
      if (fp.id.equals(id)) {
        return Optional.of(fp);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id;
  }
}

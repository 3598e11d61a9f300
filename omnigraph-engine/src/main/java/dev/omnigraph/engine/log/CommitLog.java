package dev.omnigraph.engine.log;

import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.FailpointError;
import dev.omnigraph.engine.failpoint.Failpoints;
import dev.omnigraph.engine.store.ObjectStore;
import dev.omnigraph.engine.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The per-branch logs of commit records of one graph root. Record N of a branch lives at {@code
 * log/<branch>/<N as 20 digits>.json} and is created only with put-if-absent, so {@link #append} of
 * record N+1 either commits or loses to exactly one other writer; nothing else is authoritative. A
 * per-branch tip hint makes finding the newest record cheap; it is derived, may lag or be missing,
 * and is never trusted beyond being a place to start probing.
 */
public final class CommitLog {
  private static final String ROOT = "log/";
  private static final String RECORD_SUFFIX = ".json";
  private static final String HINT = "tip";
  private static final String COMMIT_INDEX = "commits/";

  private final ObjectStore store;

  public CommitLog(ObjectStore store) {
    this.store = store;
  }

  /** The outcome of an append: this writer's record is now the commit at its seq, or another's. */
  public enum Append {
    WON,
    LOST
  }

  /** The key of record {@code seq} of {@code branch}. */
  public static String recordKey(String branch, long seq) {
    return ROOT + BranchName.encode(branch) + "/" + String.format("%020d", seq) + RECORD_SUFFIX;
  }

  static String hintKey(String branch) {
    return ROOT + BranchName.encode(branch) + "/" + HINT;
  }

  /**
   * Commits {@code record} at its seq: creates it with put-if-absent. On {@link Append#WON} the
   * record is the branch's state at that seq; on {@link Append#LOST} another writer's is, and this
   * record was never visible.
   */
  public Append append(CommitRecord record) {
    String key = recordKey(record.branch(), record.seq());
    Failpoints.hit(Failpoint.LOG_BEFORE_RECORD_PUT);
    if (!store.putIfAbsent(key, record.toBytes())) {
      return Append.LOST;
    }
    Failpoints.hit(Failpoint.LOG_AFTER_RECORD_PUT);
    try {
      Failpoints.hit(Failpoint.LOG_BEFORE_HINT_PUT);
      store.put(
          hintKey(record.branch()),
          Long.toString(record.seq()).getBytes(StandardCharsets.US_ASCII));
    } catch (StoreException | FailpointError e) {
      // The hint is only a starting point for probing; the commit stands without it.
    }
    index(record);
    return Append.WON;
  }

  /** The key of the derived index entry for {@code commitId}. */
  static String commitIndexKey(String commitId) {
    if (!commitId.matches("[0-9A-Za-z]{1,64}")) {
      throw new IllegalArgumentException("not a commit id: " + commitId);
    }
    return COMMIT_INDEX + commitId;
  }

  /**
   * The record whose commit id is {@code commitId}, on any branch. A derived index answers in two
   * reads; when its entry is missing or wrong, every branch's log is searched and the entry is
   * written again, so the index is never trusted and never required.
   */
  public Optional<CommitRecord> findCommit(String commitId) {
    String indexKey = commitIndexKey(commitId);
    Optional<CommitRecord> indexed =
        store
            .read(indexKey)
            .flatMap(CommitLog::parseIndexEntry)
            .flatMap(at -> read(at.branch(), at.seq()))
            .filter(r -> r.commitId().equals(commitId));
    if (indexed.isPresent()) {
      return indexed;
    }
    for (String branch : branches()) {
      for (long seq = tip(branch); seq >= 1; seq--) {
        Optional<CommitRecord> r = read(branch, seq);
        if (r.isPresent() && r.get().commitId().equals(commitId)) {
          index(r.get());
          return r;
        }
      }
    }
    return Optional.empty();
  }

  // Best effort, like the tip hint: a lookup that misses the index falls back to searching.
  private void index(CommitRecord record) {
    try {
      store.put(
          commitIndexKey(record.commitId()),
          (record.branch() + "\n" + record.seq()).getBytes(StandardCharsets.UTF_8));
    } catch (StoreException | IllegalArgumentException e) {
      // The index is derived: without this entry, a lookup searches the logs instead.
    }
  }

  private record IndexEntry(String branch, long seq) {}

  private static Optional<IndexEntry> parseIndexEntry(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int nl = text.lastIndexOf('\n');
    try {
      return Optional.of(
          new IndexEntry(
              BranchName.check(text.substring(0, nl)), Long.parseLong(text.substring(nl + 1))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code record} is the commit at its seq: the read-back a writer does when it cannot
   * tell whether its append landed (an acknowledgement lost in transit, a timeout).
   */
  public boolean isCommitted(CommitRecord record) {
    return read(record.branch(), record.seq())
        .map(r -> r.commitId().equals(record.commitId()))
        .orElse(false);
  }

  /** Whether record {@code seq} of {@code branch} exists: one probe, no read. */
  public boolean contains(String branch, long seq) {
    return store.exists(recordKey(branch, seq));
  }

  /** Record {@code seq} of {@code branch}, if it exists. */
  public Optional<CommitRecord> read(String branch, long seq) {
    String key = recordKey(branch, seq);
    return store.read(key).map(bytes -> CommitRecord.fromBytes(key, bytes));
  }

  /** The seq of the newest record of {@code branch}, or 0 if the branch has none. */
  public long tip(String branch) {
    long start = hint(branch);
    if (start > 0 && !store.exists(recordKey(branch, start))) {
      // A hint may be stale but never ahead of a record that exists; this one is neither, so
      // the log was rewritten under it (a deleted branch): find the tip from scratch.
      start = 0;
    }
    if (start == 0) {
      return search(branch);
    }
    long tip = start;
    while (store.exists(recordKey(branch, tip + 1))) {
      tip++;
    }
    return tip;
  }

  /**
   * The newest record of {@code branch}. With a hint and no newer record, this is one hint read,
   * one probe and one record read, whatever the depth of the log: every write starts here.
   */
  public Optional<CommitRecord> head(String branch) {
    long start = hint(branch);
    if (start > 0) {
      long tip = start;
      while (store.exists(recordKey(branch, tip + 1))) {
        tip++;
      }
      // Reading the record doubles as the check that the hint is not ahead of the log (which
      // tip() probes for separately); a log is dense, so a record after the hint proves it.
      Optional<CommitRecord> newest = read(branch, tip);
      if (newest.isPresent()) {
        return newest;
      }
    }
    long tip = search(branch);
    return tip == 0 ? Optional.empty() : read(branch, tip);
  }

  /** Up to {@code limit} records of {@code branch}, newest first. */
  public List<CommitRecord> history(String branch, int limit) {
    List<CommitRecord> out = new ArrayList<>();
    for (long seq = tip(branch); seq >= 1 && out.size() < limit; seq--) {
      read(branch, seq).ifPresent(out::add);
    }
    return out;
  }

  /** The branches that have at least one record, sorted by name. */
  public List<String> branches() {
    TreeSet<String> names = new TreeSet<>();
    for (String key : store.list(ROOT)) {
      String rest = key.substring(ROOT.length());
      int slash = rest.indexOf('/');
      if (slash > 0 && rest.endsWith(RECORD_SUFFIX)) {
        names.add(BranchName.decode(rest.substring(0, slash)));
      }
    }
    return List.copyOf(names);
  }

  private long hint(String branch) {
    Optional<byte[]> bytes;
    try {
      bytes = store.read(hintKey(branch));
    } catch (StoreException e) {
      return 0;
    }
    if (bytes.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(new String(bytes.get(), StandardCharsets.US_ASCII).trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // Without a usable hint: double until a seq is missing, then bisect, so a long log costs
  // O(log n) probes instead of a scan.
  private long search(String branch) {
    if (!store.exists(recordKey(branch, 1))) {
      return 0;
    }
    long present = 1;
    long absent = 2;
    while (store.exists(recordKey(branch, absent))) {
      present = absent;
      absent = absent * 2;
    }
    while (absent - present > 1) {
      long mid = present + (absent - present) / 2;
      if (store.exists(recordKey(branch, mid))) {
        present = mid;
      } else {
        absent = mid;
      }
    }
    return present;
  }
}

package dev.omnigraph.engine.table;

import java.util.Optional;
import java.util.Set;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.Transaction;
import org.lance.fragment.DataFile;
import org.lance.fragment.DeletionFile;
import org.lance.fragment.DeletionFileType;
import org.lance.fragment.RowIdMeta;
import org.lance.index.Index;

/**
 * The files one open Lance version needs, named as Lance 7.0.0 names them under a dataset folder
 * (checked against real datasets by {@code TableFilesTest}): its manifest in {@code _versions/},
 * every fragment's data files in {@code data/} and deletion file in {@code _deletions/}, each
 * index's folder in {@code _indices/}, and its transaction file in {@code _transactions/}.
 */
final class TableFiles {
  static final String VERSIONS = "_versions/";
  static final String DATA = "data/";
  static final String DELETIONS = "_deletions/";
  static final String INDICES = "_indices/";
  static final String TRANSACTIONS = "_transactions/";

  /** Lance's hint to its newest linear version; read when a dataset is opened at "latest". */
  static final String LATEST_HINT = VERSIONS + "latest_version_hint.json";

  private TableFiles() {}

  /** The folders of the dataset at {@code path} where Lance keeps the files of its versions. */
  static Set<String> lanceFolders(String path) {
    String dir = path + "/";
    return Set.of(dir + VERSIONS, dir + DATA, dir + DELETIONS, dir + INDICES, dir + TRANSACTIONS);
  }

  /**
   * Adds what version {@code ds} of the dataset at {@code path} (relative to the graph root) needs
   * to {@code files} and {@code folders}.
   *
   * @throws TableException if the version names a file outside its folder (a multi-base dataset) or
   *     keeps row ids in a separate file: layouts this engine never writes, so rather than guess
   *     which files they need, collection stops
   */
  static void addVersion(Dataset ds, String path, Set<String> files, Set<String> folders) {
    String dir = path + "/";
    long version = ds.version();
    files.addAll(manifests(dir, version));
    for (Fragment fragment : ds.getFragments()) {
      FragmentMetadata meta = fragment.metadata();
      for (DataFile file : meta.getFiles()) {
        requireLocal(file.getBaseId(), path, version, "data file " + file.getPath());
        files.add(dir + DATA + file.getPath());
      }
      DeletionFile deletion = meta.getDeletionFile();
      if (deletion != null) {
        requireLocal(deletion.getBaseId(), path, version, "a deletion file");
        files.add(dir + DELETIONS + deletionFileName(meta.getId(), deletion));
      }
      RowIdMeta rowIds = meta.getRowIdMeta();
      // Inline row-id sequences live in the manifest; an external one would be a file of its own,
      // which only stable row ids produce and this engine does not enable.
      if (rowIds != null && rowIds.getMetadata().contains("External")) {
        throw unsupported(
            path, version, "fragment " + meta.getId() + " keeps its row ids in a file");
      }
    }
    for (Index index : ds.getIndexes()) {
      requireLocal(index.baseId(), path, version, "index " + index.name());
      folders.add(dir + INDICES + index.uuid() + "/");
    }
    addTransaction(ds, dir, files, folders);
  }

  /**
   * The transaction file is {@code <read version>-<uuid>.txn}, known only from the transaction
   * itself. Lance 7.0.0 cannot read some transactions back (a JNI signature bug for Rewrite), and
   * then every transaction file of the table is kept rather than a needed one deleted.
   */
  private static void addTransaction(
      Dataset ds, String dir, Set<String> files, Set<String> folders) {
    Optional<Transaction> txn;
    try {
      txn = ds.readTransaction();
    } catch (RuntimeException e) {
      folders.add(dir + TRANSACTIONS);
      return;
    }
    if (txn.isPresent()) {
      try (Transaction t = txn.get()) {
        files.add(
            dir + TRANSACTIONS + Long.toUnsignedString(t.readVersion()) + "-" + t.uuid() + ".txn");
      }
    }
  }

  /**
   * The manifest of {@code version}: {@code d<id>.manifest} for a detached version (top bit set);
   * for a linear one Lance has two namings (v2: {@code u64::MAX - version} in 20 digits, the
   * default; v1: the plain number), and both are listed, since a name that does not exist costs
   * nothing in a set of files to keep.
   */
  static Set<String> manifests(String dir, long version) {
    if (version < 0) {
      return Set.of(dir + VERSIONS + "d" + Long.toUnsignedString(version) + ".manifest");
    }
    String inverted = Long.toUnsignedString(-1L - version);
    String padded = "0".repeat(Math.max(0, 20 - inverted.length())) + inverted;
    return Set.of(dir + VERSIONS + padded + ".manifest", dir + VERSIONS + version + ".manifest");
  }

  /** {@code <fragment id>-<read version>-<id>.arrow} (an array of offsets) or {@code .bin}. */
  static String deletionFileName(int fragmentId, DeletionFile deletion) {
    String suffix = deletion.getFileType() == DeletionFileType.BITMAP ? "bin" : "arrow";
    return fragmentId
        + "-"
        + Long.toUnsignedString(deletion.getReadVersion())
        + "-"
        + Long.toUnsignedString(deletion.getId())
        + "."
        + suffix;
  }

  private static void requireLocal(
      Optional<Integer> baseId, String path, long version, String what) {
    if (baseId.isPresent()) {
      throw unsupported(path, version, what + " lives in another dataset base " + baseId.get());
    }
  }

  private static TableException unsupported(String path, long version, String detail) {
    return new TableException(
        TableException.Kind.OTHER,
        "cannot tell which files table "
            + path
            + " at version "
            + Long.toUnsignedString(version)
            + " needs: "
            + detail
            + ", a layout this engine does not write",
        null);
  }
}

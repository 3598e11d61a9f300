package dev.omnigraph.engine.table;

import java.util.Set;

/**
 * Files that table versions need, as keys relative to the graph root: exact {@code files}, and
 * {@code folders} (each ending in {@code /}) every file below which is needed (a Lance index is a
 * folder of files Lance names itself). {@code accounted} are the folders whose needed files are all
 * listed here, so a file in them that is not listed is not needed; a file elsewhere under a table
 * is not Lance's and is left alone.
 */
public record ReferencedFiles(Set<String> files, Set<String> folders, Set<String> accounted) {
  public ReferencedFiles {
    files = Set.copyOf(files);
    folders = Set.copyOf(folders);
    accounted = Set.copyOf(accounted);
    for (String folder : folders) {
      requireFolder(folder);
    }
    for (String folder : accounted) {
      requireFolder(folder);
    }
  }

  private static void requireFolder(String folder) {
    if (!folder.endsWith("/")) {
      throw new IllegalArgumentException("a folder key must end with '/': " + folder);
    }
  }

  /** Whether the file at {@code key} is needed. */
  public boolean needs(String key) {
    return files.contains(key) || underAny(folders, key);
  }

  /** Whether every needed file in the folder of {@code key} is listed here. */
  public boolean accountsFor(String key) {
    return underAny(accounted, key);
  }

  /**
   * Whether the file at {@code key} is one that makes a Lance version exist (a manifest) or
   * describes it (a transaction file), rather than data a version reads: a collector deletes these
   * last, so after a crash every file left on disk is still named by a manifest left on disk.
   */
  public static boolean describesAVersion(String key) {
    return key.contains("/" + TableFiles.VERSIONS) || key.contains("/" + TableFiles.TRANSACTIONS);
  }

  private static boolean underAny(Set<String> prefixes, String key) {
    for (String prefix : prefixes) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}

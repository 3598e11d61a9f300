package dev.omnigraph.engine.table;

import java.util.HashSet;
import java.util.Set;

/**
 * Files that table versions need, as keys relative to the graph root: exact {@code files}, and
 * {@code folders} (each ending in {@code /}) every file below which is needed (a Lance index is a
 * folder of files Lance names itself).
 */
public record ReferencedFiles(Set<String> files, Set<String> folders) {
  public ReferencedFiles {
    files = Set.copyOf(files);
    folders = Set.copyOf(folders);
    for (String folder : folders) {
      if (!folder.endsWith("/")) {
        throw new IllegalArgumentException("a referenced folder must end with '/': " + folder);
      }
    }
  }

  /** Nothing referenced. */
  public static ReferencedFiles none() {
    return new ReferencedFiles(Set.of(), Set.of());
  }

  /** Whether the file at {@code key} is needed. */
  public boolean contains(String key) {
    if (files.contains(key)) {
      return true;
    }
    for (String folder : folders) {
      if (key.startsWith(folder)) {
        return true;
      }
    }
    return false;
  }

  /** The files either needs. */
  public ReferencedFiles union(ReferencedFiles other) {
    Set<String> f = new HashSet<>(files);
    f.addAll(other.files);
    Set<String> d = new HashSet<>(folders);
    d.addAll(other.folders);
    return new ReferencedFiles(f, d);
  }
}

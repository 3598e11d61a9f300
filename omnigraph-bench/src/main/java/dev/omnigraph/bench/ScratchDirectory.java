package dev.omnigraph.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A fresh folder for one benchmark's graphs and tables under the bench base folder, deleted with
 * everything in it on close.
 */
final class ScratchDirectory implements AutoCloseable {
  /**
   * The system property naming the base folder; default the JVM's temporary folder. Point it at the
   * disk to be measured; on tmpfs an fsync costs nothing, which isolates the CPU cost.
   */
  static final String BASE_PROPERTY = "omnigraph.bench.dir";

  private final Path path;

  private ScratchDirectory(Path path) {
    this.path = path;
  }

  /** Creates a new empty folder named after {@code purpose} under the base folder. */
  static ScratchDirectory create(String purpose) {
    try {
      Path base = base();
      Files.createDirectories(base);
      return new ScratchDirectory(Files.createTempDirectory(base, purpose + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch folder for " + purpose, e);
    }
  }

  /** The base folder of all scratch folders and of the reusable history fixture. */
  static Path base() {
    String configured = System.getProperty(BASE_PROPERTY);
    Path base =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("java.io.tmpdir"), "omnigraph-bench");
    return base.toAbsolutePath().normalize();
  }

  /** The folder itself. */
  Path path() {
    return path;
  }

  /** A not yet existing child path, for something that insists on creating its own folder. */
  Path child(String name) {
    return path.resolve(name);
  }

  @Override
  public void close() {
    deleteTree(path);
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}

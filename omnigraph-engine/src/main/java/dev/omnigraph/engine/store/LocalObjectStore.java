package dev.omnigraph.engine.store;

import dev.omnigraph.engine.failpoint.Failpoint;
import dev.omnigraph.engine.failpoint.Failpoints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An {@link ObjectStore} on a local file system folder, one file per key, whose {@link
 * #putIfAbsent} is a hard link of a fully written, fsynced temp file ({@code link(2)} fails with
 * {@code EEXIST} atomically), so it holds across threads and processes on the same file system.
 */
public final class LocalObjectStore implements ObjectStore {
  private final Path root;

  private LocalObjectStore(Path root) {
    this.root = root;
  }

  /** Opens the store rooted at {@code root}, creating the folder if it is missing. */
  public static LocalObjectStore open(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new StoreException("cannot create store root " + absolute + ": " + e, e);
    }
    return new LocalObjectStore(absolute);
  }

  /** The absolute root folder. */
  public Path root() {
    return root;
  }

  @Override
  public Optional<byte[]> read(String key) {
    Path target = resolve(key);
    try {
      return Optional.of(Files.readAllBytes(target));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A folder, or a path below an object, is not an object: absent, as in any other store.
      if (notAnObjectPath(target)) {
        return Optional.empty();
      }
      throw failure("read", key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    Path target = resolve(key);
    try {
      // Not Files.isRegularFile: it answers false on any I/O error, hiding a failing disk.
      return Files.readAttributes(target, BasicFileAttributes.class).isRegularFile();
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      if (notAnObjectPath(target)) {
        return false;
      }
      throw failure("exists", key, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    Path target = resolve(key);
    Path folder = target.getParent();
    Failpoints.hit(Failpoint.STORE_BEFORE_PUT_IF_ABSENT);
    try {
      createFolders(folder, key);
      Path temp = writeTemp(folder, data, true);
      try {
        try {
          Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
          if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw folderCollision("putIfAbsent", key);
          }
          return false;
        }
        // The link is the commit point; without this a crash could lose the name after we won.
        forceFolder(folder);
        Failpoints.hit(Failpoint.STORE_AFTER_PUT_IF_ABSENT);
        return true;
      } finally {
        deleteTemp(temp);
      }
    } catch (IOException e) {
      throw failure("putIfAbsent", key, e);
    }
  }

  @Override
  public void put(String key, byte[] data) {
    Path target = resolve(key);
    Path folder = target.getParent();
    try {
      createFolders(folder, key);
      // Not fsynced: put is for derived objects (tip hints, index entries) that readers verify
      // and rebuild, so after a power loss a stale or torn one costs a search, never correctness,
      // and skipping the two fsyncs halves the disk flushes of a commit.
      Path temp = writeTemp(folder, data, false);
      try {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw folderCollision("put", key);
        }
        // rename(2) swaps the name in one step, so readers see the old or the new file, never a
        // partly written one; it replaces the target, which is why putIfAbsent cannot use it.
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        deleteTemp(temp);
      }
    } catch (IOException e) {
      throw failure("put", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    return listWithMetadata(prefix).stream().map(StoredObject::key).toList();
  }

  @Override
  public List<StoredObject> listWithMetadata(String prefix) {
    return walk(prefix, false);
  }

  /** {@inheritDoc} Temp files are named {@value StoreKeys#TEMP_PREFIX}{@code <random hex>}. */
  @Override
  public List<StoredObject> listStrayTemps() {
    return walk("", true);
  }

  @Override
  public void deleteStrayTemp(String key) {
    if (key == null) {
      throw new IllegalArgumentException("temp file key is null");
    }
    int slash = key.lastIndexOf('/');
    String folder = key.substring(0, slash + 1);
    String name = key.substring(slash + 1);
    // The folder part obeys the key rules; the name must be one of our temp names and nothing else.
    StoreKeys.checkPrefix(folder);
    if (!name.startsWith(StoreKeys.TEMP_PREFIX)
        || !name.substring(StoreKeys.TEMP_PREFIX.length()).matches("[0-9a-f]+")) {
      throw new IllegalArgumentException(
          StoreKeys.quote(key) + " is not a temp file of this store (" + root + ")");
    }
    try {
      Files.deleteIfExists(root.resolve(key));
    } catch (IOException e) {
      throw failure("deleteStrayTemp", key, e);
    }
  }

  // Temp files are skipped by name unless they are what is asked for (then only they are kept).
  private List<StoredObject> walk(String prefix, boolean temps) {
    StoreKeys.checkPrefix(prefix);
    Path folder = prefix.isEmpty() ? root : root.resolve(prefix);
    List<StoredObject> listed = new ArrayList<>();
    try {
      collect(folder, prefix, temps, listed);
    } catch (IOException e) {
      throw failure("list", prefix, e);
    }
    listed.sort(Comparator.comparing(StoredObject::key));
    return listed;
  }

  @Override
  public void delete(String key) {
    Path target = resolve(key);
    try {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(target);
      }
    } catch (IOException e) {
      // Below an object (ENOTDIR) the key cannot exist, so there is nothing to delete.
      if (!notAnObjectPath(target)) {
        throw failure("delete", key, e);
      }
    }
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public String toString() {
    return "LocalObjectStore[" + root + "]";
  }

  private Path resolve(String key) {
    StoreKeys.checkKey(key);
    try {
      return root.resolve(key);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "object key " + StoreKeys.quote(key) + " is not a valid file name under " + root, e);
    }
  }

  /**
   * Creates the missing folders down to {@code folder}, fsyncing each new entry's parent so a
   * durable object is never left in a folder whose own name was lost.
   */
  private void createFolders(Path folder, String key) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (folder.equals(root)) {
      Files.createDirectories(root); // deleted under us since open; recreate rather than fail
      return;
    }
    Path parent = folder.getParent();
    createFolders(parent, key);
    try {
      Files.createDirectory(folder);
      forceFolder(parent);
    } catch (FileAlreadyExistsException e) {
      // Another writer made it first (fine), or an object has this name (a collision).
      if (!Files.isDirectory(folder)) {
        throw new StoreException(
            "cannot store "
                + StoreKeys.quote(key)
                + " in "
                + root
                + ": "
                + root.relativize(folder)
                + " is an object, not a folder",
            e);
      }
    }
  }

  private static Path writeTemp(Path folder, byte[] data, boolean durable) throws IOException {
    // Random, not a counter: temp names must not collide across processes sharing the folder.
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    Path temp = folder.resolve(StoreKeys.TEMP_PREFIX + HexFormat.of().formatHex(random));
    boolean written = false;
    try (FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      // The data must be on disk before its name can be: a crash after link must not leave a
      // committed name over an empty or torn file.
      if (durable) {
        channel.force(true);
      }
      written = true;
    } finally {
      if (!written) {
        deleteTemp(temp);
      }
    }
    return temp;
  }

  private static void deleteTemp(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // The outcome is already decided; a leftover temp file is invisible to list and read, and
      // reporting a failure here would make a winning putIfAbsent look lost.
    }
  }

  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open or fsync a folder; the data itself is already durable
      // and there is nothing better to do than rely on the file system's own ordering.
    }
  }

  /** Whether {@code path} is a folder or lies below an object, so no object can be there. */
  private boolean notAnObjectPath(Path path) {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    for (Path p = path.getParent(); p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  private void collect(Path folder, String prefix, boolean temps, List<StoredObject> out)
      throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean temp = name.startsWith(StoreKeys.TEMP_PREFIX);
        if (temp && !temps) {
          // Skipped by name, before any stat: temp files come and go while we list.
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // deleted since the folder was read
        }
        if (attributes.isDirectory()) {
          if (!temp) {
            collect(entry, prefix + name + "/", temps, out);
          }
        } else if (attributes.isRegularFile() && temp == temps) {
          out.add(
              new StoredObject(
                  prefix + name, attributes.size(), attributes.lastModifiedTime().toInstant()));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // A missing folder, or an object where the prefix expects a folder, holds no keys.
    }
  }

  private StoreException failure(String operation, String key, IOException e) {
    return new StoreException(
        operation + " of " + StoreKeys.quote(key) + " in " + root + " failed: " + e, e);
  }

  private StoreException folderCollision(String operation, String key) {
    return new StoreException(
        operation
            + " of "
            + StoreKeys.quote(key)
            + " in "
            + root
            + " refused: the key names a folder (folders stay after their objects are deleted)");
  }
}

package org.lance4j.internal.storage;

import org.lance4j.StorageStats;
import org.lance4j.storage.ObjectStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} on a local (or mounted shared) file system. {@code putIfAbsent} writes a
 * unique temporary file, fsyncs it, then creates a hard link at the target: {@code link(2)} fails
 * atomically when the target exists, so exactly one concurrent writer wins. A file system without
 * hard links makes putIfAbsent fail with an IOException rather than risk a lost commit.
 *
 * <p>Durability: by default the temporary file is fsynced before it is linked, so a commit that
 * returned survives a power loss once the directory entry is on disk. Lance itself (lance-core
 * 0.39, through the Rust {@code object_store} crate's local file system) does not fsync local
 * writes; set the storage option {@code lance4j.local.fsync=false} (default: the system
 * property of that name, see {@link org.lance4j.StorageOptions#LOCAL_FSYNC}) for the same behaviour and lower commit latency,
 * e.g. on scratch data or file systems that are durable on close.
 */
public final class LocalObjectStore implements ObjectStore {
  private final Path root;
  private final boolean fsync;
  private final IoStats stats = new IoStats();

  /** A store that fsyncs {@code putIfAbsent}. */
  public LocalObjectStore(Path root) {
    this(root, true);
  }

  /** A store that fsyncs the files written by {@code putIfAbsent} when {@code fsync} is set. */
  public LocalObjectStore(Path root, boolean fsync) {
    this.root = root.toAbsolutePath().normalize();
    this.fsync = fsync;
  }

  /** What this store has read so far. */
  @Override
  public StorageStats stats() {
    return stats.snapshot();
  }

  /** Whether {@code putIfAbsent} fsyncs before it links. */
  public boolean fsyncs() {
    return fsync;
  }

  public Path rootPath() {
    return root;
  }

  @Override
  public String root() {
    return root.toString();
  }

  private Path resolve(String path) {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      throw new org.lance4j.InvalidInputException("path escapes the dataset root " + root + ": " + path);
    }
    return p;
  }

  @Override
  public long size(String path) throws IOException {
    try {
      return Files.size(resolve(path));
    } catch (NoSuchFileException e) {
      throw new NotFoundException(resolve(path).toString());
    }
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(resolve(path));
  }

  @Override
  public ByteBuffer read(String path, long offset, int length) throws IOException {
    Path p = resolve(path);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      return readAt(ch, p, ch.size(), offset, length);
    } catch (NoSuchFileException e) {
      throw new NotFoundException(p.toString());
    }
  }

  /**
   * Maps the file into memory (data files are immutable once written), so that a read is a slice
   * of the mapping: no system call and no copy per read. Files over 2 GiB keep one open channel
   * and read with pread.
   */
  @Override
  public RangeReader openRangeReader(String path) throws IOException {
    Path p = resolve(path);
    FileChannel ch;
    try {
      ch = FileChannel.open(p, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NotFoundException(p.toString());
    }
    long size;
    java.nio.MappedByteBuffer map = null;
    try {
      size = ch.size();
      if (size > 0 && size <= Integer.MAX_VALUE) {
        map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (map != null) {
      ch.close(); // the mapping stays valid after the channel is closed
      java.nio.MappedByteBuffer mapped = map;
      return new RangeReader() {
        @Override
        public ByteBuffer read(long offset, int length) throws IOException {
          if (offset < 0 || length < 0 || offset + length > size) {
            throw new java.io.EOFException("read of " + length + " bytes at " + offset
                + " runs past the end of " + p + " (" + size + " bytes)");
          }
          stats.recordRead(length);
          return mapped.slice((int) offset, length);
        }

        /**
         * Does not unmap. Reads return slices of the mapping, and page caches and decoders may
         * still hold one when the reader closes: unmapping then would turn their next access into
         * a JVM crash instead of an error. The JDK releases the mapping when the last slice
         * becomes unreachable (its cleaner runs after GC), so opening and closing many files does
         * not accumulate mappings (LocalObjectStoreMappingTest).
         */
        @Override
        public void close() {}
      };
    }
    return new RangeReader() {
      @Override
      public ByteBuffer read(long offset, int length) throws IOException {
        return readAt(ch, p, size, offset, length);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  private ByteBuffer readAt(FileChannel ch, Path p, long size, long offset, int length)
      throws IOException {
    if (offset < 0 || offset + length > size) {
      throw new java.io.EOFException(
          "read of " + length + " bytes at " + offset + " runs past the end of " + p
              + " (" + size + " bytes)");
    }
    stats.recordRead(length);
    ByteBuffer buf = ByteBuffer.allocate(length);
    long pos = offset;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new java.io.EOFException("unexpected end of " + p);
      }
      pos += n;
    }
    buf.flip();
    return buf;
  }

  @Override
  public OutputStream create(String path) throws IOException {
    Path p = resolve(path);
    Files.createDirectories(p.getParent());
    return new BufferedOutputStream(Files.newOutputStream(p), 1 << 20);
  }

  /** One write without {@link #create}'s 1 MiB stream buffer (commits write small files). */
  @Override
  public void put(String path, byte[] data) throws IOException {
    Path p = resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, data);
  }

  @Override
  public PutResult putIfAbsent(String path, byte[] data) throws IOException {
    Path target = resolve(path);
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      return PutResult.ALREADY_EXISTS;
    }
    Path tmp = target.resolveSibling(target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (fsync) {
          ch.force(true);
        }
      }
      try {
        Files.createLink(target, tmp);
      } catch (FileAlreadyExistsException e) {
        return PutResult.ALREADY_EXISTS;
      }
      return PutResult.CREATED;
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // an orphan temporary file is harmless; the outcome above stands
      }
    }
  }

  @Override
  public List<String> list(String dir) throws IOException {
    Path d = resolve(dir);
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(d)) {
      return out;
    }
    try (Stream<Path> s = Files.list(d)) {
      s.forEach(p -> out.add(p.getFileName().toString()));
    } catch (NoSuchFileException e) {
      return out;
    }
    return out;
  }

  /** Regular files only (sub-directories are skipped), with their file-system times. */
  @Override
  public List<ObjectInfo> listWithInfo(String dir) throws IOException {
    Path d = resolve(dir);
    List<ObjectInfo> out = new ArrayList<>();
    if (!Files.isDirectory(d)) {
      return out;
    }
    try (Stream<Path> s = Files.list(d)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        try {
          BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
          if (attrs.isRegularFile()) {
            out.add(new ObjectInfo(p.getFileName().toString(), attrs.size(),
                attrs.lastModifiedTime().toInstant()));
          }
        } catch (NoSuchFileException gone) {
          // removed while listing
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    }
    return out;
  }

  @Override
  public void delete(String path) throws IOException {
    Files.deleteIfExists(resolve(path));
  }
}

package org.lance4j.internal.table;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lance4j.CorruptFileException;
import org.lance4j.StorageOptions;
import org.lance4j.internal.storage.ObjectStores;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;
import org.lance4j.StorageStats;

/**
 * The store of a dataset whose manifest has {@code base_paths} (multi-base datasets, branches
 * and shallow clones, reader feature flag 16): paths {@code @base/{id}/...} name files under the
 * base path with that id ({@link #prefix}); every other path is the dataset's own. Data files are
 * {@code {base}/data/{name}} when the base is a dataset root and {@code {base}/{name}} otherwise;
 * deletion files {@code {base}/_deletions/...} (a dataset root only), as lance-core resolves
 * them. The stores of other bases are opened on first use with no storage options (the
 * environment's credentials) and closed with this store. New files are always written to the
 * dataset's own store.
 */
final class BasedStore implements ObjectStore {
  static final String MARK = "@base/";

  private final ObjectStore own;
  private final Map<Integer, TableProtos.BasePath> bases = new HashMap<>();
  private final Map<Integer, ObjectStore> opened = new HashMap<>();

  private BasedStore(ObjectStore own, TableProtos.Manifest m) {
    this.own = own;
    for (TableProtos.BasePath b : m.getBasePathsList()) {
      bases.put(b.getId(), b);
    }
  }

  /** {@code store} able to resolve the manifest's base paths (itself when it has none). */
  static ObjectStore of(ObjectStore store, TableProtos.Manifest m) {
    ObjectStore own = store instanceof BasedStore b ? b.own : store;
    return m.getBasePathsCount() == 0 ? own : new BasedStore(own, m);
  }

  /** The dataset's own store under any wrapping. */
  static ObjectStore own(ObjectStore store) {
    return store instanceof BasedStore b ? b.own : store;
  }

  /** The prefix of paths relative to base {@code id} (empty for none). */
  static String prefix(Integer id) {
    return id == null ? "" : MARK + Integer.toUnsignedString(id) + "/";
  }

  private record Target(ObjectStore store, String path) {}

  private Target target(String path) throws IOException {
    if (!path.startsWith(MARK)) {
      return new Target(own, path);
    }
    int slash = path.indexOf('/', MARK.length());
    int id = Integer.parseUnsignedInt(path.substring(MARK.length(), slash));
    String rest = path.substring(slash + 1);
    TableProtos.BasePath base = bases.get(id);
    if (base == null) {
      throw new CorruptFileException("dataset " + own.root() + " names base path id "
          + Integer.toUnsignedString(id) + " for " + rest + ", but its manifest has no such"
          + " base path (base ids " + bases.keySet() + ")");
    }
    if (!base.getIsDatasetRoot() && rest.startsWith(DataFileNames.DATA_DIR + "/")) {
      rest = rest.substring(DataFileNames.DATA_DIR.length() + 1);
    }
    ObjectStore s;
    synchronized (opened) {
      s = opened.get(id);
      if (s == null) {
        s = ObjectStores.forUri(base.getPath(), StorageOptions.empty());
        opened.put(id, s);
      }
    }
    return new Target(s, rest);
  }

  @Override
  public String root() {
    return own.root();
  }

  @Override
  public StorageStats stats() {
    return own.stats();
  }

  @Override
  public long size(String path) throws IOException {
    Target t = target(path);
    return t.store().size(t.path());
  }

  @Override
  public boolean exists(String path) throws IOException {
    Target t = target(path);
    return t.store().exists(t.path());
  }

  @Override
  public ByteBuffer read(String path, long offset, int length) throws IOException {
    Target t = target(path);
    return t.store().read(t.path(), offset, length);
  }

  @Override
  public RangeReader openRangeReader(String path) throws IOException {
    Target t = target(path);
    return t.store().openRangeReader(t.path());
  }

  @Override
  public RangeReader openRangeReader(String path, long knownSize) throws IOException {
    Target t = target(path);
    return t.store().openRangeReader(t.path(), knownSize);
  }

  @Override
  public List<ByteBuffer> readRanges(String path, List<Range> ranges) throws IOException {
    Target t = target(path);
    return t.store().readRanges(t.path(), ranges);
  }

  @Override
  public ByteBuffer readAll(String path) throws IOException {
    Target t = target(path);
    return t.store().readAll(t.path());
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return own.create(ownPath(path));
  }

  @Override
  public PutResult putIfAbsent(String path, byte[] data) throws IOException {
    return own.putIfAbsent(ownPath(path), data);
  }

  @Override
  public void put(String path, byte[] data) throws IOException {
    own.put(ownPath(path), data);
  }

  @Override
  public void putHint(String path, byte[] data) {
    if (!path.startsWith(MARK)) { // hints go only to the dataset's own store
      own.putHint(path, data);
    }
  }

  @Override
  public List<String> list(String dir) throws IOException {
    return own.list(dir);
  }

  @Override
  public List<ObjectInfo> listWithInfo(String dir) throws IOException {
    return own.listWithInfo(dir);
  }

  @Override
  public boolean listFromIsCheap() {
    return own.listFromIsCheap();
  }

  @Override
  public List<ObjectInfo> listFrom(String dir, String startAfter, int limit) throws IOException {
    return own.listFrom(dir, startAfter, limit);
  }

  @Override
  public void delete(String path) throws IOException {
    own.delete(ownPath(path)); // never deletes in another base
  }

  private String ownPath(String path) throws IOException {
    if (path.startsWith(MARK)) {
      throw new IOException("lance4j writes only to the dataset's own store, not " + path);
    }
    return path;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    synchronized (opened) {
      for (ObjectStore s : opened.values()) {
        try {
          s.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      opened.clear();
    }
    own.close();
    if (first != null) {
      throw first;
    }
  }
}

package org.lance4j.internal.table;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import org.lance4j.DataFile;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.proto.TableProtos;

/** Converts between {@link FragmentMetadata} and the manifest's {@code DataFragment} message. */
public final class FragmentProtos {
  private FragmentProtos() {}

  /** The message for one fragment (no row-id or version metadata). */
  public static TableProtos.DataFragment toProto(FragmentMetadata f) {
    TableProtos.DataFragment.Builder b = TableProtos.DataFragment.newBuilder()
        .setId(f.id())
        .setPhysicalRows(f.physicalRows());
    for (DataFile df : f.files()) {
      b.addFiles(toProto(df));
    }
    DeletionFile d = f.deletionFile();
    if (d != null) {
      TableProtos.DeletionFile.Builder db = TableProtos.DeletionFile.newBuilder()
          .setFileType(d.fileType() == DeletionFile.Type.BITMAP
              ? TableProtos.DeletionFile.DeletionFileType.BITMAP
              : TableProtos.DeletionFile.DeletionFileType.ARROW_ARRAY)
          .setReadVersion(d.readVersion())
          .setId(d.id())
          .setNumDeletedRows(d.numDeletedRows());
      if (d.baseId() != null) {
        db.setBaseId(d.baseId());
      }
      b.setDeletionFile(db);
    }
    return b.build();
  }

  public static TableProtos.DataFile toProto(DataFile df) {
    TableProtos.DataFile.Builder b = TableProtos.DataFile.newBuilder()
        .setPath(df.path())
        .addAllFields(df.fields())
        .addAllColumnIndices(df.columnIndices())
        .setFileMajorVersion(df.fileMajorVersion())
        .setFileMinorVersion(df.fileMinorVersion())
        .setFileSizeBytes(df.fileSizeBytes());
    if (df.baseId() != null) {
      b.setBaseId(df.baseId());
    }
    return b.build();
  }

  public static FragmentMetadata fromProto(TableProtos.DataFragment p) {
    List<DataFile> files = new ArrayList<>(p.getFilesCount());
    for (TableProtos.DataFile f : p.getFilesList()) {
      files.add(new DataFile(f.getPath(), f.getFieldsList(), f.getColumnIndicesList(),
          f.getFileMajorVersion(), f.getFileMinorVersion(), f.getFileSizeBytes(),
          f.hasBaseId() ? f.getBaseId() : null));
    }
    DeletionFile deletion = null;
    if (p.hasDeletionFile()) {
      TableProtos.DeletionFile d = p.getDeletionFile();
      deletion = new DeletionFile(
          d.getFileType() == TableProtos.DeletionFile.DeletionFileType.BITMAP
              ? DeletionFile.Type.BITMAP : DeletionFile.Type.ARROW_ARRAY,
          d.getReadVersion(), d.getId(), d.getNumDeletedRows(),
          d.hasBaseId() ? d.getBaseId() : null);
    }
    return new FragmentMetadata(p.getId(), files, p.getPhysicalRows(), deletion);
  }

  /**
   * All fragments of a manifest, in manifest order: the scan order. Usually ascending ids, but not
   * after a compaction (Rewrite puts new fragments where the old ones were, as lance does).
   */
  public static List<FragmentMetadata> fromProtos(List<TableProtos.DataFragment> protos) {
    List<FragmentMetadata> out = new ArrayList<>(protos.size());
    for (TableProtos.DataFragment p : protos) {
      out.add(fromProto(p));
    }
    return out;
  }

  /**
   * A read-only view that converts each fragment on first access. Used for the snapshot returned
   * by a commit: most callers only need its version, and converting every fragment of a large
   * manifest was a sixth of the commit's CPU time. Converted elements are cached; a racing
   * conversion on two threads yields equal, immutable values.
   */
  static List<FragmentMetadata> lazy(List<TableProtos.DataFragment> protos) {
    return new Lazy(List.copyOf(protos));
  }

  /** True for a list made by {@link #lazy} (already immutable: no defensive copy needed). */
  static boolean isLazy(List<FragmentMetadata> list) {
    return list instanceof Lazy;
  }

  private static final class Lazy extends AbstractList<FragmentMetadata>
      implements RandomAccess {
    private final List<TableProtos.DataFragment> protos;
    private final FragmentMetadata[] done;

    Lazy(List<TableProtos.DataFragment> protos) {
      this.protos = protos;
      this.done = new FragmentMetadata[protos.size()];
    }

    @Override
    public FragmentMetadata get(int index) {
      FragmentMetadata f = done[index];
      if (f == null) {
        f = fromProto(protos.get(index));
        done[index] = f;
      }
      return f;
    }

    @Override
    public int size() {
      return done.length;
    }
  }
}

package org.lance4j.internal.table;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.lance4j.CorruptFileException;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.internal.file.v21.BlobV2Descriptor;
import org.lance4j.internal.storage.ObjectStores;
import org.lance4j.storage.ObjectStore;

/**
 * Resolves the blob v2 values of some rows to {@link BlobSource}s: takes the rows' descriptors
 * (as {@link RowTaker} does for a scan) and maps each to its bytes: inline ones to a range of the
 * fragment's data file, packed and dedicated ones to the sidecar {@code data/<stem>/<id>.blob}
 * beside it, external ones to the object their URI names.
 */
public final class BlobTaker {
  private BlobTaker() {}

  /** Sidecar files end with this. */
  static final String SIDECAR_SUFFIX = ".blob";

  /**
   * One source per index, in the order given; null where the row's blob is null. Indices are
   * 0-based positions in the scan order (deleted rows excluded), as for {@code take}.
   */
  public static List<BlobSource> take(Snapshot snapshot, long[] indices, String column,
      BufferAllocator allocator) {
    LanceField field = snapshot.schema().field(column);
    if (field == null) {
      throw new InvalidInputException("takeBlobs: dataset " + snapshot.uri() + " version "
          + snapshot.version() + " has no top-level column '" + column + "'");
    }
    if (!BlobColumns.isBlobV2(field)) {
      throw new InvalidInputException("takeBlobs: column '" + column + "' of dataset "
          + snapshot.uri() + " is not a blob v2 column (Arrow extension "
          + BlobColumns.EXTENSION + "); read it with take or scan");
    }
    List<FragmentMetadata> frags = snapshot.fragments();
    long[] starts = new long[frags.size() + 1];
    for (int i = 0; i < frags.size(); i++) {
      starts[i + 1] = starts[i] + Math.max(0, frags.get(i).numRows());
    }
    List<BlobSource> out = new ArrayList<>(indices.length);
    try (VectorSchemaRoot root = RowTaker.take(snapshot, indices, List.of(column), allocator,
        ColumnSource.LANCE_FILES, true)) {
      StructVector d = (StructVector) root.getVector(0);
      UInt1Vector kind = (UInt1Vector) d.getChild(BlobV2Descriptor.MEMBERS.get(0));
      UInt8Vector position = (UInt8Vector) d.getChild(BlobV2Descriptor.MEMBERS.get(1));
      UInt8Vector size = (UInt8Vector) d.getChild(BlobV2Descriptor.MEMBERS.get(2));
      UInt4Vector blobId = (UInt4Vector) d.getChild(BlobV2Descriptor.MEMBERS.get(3));
      VarCharVector uri = (VarCharVector) d.getChild(BlobV2Descriptor.MEMBERS.get(4));
      for (int i = 0; i < indices.length; i++) {
        if (d.isNull(i)) {
          out.add(null);
          continue;
        }
        int f = Arrays.binarySearch(starts, indices[i]);
        f = f >= 0 ? f : -f - 2;
        while (f + 1 < starts.length - 1 && starts[f + 1] <= indices[i]) {
          f++; // skip empty fragments
        }
        FragmentMetadata frag = frags.get(f);
        String what = "blob v2 value of column '" + column + "' at index " + indices[i]
            + " (fragment " + frag.id() + ")";
        out.add(source(snapshot, frag, field, what, kind.get(i) & 0xFF, position.get(i),
            size.get(i), blobId.get(i) & 0xFFFFFFFFL,
            uri.isNull(i) ? "" : new String(uri.get(i), java.nio.charset.StandardCharsets.UTF_8)));
      }
      return out;
    } catch (RuntimeException | Error e) {
      for (BlobSource s : out) {
        if (s != null) {
          s.close();
        }
      }
      throw e;
    }
  }

  private static BlobSource source(Snapshot snapshot, FragmentMetadata frag, LanceField field,
      String what, int kind, long position, long size, long blobId, String uri) {
    if (kind == BlobV2Descriptor.EXTERNAL) {
      return external(what, uri, position, size, blobId);
    }
    if (kind != BlobV2Descriptor.INLINE && kind != BlobV2Descriptor.PACKED
        && kind != BlobV2Descriptor.DEDICATED) {
      throw new CorruptFileException(what + ": descriptor kind " + kind + " is not one of 0"
          + " (inline), 1 (packed), 2 (dedicated), 3 (external)");
    }
    if (size == 0 && kind == BlobV2Descriptor.INLINE) {
      return BlobSource.empty(what + ", empty");
    }
    DataFile file = null;
    for (DataFile df : frag.files()) {
      if (df.columnOf(field.id()) >= 0) {
        file = df; // a later file wins: it holds the newer copy
      }
    }
    if (file == null) {
      throw new CorruptFileException(what + ": no data file of the fragment holds field "
          + field.id());
    }
    String dataPath = DataFileNames.path(file);
    ObjectStore store = snapshot.store();
    if (kind == BlobV2Descriptor.INLINE) {
      return new BlobSource(store, false, dataPath, position, size, file.fileSizeBytes(), false,
          what + ", inline in " + dataPath);
    }
    String sidecar = sidecarPath(dataPath, blobId);
    if (kind == BlobV2Descriptor.DEDICATED && position != 0) {
      throw new CorruptFileException(what + ": dedicated sidecar " + sidecar
          + " has a descriptor position " + position + " (must be 0)");
    }
    return new BlobSource(store, false, sidecar, position, size, 0, false,
        what + (kind == BlobV2Descriptor.PACKED ? ", packed in " : ", dedicated file ")
            + sidecar);
  }

  /**
   * The sidecar of blob {@code blobId} written with data file {@code dataPath}
   * ({@code .../data/<stem>.lance}): {@code .../data/<stem>/<bits>.blob}, where {@code bits} is the
   * id's 32 bits, least significant first (the reversed-binary form Lance also uses for data file
   * names).
   */
  static String sidecarPath(String dataPath, long blobId) {
    String stem = dataPath.endsWith(".lance")
        ? dataPath.substring(0, dataPath.length() - ".lance".length()) : dataPath;
    StringBuilder sb = new StringBuilder(stem.length() + 40).append(stem).append('/');
    for (int bit = 0; bit < 32; bit++) {
      sb.append(((blobId >>> bit) & 1) == 0 ? '0' : '1');
    }
    return sb.append(SIDECAR_SUFFIX).toString();
  }

  private static BlobSource external(String what, String uri, long position, long size,
      long baseId) {
    if (uri.isEmpty()) {
      throw new CorruptFileException(what + ": external blob descriptor has no URI");
    }
    if (baseId != 0) {
      throw new UnsupportedFormatException(what + ": external blob '" + uri
          + "' is relative to base path " + baseId + ", which lance4j does not resolve yet");
    }
    String parent;
    String name;
    int slash = uri.lastIndexOf('/');
    boolean absolute = uri.startsWith("/") || uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    if (!absolute || slash < 0 || slash == uri.length() - 1) {
      throw new UnsupportedFormatException(what + ": external blob URI '" + uri
          + "' is not an absolute object URI; lance4j resolves only those");
    }
    parent = uri.substring(0, slash);
    name = uri.substring(slash + 1);
    if (uri.startsWith("file:")) {
      java.nio.file.Path p = java.nio.file.Paths.get(URI.create(uri));
      parent = p.getParent().toString();
      name = p.getFileName().toString();
    }
    ObjectStore store = ObjectStores.forUri(parent.isEmpty() ? "/" : parent);
    boolean whole = position == 0 && size == 0;
    return new BlobSource(store, true, name, position, size, 0, whole,
        what + ", external " + uri);
  }
}

package org.lance4j.internal.table;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lance4j.CorruptFileException;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * Manifest file framing.
 *
 * <pre>
 * [u32 len][IndexSection]      optional, Manifest.index_section = its offset
 * [u32 len][Transaction]       optional, Manifest.transaction_section = its offset
 * [u32 len][Manifest]
 * [i64 position of the Manifest's u32 len][i16 0][i16 1]["LANC"]
 * </pre>
 */
public final class ManifestFiles {
  static final int TAIL = 16;
  /** Manifests up to this size are read with one request. */
  private static final long WHOLE_READ = 32L << 20;
  private static final byte[] MAGIC = {'L', 'A', 'N', 'C'};
  private static final short MAJOR = 0;
  private static final short MINOR = 1;

  private ManifestFiles() {}

  /** Reads and decodes the manifest at {@code path}; CorruptFileException naming it if bad. */
  public static TableProtos.Manifest read(ObjectStore store, String path) {
    return read(store, path, -1);
  }

  /**
   * As {@link #read(ObjectStore, String)} with the file's size when the caller knows it (from a
   * listing; -1 when not), which saves asking the store.
   */
  public static TableProtos.Manifest read(ObjectStore store, String path, long knownSize) {
    try {
      // size unknown: one whole-object read (an object store's single GET, no size request
      // first); known: one read of the whole file when it is small (the usual case)
      ByteBuffer whole = knownSize < 0
          ? store.readAll(path).slice().order(ByteOrder.LITTLE_ENDIAN) : null;
      long size = whole != null ? whole.remaining() : knownSize;
      if (size < TAIL + 4) {
        throw corrupt(store, path, "file is only " + size + " bytes");
      }
      if (whole == null && size <= WHOLE_READ) {
        whole = store.read(path, 0, (int) size).order(ByteOrder.LITTLE_ENDIAN);
      }
      ByteBuffer tail = whole != null ? slice(whole, size - TAIL, TAIL)
          : store.read(path, size - TAIL, TAIL).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 4; i++) {
        if (tail.get(12 + i) != MAGIC[i]) {
          throw corrupt(store, path, "missing LANC magic at the end");
        }
      }
      long pos = tail.getLong(0);
      if (pos < 0 || pos > size - TAIL - 4) {
        throw corrupt(store, path, "manifest position " + pos + " outside the file (" + size
            + " bytes)");
      }
      long len = size - pos - 4 - TAIL;
      if (len > Integer.MAX_VALUE) {
        throw corrupt(store, path, "manifest of " + len + " bytes is too large");
      }
      ByteBuffer buf = whole != null ? slice(whole, pos, (int) (len + 4))
          : store.read(path, pos, (int) (len + 4)).order(ByteOrder.LITTLE_ENDIAN);
      long recorded = Integer.toUnsignedLong(buf.getInt(0));
      if (recorded != len) {
        throw corrupt(store, path, "manifest length prefix says " + recorded + " bytes but "
            + len + " bytes precede the tail");
      }
      buf.position(4);
      return ManifestChecks.check(store, path, TableProtos.Manifest.parseFrom(buf));
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException("corrupt manifest " + store.root() + "/" + path
          + ": protobuf does not decode (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new LanceIOException("cannot read manifest " + store.root() + "/" + path, e);
    }
  }

  /**
   * The raw bytes of the manifest's IndexSection message, or null when it has none. Read only to
   * carry the section over to the next version.
   */
  public static byte[] readIndexSection(ObjectStore store, String path,
      TableProtos.Manifest manifest) {
    return manifest.hasIndexSection()
        ? readSection(store, path, manifest.getIndexSection(), "index section") : null;
  }

  /**
   * The transaction written inline in the manifest ({@code transaction_section}), or null when
   * the manifest has none or it does not decode.
   */
  public static TableProtos.Transaction readTransactionSection(ObjectStore store, String path,
      TableProtos.Manifest manifest) {
    if (!manifest.hasTransactionSection()) {
      return null;
    }
    try {
      return TableProtos.Transaction.parseFrom(readSection(store, path,
          manifest.getTransactionSection(), "transaction section"));
    } catch (InvalidProtocolBufferException | CorruptFileException e) {
      return null;
    }
  }

  private static byte[] readSection(ObjectStore store, String path, long pos, String what) {
    try {
      long size = store.size(path);
      if (pos < 0 || pos + 4 > size) {
        throw corrupt(store, path, what + " offset " + pos + " outside the file");
      }
      long len = Integer.toUnsignedLong(
          store.read(path, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
      if (pos + 4 + len > size - TAIL) {
        throw corrupt(store, path, what + " of " + len + " bytes at " + pos
            + " runs past the manifest");
      }
      ByteBuffer b = store.read(path, pos + 4, (int) len);
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException e) {
      throw new LanceIOException("cannot read " + what + " of " + store.root() + "/" + path, e);
    }
  }

  /**
   * Frames a manifest. When {@code indexSection} is non-null it is written first and the
   * manifest's {@code index_section} offset points at it (otherwise the field is cleared); when
   * {@code transaction} is non-null it follows, with {@code transaction_section} pointing at it,
   * as current Lance writes the transaction inline.
   */
  public static byte[] encode(TableProtos.Manifest manifest, byte[] indexSection,
      byte[] transaction) {
    return frame(manifest, indexSection, transaction).bytes();
  }

  /** A framed manifest: the file's bytes and the manifest as written (section offsets set). */
  public record Framed(byte[] bytes, TableProtos.Manifest manifest) {}

  /** {@link #encode}, also returning the manifest message with its section offsets. */
  public static Framed frame(TableProtos.Manifest manifest, byte[] indexSection,
      byte[] transaction) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(manifest.getSerializedSize() + 64
        + (transaction == null ? 0 : transaction.length));
    TableProtos.Manifest.Builder b = manifest.toBuilder().clearTransactionSection();
    if (indexSection != null) {
      b.setIndexSection(out.size());
      writeU32(out, indexSection.length);
      out.writeBytes(indexSection);
    } else {
      b.clearIndexSection();
    }
    if (transaction != null) {
      b.setTransactionSection(out.size());
      writeU32(out, transaction.length);
      out.writeBytes(transaction);
    }
    TableProtos.Manifest written = b.build();
    byte[] body = written.toByteArray();
    long pos = out.size();
    writeU32(out, body.length);
    out.writeBytes(body);
    ByteBuffer tail = ByteBuffer.allocate(TAIL).order(ByteOrder.LITTLE_ENDIAN);
    tail.putLong(pos).putShort(MAJOR).putShort(MINOR).put(MAGIC);
    out.writeBytes(tail.array());
    return new Framed(out.toByteArray(), written);
  }

  private static void writeU32(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  private static ByteBuffer slice(ByteBuffer b, long offset, int len) {
    return b.slice((int) offset, len).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static CorruptFileException corrupt(ObjectStore store, String path, String why) {
    return new CorruptFileException("corrupt manifest " + store.root() + "/" + path + ": " + why);
  }
}

package org.lance4j.internal.table;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Block;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;
import org.apache.arrow.flatbuf.Type;
import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;
import org.roaringbitmap.RoaringBitmap;

/**
 * Decodes an {@code .arrow} deletion file (an Arrow IPC file of one {@code row_id: uint32 not
 * null} column, ZSTD body compression or none) straight from its bytes: the footer, block and
 * message flatbuffers are read with Arrow's generated accessors and the value buffer is copied
 * (or decompressed) onto the heap. No Arrow buffer is allocated, so a corrupt file cannot leak
 * one, and every offset and length is checked against the file before it is used, so nothing
 * larger than {@code maxRows} offsets is ever allocated.
 */
final class ArrowDeletionDecoder {
  private static final byte[] MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

  private final byte[] d;
  private final String path;

  private ArrowDeletionDecoder(byte[] d, String path) {
    this.d = d;
    this.path = path;
  }

  /** The row offsets of the file; at most {@code maxRows} of them (else it is corrupt). */
  static RoaringBitmap decode(byte[] bytes, long maxRows, String path) {
    try {
      return new ArrowDeletionDecoder(bytes, path).decode(maxRows);
    } catch (CorruptFileException | UnsupportedFormatException e) {
      throw e;
    } catch (RuntimeException e) { // flatbuffer accessors reading garbage
      throw corrupt(path, "its Arrow IPC metadata does not decode (" + e + ")");
    }
  }

  private RoaringBitmap decode(long maxRows) {
    int n = d.length;
    if (n < 2 * 8 + 4 || !magicAt(0) || !magicAt(n - 6)) {
      throw corrupt(path, "not an Arrow IPC file (no ARROW1 magic at both ends)");
    }
    ByteBuffer le = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    int footerLen = le.getInt(n - 10);
    int footerStart = n - 10 - footerLen;
    if (footerLen <= 0 || footerStart < 8) {
      throw corrupt(path, "Arrow footer length " + footerLen + " does not fit the file's " + n
          + " bytes");
    }
    Footer footer = Footer.getRootAsFooter(slice(footerStart, footerLen));
    Schema schema = footer.schema();
    if (schema == null || schema.fieldsLength() != 1) {
      throw corrupt(path, "expected schema [row_id: uint32]");
    }
    Field f = schema.fields(0);
    if (f.typeType() != Type.Int) {
      throw corrupt(path, "expected schema [row_id: uint32], the column is not an integer");
    }
    Int t = (Int) f.type(new Int());
    if (t == null || t.bitWidth() != 32 || t.isSigned()) {
      throw corrupt(path, "expected schema [row_id: uint32]");
    }
    int blocks = footer.recordBatchesLength();
    if (blocks < 0 || (long) blocks * 24 > footerLen) {
      throw corrupt(path, blocks + " record batches do not fit a footer of " + footerLen
          + " bytes");
    }
    RoaringBitmap bm = new RoaringBitmap();
    long total = 0;
    for (int b = 0; b < blocks; b++) {
      Block block = footer.recordBatches(b);
      int[] rows = batch(le, block, footerStart, maxRows - total);
      total += rows.length;
      bm.addN(rows, 0, rows.length);
    }
    return bm;
  }

  private int[] batch(ByteBuffer le, Block block, int dataEnd, long maxRows) {
    long offset = block.offset();
    long metaLen = block.metaDataLength();
    long bodyLen = block.bodyLength();
    long end = Math.addExact(Math.addExact(Math.max(offset, 0), Math.max(metaLen, 0)),
        Math.max(bodyLen, 0));
    if (offset < 8 || metaLen < 8 || bodyLen < 0 || end > dataEnd) {
      throw corrupt(path, "record batch at " + offset + " (" + metaLen + " + " + bodyLen
          + " bytes) lies outside the file's " + dataEnd + " bytes of batches");
    }
    int p = (int) offset;
    int prefix = 4;
    int msgLen = le.getInt(p);
    if (msgLen == -1) { // continuation marker, then the length
      msgLen = le.getInt(p + 4);
      prefix = 8;
    }
    if (msgLen <= 0 || prefix + (long) msgLen > metaLen) {
      throw corrupt(path, "record batch message of " + msgLen + " bytes does not fit its "
          + metaLen + "-byte metadata block");
    }
    Message m = Message.getRootAsMessage(slice(p + prefix, msgLen));
    if (m.headerType() != MessageHeader.RecordBatch) {
      throw corrupt(path, "block at " + offset + " is not a record batch");
    }
    RecordBatch rb = (RecordBatch) m.header(new RecordBatch());
    if (rb == null || rb.nodesLength() != 1 || rb.buffersLength() != 2) {
      throw corrupt(path, "record batch at " + offset + " is not one uint32 column");
    }
    long rows = rb.length();
    FieldNode node = rb.nodes(0);
    if (rows < 0 || node.length() != rows || rows > maxRows) {
      throw corrupt(path, "record batch at " + offset + " claims " + rows + " rows (column "
          + node.length() + ", at most " + maxRows + " possible)");
    }
    if (node.nullCount() != 0) {
      throw corrupt(path, "record batch at " + offset + " has " + node.nullCount()
          + " null row_ids");
    }
    long need = 4 * rows;
    Buffer values = rb.buffers(1);
    long bo = values.offset();
    long bl = values.length();
    if (bo < 0 || bl < 0 || bo + bl > bodyLen) {
      throw corrupt(path, "value buffer (" + bo + ", " + bl + " bytes) lies outside its "
          + bodyLen + "-byte record batch body");
    }
    int at = (int) (offset + metaLen + bo);
    BodyCompression c = rb.compression();
    byte[] raw;
    int rawAt;
    if (c == null || bl == 0) {
      raw = d;
      rawAt = at;
      if (bl < need) {
        throw corrupt(path, "value buffer of " + bl + " bytes for " + rows + " rows");
      }
    } else {
      if (c.codec() != CompressionType.ZSTD) {
        throw new UnsupportedFormatException("deletion file " + path + ": Arrow IPC body"
            + " compression " + (c.codec() == CompressionType.LZ4_FRAME ? "LZ4_FRAME" : c.codec())
            + " is not supported by lance4j (only ZSTD)");
      }
      if (bl < 8) {
        throw corrupt(path, "compressed value buffer of " + bl + " bytes has no length");
      }
      long ulen = le.getLong(at);
      if (ulen == -1) {
        raw = d;
        rawAt = at + 8;
        if (bl - 8 < need) {
          throw corrupt(path, "value buffer of " + (bl - 8) + " bytes for " + rows + " rows");
        }
      } else {
        if (ulen < need || ulen > need + 64) {
          throw corrupt(path, "value buffer decompresses to " + ulen + " bytes, but " + rows
              + " rows need " + need);
        }
        raw = new byte[(int) ulen];
        rawAt = 0;
        int got;
        try {
          got = new ZstdDecompressor().decompress(d, at + 8, (int) bl - 8, raw, 0, raw.length);
        } catch (MalformedInputException e) {
          throw corrupt(path, "malformed ZSTD data in the value buffer: " + e.getMessage());
        }
        if (got != ulen) {
          throw corrupt(path, "ZSTD value buffer decompressed to " + got + " bytes, header says "
              + ulen);
        }
      }
    }
    ByteBuffer v = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[(int) rows];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.getInt(rawAt + 4 * i);
    }
    return out;
  }

  private boolean magicAt(int at) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (d[at + i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private ByteBuffer slice(int at, int len) {
    return ByteBuffer.wrap(d, at, len).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static CorruptFileException corrupt(String path, String why) {
    return new CorruptFileException("deletion file " + path + ": " + why);
  }
}

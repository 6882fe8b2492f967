package org.lance4j.internal.file.v20;

import org.lance4j.internal.file.FileFormat;
import org.lance4j.internal.file.FileErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.lance4j.LanceIOException;

/** Position-tracking output for a Lance file: page buffers padded to 64 bytes, raw metadata. */
final class PaddedBufferWriter {
  private static final byte[] PADDING = new byte[FileFormat.PAGE_ALIGNMENT];

  static {
    Arrays.fill(PADDING, FileFormat.PAD_BYTE);
  }

  private final OutputStream out;
  private final String name;
  private long position;

  PaddedBufferWriter(OutputStream out, String name) {
    this.out = out;
    this.name = name;
  }

  long position() {
    return position;
  }

  /** Writes a page buffer followed by padding; returns the buffer's position. */
  long writePageBuffer(byte[] b, int len) {
    long at = position;
    write(b, 0, len);
    int pad = (int) ((FileFormat.PAGE_ALIGNMENT - (position % FileFormat.PAGE_ALIGNMENT))
        % FileFormat.PAGE_ALIGNMENT);
    if (pad > 0) {
      write(PADDING, 0, pad);
    }
    return at;
  }

  /** Writes bytes as they are; returns their position. */
  long writeRaw(byte[] b) {
    long at = position;
    write(b, 0, b.length);
    return at;
  }

  void writeLongsLE(long... values) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      bb.putLong(v);
    }
    writeRaw(bb.array());
  }

  private void write(byte[] b, int off, int len) {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw new LanceIOException("writing " + FileErrors.name(name) + " failed at byte "
          + position, e);
    }
    position += len;
  }

  void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new LanceIOException("closing " + FileErrors.name(name) + " failed", e);
    }
  }
}

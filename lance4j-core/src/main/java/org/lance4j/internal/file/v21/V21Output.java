package org.lance4j.internal.file.v21;

import java.io.IOException;
import java.io.OutputStream;
import org.lance4j.LanceIOException;

/** Position-tracking output of a 2.1 / 2.2 file: page buffers padded to 64 bytes. */
final class V21Output {
  private static final int ALIGN = 64;
  private static final byte[] PAD = new byte[ALIGN];

  static {
    java.util.Arrays.fill(PAD, (byte) 0x48);
  }

  private final OutputStream out;
  private final String name;
  private long position;

  V21Output(OutputStream out, String name) {
    this.out = out;
    this.name = name;
  }

  long position() {
    return position;
  }

  /** Writes a page buffer and pads to 64 bytes; returns the buffer's position. */
  long writePageBuffer(byte[] b, int len) {
    long at = position;
    write(b, len);
    int pad = (int) ((ALIGN - position % ALIGN) % ALIGN);
    if (pad > 0) {
      write(PAD, pad);
    }
    return at;
  }

  long writeRaw(byte[] b) {
    long at = position;
    write(b, b.length);
    return at;
  }

  private void write(byte[] b, int len) {
    try {
      out.write(b, 0, len);
    } catch (IOException e) {
      throw new LanceIOException("writing " + name + " failed at byte " + position, e);
    }
    position += len;
  }

  void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new LanceIOException("closing " + name + " failed", e);
    }
  }
}

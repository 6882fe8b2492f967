package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An FSST symbol table as Lance stores it in the encoding message: a u64 header whose low byte
 * is the symbol count and whose bit 24 says whether the data is compressed at all, then the
 * symbols (u64 each, little-endian), then one length byte (1..8) per symbol. Code {@link #ESC}
 * escapes the next byte, which is copied literally. Shared by the chunk decoder
 * ({@link FsstDecoder}) and the take's point reads ({@link PointValues}).
 */
final class FsstTable {
  static final int ESC = 255;
  /** Whether the values are compressed (otherwise they are stored as they are). */
  final boolean on;
  /** Per code: the symbol's bytes, little-endian. */
  final long[] symbols = new long[256];
  /** Per code: the symbol's length, 0 for the escape code and codes not in the table. */
  final int[] lens = new int[256];

  FsstTable(byte[] table) {
    if (table.length < 8) {
      throw new Decoding.Corrupt("FSST symbol table of " + table.length + " bytes");
    }
    ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    long info = t.getLong(0);
    this.on = (info & (1L << 24)) != 0;
    int n = (int) (info & 0xFF);
    if (on && table.length < 8 + 9 * n) {
      throw new Decoding.Corrupt("FSST symbol table of " + table.length + " bytes for " + n
          + " symbols");
    }
    if (on) {
      for (int i = 0; i < n; i++) {
        symbols[i] = t.getLong(8 + 8 * i);
        int len = table[8 + 8 * n + i];
        if (len < 1 || len > 8) {
          throw new Decoding.Corrupt("FSST symbol " + i + " has length " + len);
        }
        lens[i] = len;
      }
    }
    lens[ESC] = 0;
  }
}

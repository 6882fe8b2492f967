package org.lance4j.interop;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads just enough of a Lance data file (any 2.x: the 40-byte footer and the column metadata
 * table are the same in 2.0, 2.1 and 2.2) to count the pages of each column, so a test can check
 * that a "multi-page" column really has several pages. Independent of lance4j's reader.
 */
final class FileFooter {
  private FileFooter() {}

  /** Pages per column (ColumnMetadata.pages, field 2), in column order. */
  static int[] pagesPerColumn(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer footer = read(ch, ch.size() - 40, 40);
      long metaOffsetsStart = footer.getLong(8);
      int numColumns = footer.getInt(28);
      ByteBuffer table = read(ch, metaOffsetsStart, numColumns * 16);
      int[] out = new int[numColumns];
      for (int c = 0; c < numColumns; c++) {
        ByteBuffer meta = read(ch, table.getLong(c * 16), (int) table.getLong(c * 16 + 8));
        CodedInputStream in = CodedInputStream.newInstance(meta);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          if (WireFormat.getTagFieldNumber(tag) == 2) {
            out[c]++;
          }
          in.skipField(tag);
        }
      }
      return out;
    }
  }

  private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        throw new IOException("short read at " + pos);
      }
    }
    return b.flip();
  }
}

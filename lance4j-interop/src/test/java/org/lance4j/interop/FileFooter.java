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

  /**
   * The structural layout of each page of column {@code column} (file format 2.1+), described
   * as {@code "MiniBlock [layers] rep"} (rep: has repetition levels), {@code "FullZip [layers]
   * bits_rep/bits_def"} or {@code "Constant [layers]"}; layers by their RepDefLayer numbers
   * (1 ALL_VALID_ITEM, 2 ALL_VALID_LIST, 3 NULLABLE_ITEM, 4 NULLABLE_LIST, 5 EMPTYABLE_LIST,
   * 6 NULL_AND_EMPTY_LIST), leaf first. Decoded from the protobuf wire format directly.
   */
  static java.util.List<String> pageLayouts(Path file, int column) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer footer = read(ch, ch.size() - 40, 40);
      ByteBuffer table = read(ch, footer.getLong(8) + 16L * column, 16);
      ByteBuffer meta = read(ch, table.getLong(0), (int) table.getLong(8));
      for (ByteBuffer page : fields(meta, 2)) {
        ByteBuffer direct = fields(fields(page, 4).get(0), 2).get(0);
        ByteBuffer any = fields(direct, 1).get(0);
        ByteBuffer layout = fields(any, 2).get(0);
        out.add(describe(layout));
      }
    }
    return out;
  }

  private static String describe(ByteBuffer layout) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(layout.duplicate());
    int tag = in.readTag();
    int kind = WireFormat.getTagFieldNumber(tag);
    ByteBuffer body = ByteBuffer.wrap(in.readByteArray());
    return switch (kind) {
      case 1 -> "MiniBlock " + varints(body, 6) + (fields(body, 1).isEmpty() ? "" : " rep");
      case 2 -> "Constant " + varints(body, 5);
      case 3 -> "FullZip " + varints(body, 8) + " " + varint(body, 1) + "/" + varint(body, 2);
      case 4 -> "Blob";
      default -> "layout " + kind;
    };
  }

  /** The length-delimited occurrences of field {@code number}. */
  private static java.util.List<ByteBuffer> fields(ByteBuffer msg, int number) throws IOException {
    java.util.List<ByteBuffer> out = new java.util.ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(msg.duplicate());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == number
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        out.add(ByteBuffer.wrap(in.readByteArray()));
      } else {
        in.skipField(tag);
      }
    }
    return out;
  }

  private static long varint(ByteBuffer msg, int number) throws IOException {
    java.util.List<Long> v = varints(msg, number);
    return v.isEmpty() ? 0 : v.get(0);
  }

  /** The varint values of field {@code number} (packed or not). */
  private static java.util.List<Long> varints(ByteBuffer msg, int number) throws IOException {
    java.util.List<Long> out = new java.util.ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(msg.duplicate());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != number) {
        in.skipField(tag);
      } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        CodedInputStream p = CodedInputStream.newInstance(in.readByteArray());
        while (!p.isAtEnd()) {
          out.add(p.readRawVarint64());
        }
      } else {
        out.add(in.readRawVarint64());
      }
    }
    return out;
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

package org.lance4j.interop;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which layout and compression each column of a Lance 2.1/2.2 data file uses, read straight from
 * the protobuf bytes (independent of lance4j's reader): per column the distinct page summaries,
 * e.g. {@code MB:Fsst(Variable(Flat32))} or {@code FZ:General(ZSTD,Variable(Flat32))}. Field
 * numbers follow lance's {@code encodings_v2_1.proto} and {@code file2.proto}.
 */
final class PageLayouts {
  private PageLayouts() {}

  private static final String[] COMPRESSION = {"?", "Flat", "Variable", "Constant",
      "OutOfLineBitpacking", "InlineBitpacking", "Fsst", "Dictionary", "Rle", "ByteStreamSplit",
      "General", "FixedSizeList", "PackedStruct", "VariablePackedStruct"};

  /** Per column (file order), the distinct page summaries joined with " | ". */
  static List<String> summaries(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer footer = read(ch, ch.size() - 40, 40);
      long metaOffsetsStart = footer.getLong(8);
      int numColumns = footer.getInt(28);
      ByteBuffer table = read(ch, metaOffsetsStart, numColumns * 16);
      for (int c = 0; c < numColumns; c++) {
        ByteBuffer meta = read(ch, table.getLong(c * 16), (int) table.getLong(c * 16 + 8));
        Set<String> pages = new LinkedHashSet<>();
        CodedInputStream in = CodedInputStream.newInstance(meta);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          if (WireFormat.getTagFieldNumber(tag) == 2) { // ColumnMetadata.pages
            pages.add(page(in.readBytes().toByteArray()));
          } else {
            in.skipField(tag);
          }
        }
        out.add(String.join(" | ", pages));
      }
    }
    return out;
  }

  /** Page: encoding = 4 (EncodingLocation: direct = 2 (DirectEncoding: encoding = 1 (Any))). */
  private static String page(byte[] page) throws IOException {
    byte[] loc = field(page, 4);
    byte[] direct = loc == null ? null : field(loc, 2);
    byte[] any = direct == null ? null : field(direct, 1);
    byte[] layout = any == null ? null : field(any, 2);
    if (layout == null) {
      return "not a 2.1 page";
    }
    return layout(layout);
  }

  private static String layout(byte[] layout) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(layout);
    int tag = in.readTag();
    byte[] body = in.readBytes().toByteArray();
    switch (WireFormat.getTagFieldNumber(tag)) {
      case 1: {
        StringBuilder s = new StringBuilder("MB:").append(encoding(field(body, 3)));
        byte[] dict = field(body, 4);
        if (dict != null) {
          s.append(" dict=").append(encoding(dict));
        }
        return s.toString();
      }
      case 2:
        return "Constant";
      case 3:
        return "FZ:" + encoding(field(body, 7));
      case 4:
        return "Blob(" + layout(field(body, 1)) + ")";
      default:
        return "layout " + WireFormat.getTagFieldNumber(tag);
    }
  }

  /** A CompressiveEncoding as Name(children...), Flat with its bits, General with its scheme. */
  static String encoding(byte[] e) throws IOException {
    if (e == null) {
      return "-";
    }
    CodedInputStream in = CodedInputStream.newInstance(e);
    int tag = in.readTag();
    if (tag == 0) {
      return "none";
    }
    int num = WireFormat.getTagFieldNumber(tag);
    byte[] body = in.readBytes().toByteArray();
    String name = num < COMPRESSION.length ? COMPRESSION[num] : "enc" + num;
    List<String> parts = new ArrayList<>();
    CodedInputStream b = CodedInputStream.newInstance(body);
    for (int t = b.readTag(); t != 0; t = b.readTag()) {
      int f = WireFormat.getTagFieldNumber(t);
      if (num == 1 && f == 1) {
        return "Flat" + b.readUInt64();
      } else if (num == 10 && f == 1) { // General.compression (BufferCompression.scheme = 1)
        byte[] bc = b.readBytes().toByteArray();
        CodedInputStream s = CodedInputStream.newInstance(bc);
        String scheme = "?";
        for (int u = s.readTag(); u != 0; u = s.readTag()) {
          if (WireFormat.getTagFieldNumber(u) == 1) {
            int v = s.readEnum();
            scheme = v == 1 ? "LZ4" : v == 2 ? "ZSTD" : "scheme" + v;
          } else {
            s.skipField(u);
          }
        }
        parts.add(scheme);
      } else if (WireFormat.getTagWireType(t) == WireFormat.WIRETYPE_LENGTH_DELIMITED
          && !(num == 6 && f == 1)) { // every message child but the FSST symbol table
        byte[] child = b.readBytes().toByteArray();
        parts.add(isEncoding(num, f) ? encoding(child) : "buf");
      } else {
        b.skipField(t);
      }
    }
    return parts.isEmpty() ? name : name + "(" + String.join(",", parts) + ")";
  }

  /** Whether field f of compression num is a CompressiveEncoding (not BufferCompression). */
  private static boolean isEncoding(int num, int f) {
    return switch (num) {
      case 1 -> false; // Flat.data
      case 2 -> f == 1; // Variable.offsets (values = BufferCompression)
      case 5 -> false; // InlineBitpacking.values
      default -> true;
    };
  }

  private static byte[] field(byte[] msg, int number) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(msg);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == number
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        return in.readBytes().toByteArray();
      }
      in.skipField(tag);
    }
    return null;
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

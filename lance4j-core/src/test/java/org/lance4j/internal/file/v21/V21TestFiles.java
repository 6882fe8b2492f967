package org.lance4j.internal.file.v21;

import com.google.protobuf.Any;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.proto.File2Protos;

/** Reads page layouts straight from a file's column metadata (tests of layout choices). */
final class V21TestFiles {
  private V21TestFiles() {}

  /** The layout of the first page of every column. */
  static List<PageLayout> firstPages(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int f = b.limit() - 40;
    long cmoStart = b.getLong(f + 8);
    int columns = b.getInt(f + 28);
    List<PageLayout> out = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      int pos = (int) b.getLong((int) cmoStart + 16 * c);
      int len = (int) b.getLong((int) cmoStart + 16 * c + 8);
      byte[] cm = new byte[len];
      b.get(pos, cm);
      File2Protos.ColumnMetadata meta = File2Protos.ColumnMetadata.parseFrom(cm);
      Any any = Any.parseFrom(meta.getPages(0).getEncoding().getDirect().getEncoding());
      out.add(PageLayout.parseFrom(any.getValue()));
    }
    return out;
  }

  /** The layouts of every page of column {@code column}. */
  static List<PageLayout> pages(Path file, int column) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int f = b.limit() - 40;
    long cmoStart = b.getLong(f + 8);
    int pos = (int) b.getLong((int) cmoStart + 16 * column);
    int len = (int) b.getLong((int) cmoStart + 16 * column + 8);
    byte[] cm = new byte[len];
    b.get(pos, cm);
    File2Protos.ColumnMetadata meta = File2Protos.ColumnMetadata.parseFrom(cm);
    List<PageLayout> out = new ArrayList<>();
    for (File2Protos.ColumnMetadata.Page page : meta.getPagesList()) {
      Any any = Any.parseFrom(page.getEncoding().getDirect().getEncoding());
      out.add(PageLayout.parseFrom(any.getValue()));
    }
    return out;
  }

  /** The page metadata (row counts, buffer offsets and sizes) of column {@code column}. */
  static List<File2Protos.ColumnMetadata.Page> pageMeta(Path file, int column) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int f = b.limit() - 40;
    long cmoStart = b.getLong(f + 8);
    int pos = (int) b.getLong((int) cmoStart + 16 * column);
    int len = (int) b.getLong((int) cmoStart + 16 * column + 8);
    byte[] cm = new byte[len];
    b.get(pos, cm);
    return File2Protos.ColumnMetadata.parseFrom(cm).getPagesList();
  }
}

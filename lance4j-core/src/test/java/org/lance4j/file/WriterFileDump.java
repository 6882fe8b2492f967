package org.lance4j.file;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.lance4j.proto.EncodingProtos;
import org.lance4j.proto.File2Protos;
import org.lance4j.proto.FileProtos;

/** Test helper: decodes the container metadata of a Lance 2.0 file into readable text. */
final class WriterFileDump {
  private WriterFileDump() {}

  static byte[] readRange(Path p, long pos, int len) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
      byte[] b = new byte[len];
      f.seek(pos);
      f.readFully(b);
      return b;
    }
  }

  static String dump(Path p, boolean pages) throws IOException {
    long size = p.toFile().length();
    ByteBuffer foot = ByteBuffer.wrap(readRange(p, size - 40, 40)).order(ByteOrder.LITTLE_ENDIAN);
    long a = foot.getLong();
    long b = foot.getLong();
    long c = foot.getLong();
    int ng = foot.getInt();
    int nc = foot.getInt();
    int major = foot.getShort();
    int minor = foot.getShort();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("size=%d A=%d B=%d C=%d globals=%d cols=%d version=%d.%d%n",
        size, a, b, c, ng, nc, major, minor));
    ByteBuffer gbo = ByteBuffer.wrap(readRange(p, c, 16 * ng)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < ng; i++) {
      long pos = gbo.getLong();
      long len = gbo.getLong();
      sb.append(String.format("gb%d pos=%d size=%d%n", i, pos, len));
      if (i == 0) {
        FileProtos.FileDescriptor fd =
            FileProtos.FileDescriptor.parseFrom(readRange(p, pos, (int) len));
        sb.append("  rows=").append(fd.getLength()).append(" fields=")
            .append(fd.getSchema().getFieldsCount()).append('\n');
      }
    }
    ByteBuffer cmo = ByteBuffer.wrap(readRange(p, b, 16 * nc)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < nc; i++) {
      long pos = cmo.getLong();
      long len = cmo.getLong();
      File2Protos.ColumnMetadata cm =
          File2Protos.ColumnMetadata.parseFrom(readRange(p, pos, (int) len));
      sb.append(String.format("col%d pos=%d size=%d pages=%d%n", i, pos, len, cm.getPagesCount()));
      int shown = 0;
      for (File2Protos.ColumnMetadata.Page pg : cm.getPagesList()) {
        if (!pages && shown++ > 1) {
          break;
        }
        EncodingProtos.ArrayEncoding enc = EncodingAny.arrayEncoding(pg.getEncoding(), "dump");
        sb.append("  page len=").append(pg.getLength()).append(" prio=").append(pg.getPriority())
            .append(" offs=").append(pg.getBufferOffsetsList()).append(" sizes=")
            .append(pg.getBufferSizesList()).append(" enc=")
            .append(com.google.protobuf.TextFormat.shortDebugString(enc)).append('\n');
      }
    }
    return sb.toString();
  }
}

package org.lance4j.internal.file.v20;

import org.lance4j.internal.file.EncodingAny;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.proto.EncodingProtos;
import org.lance4j.proto.File2Protos;

/** What the column encoders of one file share: the output, the page lists, the page size. */
final class EncoderContext {
  final PaddedBufferWriter out;
  final long pageSizeBytes;
  final String fileName;
  private final List<List<File2Protos.ColumnMetadata.Page>> pages = new ArrayList<>();

  EncoderContext(PaddedBufferWriter out, long pageSizeBytes, String fileName) {
    this.out = out;
    this.pageSizeBytes = pageSizeBytes;
    this.fileName = fileName;
  }

  /** Registers a new column and returns its index. */
  int newColumn() {
    pages.add(new ArrayList<>());
    return pages.size() - 1;
  }

  int columnCount() {
    return pages.size();
  }

  List<File2Protos.ColumnMetadata.Page> pagesOf(int column) {
    return pages.get(column);
  }

  /**
   * Writes the given buffers (in the order the encoding refers to them by index) and records the
   * page for {@code column}.
   */
  void writePage(int column, long length, EncodingProtos.ArrayEncoding encoding,
      byte[][] buffers, int[] sizes) {
    File2Protos.ColumnMetadata.Page.Builder page = File2Protos.ColumnMetadata.Page.newBuilder()
        .setLength(length)
        .setEncoding(EncodingAny.direct(encoding));
    for (int i = 0; i < buffers.length; i++) {
      long pos = out.writePageBuffer(buffers[i], sizes[i]);
      page.addBufferOffsets(pos).addBufferSizes(sizes[i]);
    }
    pages.get(column).add(page.build());
  }

  // ---- encoding message helpers ----

  static EncodingProtos.ArrayEncoding flat(int bits, int bufferIndex) {
    return EncodingProtos.ArrayEncoding.newBuilder().setFlat(EncodingProtos.Flat.newBuilder()
        .setBitsPerValue(bits)
        .setBuffer(EncodingProtos.Buffer.newBuilder().setBufferIndex(bufferIndex))).build();
  }

  static EncodingProtos.ArrayEncoding noNulls(EncodingProtos.ArrayEncoding values) {
    return EncodingProtos.ArrayEncoding.newBuilder().setNullable(EncodingProtos.Nullable.newBuilder()
        .setNoNulls(EncodingProtos.Nullable.NoNull.newBuilder().setValues(values))).build();
  }

  static EncodingProtos.ArrayEncoding someNulls(EncodingProtos.ArrayEncoding validity,
      EncodingProtos.ArrayEncoding values) {
    return EncodingProtos.ArrayEncoding.newBuilder().setNullable(EncodingProtos.Nullable.newBuilder()
        .setSomeNulls(EncodingProtos.Nullable.SomeNull.newBuilder()
            .setValidity(validity).setValues(values))).build();
  }

  static EncodingProtos.ArrayEncoding allNulls() {
    return EncodingProtos.ArrayEncoding.newBuilder().setNullable(EncodingProtos.Nullable.newBuilder()
        .setAllNulls(EncodingProtos.Nullable.AllNull.getDefaultInstance())).build();
  }
}

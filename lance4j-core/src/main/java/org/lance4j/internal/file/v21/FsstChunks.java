package org.lance4j.internal.file.v21;

import com.google.protobuf.ByteString;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.Fsst;

/** Fsst over Variable: the page's values FSST-compressed with one table, chunked as Variable. */
final class FsstChunks implements ChunkEncoding {
  private final FsstEncoder.Result r;
  private final VariableChunks inner;

  FsstChunks(byte[] data, long[] offsets, int n, boolean large) {
    this.r = FsstEncoder.compress(data, offsets, n);
    this.inner = new VariableChunks(r.data(), r.offsets(), large);
  }

  static CompressiveEncoding encoding(byte[] table, CompressiveEncoding values) {
    return CompressiveEncoding.newBuilder().setFsst(Fsst.newBuilder()
        .setSymbolTable(ByteString.copyFrom(table)).setValues(values)).build();
  }

  @Override
  public CompressiveEncoding encoding() {
    return encoding(r.table(), inner.encoding());
  }

  @Override
  public int chunkCount(int start, int remaining) {
    return inner.chunkCount(start, remaining);
  }

  @Override
  public void write(int start, int count, GrowBytes out) {
    inner.write(start, count, out);
  }
}

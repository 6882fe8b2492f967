package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import org.lance4j.proto.Encodings21Protos.FullZipLayout;

/** Full-zip pages (large values): not read yet. */
final class FullZipPage {
  private FullZipPage() {}

  static PageData decode(FullZipLayout fz, ByteBuffer[] bufs, Layers layers) {
    throw new Decoding.Unsupported("the FullZip layout");
  }
}

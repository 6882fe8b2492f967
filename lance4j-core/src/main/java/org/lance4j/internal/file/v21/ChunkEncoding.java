package org.lance4j.internal.file.v21;

import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;

/**
 * One mini-block value encoding of a page (Flat, InlineBitpacking, Rle, Variable, Fsst,
 * ByteStreamSplit, General around another): how it cuts the page into chunks and writes each
 * chunk's value buffers, and the {@code CompressiveEncoding} message that describes it. One class
 * per encoding; {@link EncodingChoice} picks one per page.
 */
interface ChunkEncoding extends MiniBlockWriter.Values {
  CompressiveEncoding encoding();
}

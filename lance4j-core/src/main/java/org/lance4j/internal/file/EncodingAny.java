package org.lance4j.internal.file;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import org.lance4j.CorruptFileException;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.proto.EncodingProtos;
import org.lance4j.proto.File2Protos;

/**
 * Page and column encodings are stored as {@code google.protobuf.Any} with a bare type URL
 * ({@code /lance.encodings.ArrayEncoding}); {@code Any.pack()} would add a domain, so we build and
 * check the wrapper by hand.
 */
public final class EncodingAny {
  private EncodingAny() {}

  /** A page's {@code EncodingLocation{direct{Any(ArrayEncoding)}}}. */
  public static File2Protos.EncodingLocation direct(EncodingProtos.ArrayEncoding encoding) {
    return wrap(FileFormat.ARRAY_ENCODING_TYPE_URL, encoding.toByteString());
  }

  /** The column-level {@code ColumnEncoding{values: Empty}} every 2.0 column carries. */
  public static File2Protos.EncodingLocation columnValues() {
    EncodingProtos.ColumnEncoding ce = EncodingProtos.ColumnEncoding.newBuilder()
        .setValues(Empty.getDefaultInstance()).build();
    return wrap(FileFormat.COLUMN_ENCODING_TYPE_URL, ce.toByteString());
  }

  private static File2Protos.EncodingLocation wrap(String typeUrl, ByteString value) {
    Any any = Any.newBuilder().setTypeUrl(typeUrl).setValue(value).build();
    return File2Protos.EncodingLocation.newBuilder()
        .setDirect(File2Protos.DirectEncoding.newBuilder().setEncoding(any.toByteString()))
        .build();
  }

  /**
   * Decodes a page encoding.
   *
   * @param where file and column, for messages
   */
  public static EncodingProtos.ArrayEncoding arrayEncoding(File2Protos.EncodingLocation loc,
      String where) {
    if (!loc.hasDirect()) {
      throw new UnsupportedFormatException(where + ": page encoding stored as "
          + loc.getLocationCase() + ", lance4j reads only direct encodings");
    }
    try {
      Any any = Any.parseFrom(loc.getDirect().getEncoding());
      String url = any.getTypeUrl();
      if (!url.endsWith("lance.encodings.ArrayEncoding")) {
        if (url.contains("encodings21") || url.contains("PageLayout")) {
          throw new UnsupportedFormatException(where + ": page layout " + url
              + " belongs to file format 2.1, which lance4j does not read yet");
        }
        throw new UnsupportedFormatException(where + ": unknown page encoding type " + url);
      }
      return EncodingProtos.ArrayEncoding.parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException(where + ": page encoding does not decode", e);
    }
  }
}

package org.lance4j.internal.file.v21;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.VariablePackedStruct.FieldEncoding;

/**
 * VariablePackedStruct (2.2, full-zip): each valid row is a length-prefixed value holding the
 * children in order, a fixed-width child as {@code bits_per_value / 8} bytes, a variable-width
 * child as a {@code bits_per_length / 8}-byte length and its bytes. Null rows hold nothing.
 */
final class VariablePackedStruct {
  private VariablePackedStruct() {}

  static Block.Struct decode(org.lance4j.proto.Encodings21Protos.VariablePackedStruct m,
      ByteBuffer b, int n, int ctrl, int[] def, int lenBytes, int visible, int firstListLevel) {
    List<FieldEncoding> fields = m.getFieldsList();
    int k = fields.size();
    int[] width = new int[k];
    int[] lenWidth = new int[k];
    for (int f = 0; f < k; f++) {
      FieldEncoding fe = fields.get(f);
      CompressiveEncoding ve = fe.getValue();
      if (fe.getLayoutCase() == FieldEncoding.LayoutCase.BITS_PER_VALUE) {
        long bits = fe.getBitsPerValue();
        if (ve.getCompressionCase() != CompressiveEncoding.CompressionCase.FLAT
            || ve.getFlat().hasData() || bits % 8 != 0 || bits <= 0) {
          throw new Decoding.Unsupported("VariablePackedStruct child " + f + " of "
              + Decompressors.name(ve) + " at " + bits + " bits");
        }
        width[f] = (int) bits / 8;
      } else {
        long bits = fe.getBitsPerLength();
        if (ve.getCompressionCase() != CompressiveEncoding.CompressionCase.VARIABLE
            || ve.getVariable().hasValues() || (bits != 32 && bits != 64)) {
          throw new Decoding.Unsupported("VariablePackedStruct child " + f + " of "
              + Decompressors.name(ve) + " with " + bits + "-bit lengths");
        }
        lenWidth[f] = (int) bits / 8;
      }
    }
    byte[][] data = new byte[k][];
    int[] used = new int[k];
    int[][] off = new int[k][];
    for (int f = 0; f < k; f++) {
      data[f] = new byte[Math.max(16, width[f] * visible)];
      if (lenWidth[f] > 0) {
        off[f] = new int[visible + 1];
      }
    }
    int pos = 0;
    int v = 0;
    for (int i = 0; i < n; i++) {
      pos += ctrl;
      int lv = def == null ? 0 : def[i];
      if (lv >= firstListLevel) {
        continue;
      }
      if (lv == 0) {
        long len = lenBytes == 4 ? Integer.toUnsignedLong(b.getInt(pos)) : b.getLong(pos);
        pos += lenBytes;
        if (!(len >= 0 && pos + len <= b.remaining())) {
          throw new Decoding.Corrupt("packed row " + i + " of " + len
            + " bytes overruns the page");
        }
        int end = pos + (int) len;
        for (int f = 0; f < k; f++) {
          int w = width[f];
          if (lenWidth[f] > 0) {
            if (!(pos + lenWidth[f] <= end)) {
              throw new Decoding.Corrupt("packed row " + i + " child " + f
                + " overruns its row");
            }
            long l = lenWidth[f] == 4 ? Integer.toUnsignedLong(b.getInt(pos)) : b.getLong(pos);
            pos += lenWidth[f];
            if (!(l >= 0 && pos + l <= end)) {
              throw new Decoding.Corrupt("packed row " + i + " child " + f
                + " of " + l + " bytes overruns its row");
            }
            w = (int) l;
          }
          if (!(pos + w <= end)) {
            throw new Decoding.Corrupt("packed row " + i + " child " + f
              + " overruns its row");
          }
          if (used[f] + w > data[f].length) {
            data[f] = Arrays.copyOf(data[f], Math.max(data[f].length * 2, used[f] + w));
          }
          b.get(pos, data[f], used[f], w);
          used[f] += w;
          pos += w;
        }
        if (!(pos == end)) {
          throw new Decoding.Corrupt("packed row " + i + " has " + (end - pos)
            + " bytes left over");
        }
      } else {
        for (int f = 0; f < k; f++) {
          used[f] += width[f]; // zeros for a null row's fixed-width children
          if (used[f] > data[f].length) {
            data[f] = Arrays.copyOf(data[f], Math.max(data[f].length * 2, used[f]));
          }
        }
      }
      v++;
      for (int f = 0; f < k; f++) {
        if (off[f] != null) {
          off[f][v] = used[f];
        }
      }
    }
    Block[] kids = new Block[k];
    for (int f = 0; f < k; f++) {
      kids[f] = off[f] != null ? new Block.Var(off[f], Arrays.copyOf(data[f], used[f]), visible)
          : new Block.Fixed(Arrays.copyOf(data[f], used[f]), width[f] * 8, visible);
    }
    return new Block.Struct(kids, visible);
  }
}

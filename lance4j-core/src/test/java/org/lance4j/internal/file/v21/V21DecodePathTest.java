package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/**
 * The fast decode paths of the scan: block unpacking straight into int levels, the
 * OutOfLineBitpacking level decoder (packed and raw tails), bit appends at any alignment, FSST
 * decoded straight from a Variable chunk buffer, and variable-width offsets loaded in bulk;
 * each checked against the general path or a reference, at block and chunk boundaries.
 */
class V21DecodePathTest {

  @Test
  void unpackIntsMatchesUnpackToForEveryWidth() {
    Random rnd = new Random(3);
    for (int t : new int[] {8, 16, 32}) {
      for (int w = 0; w < (t == 32 ? 32 : t + 1); w++) {
        long[] values = new long[1024];
        long mask = (1L << w) - 1;
        for (int i = 0; i < 1024; i++) {
          values[i] = rnd.nextLong() & mask;
        }
        ByteBuffer packed = V21FastLanesTest.pack(values, t, w);
        for (int n : new int[] {1024, 1023, 1}) {
          int[] dst = new int[n + 5];
          java.util.Arrays.fill(dst, -7);
          FastLanes.unpackInts(packed, 0, t, w, dst, 5, n);
          for (int i = 0; i < n; i++) {
            assertThat((long) dst[5 + i]).as("t=%d w=%d n=%d value %d", t, w, n, i)
                .isEqualTo(values[i]);
          }
          assertThat(dst[0]).isEqualTo(-7); // nothing written before the target range
        }
      }
    }
  }

  /** An OutOfLineBitpacking buffer of {@code values} at width {@code w}; raw or packed tail. */
  private static ByteBuffer outOfLine(long[] values, int t, int w, boolean rawTail) {
    int n = values.length;
    int whole = n / 1024;
    int tail = n % 1024;
    ByteBuffer out = ByteBuffer.allocate((whole + 1) * 1024 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < whole; k++) {
      out.put(V21FastLanesTest.pack(java.util.Arrays.copyOfRange(values, k * 1024,
          (k + 1) * 1024), t, w));
    }
    if (tail > 0) {
      if (rawTail) {
        for (int i = whole * 1024; i < n; i++) {
          switch (t) {
            case 8 -> out.put((byte) values[i]);
            case 16 -> out.putShort((short) values[i]);
            default -> out.putInt((int) values[i]);
          }
        }
      } else {
        long[] padded = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(values,
            whole * 1024, n), 1024);
        out.put(V21FastLanesTest.pack(padded, t, w));
      }
    }
    return out.flip();
  }

  @Test
  void levelsDecodeStraightToIntsAcrossBlocksWithEitherTail() {
    Random rnd = new Random(11);
    for (int t : new int[] {8, 16, 32}) {
      for (int w : new int[] {0, 1, 2, 3, 7}) {
        for (int n : new int[] {1024, 2048 + 5, 3 * 1024 - 1, 17}) {
          for (boolean raw : new boolean[] {false, true}) {
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
              values[i] = w == 0 ? 0 : rnd.nextInt(1 << w);
            }
            ByteBuffer b = outOfLine(values, t, w, raw);
            OutOfLineBitpackingDecoder d = new OutOfLineBitpackingDecoder(t, w);
            assertThat(d.intsFit()).isTrue();
            int[] ints = d.ints(b, n);
            int[] general = Values.toInts((Block.Fixed) d.decompress(b, n));
            assertThat(ints).as("t=%d w=%d n=%d raw=%s", t, w, n, raw).isEqualTo(general);
            for (int i = 0; i < n; i++) {
              assertThat((long) ints[i]).isEqualTo(values[i]);
            }
            int from = Math.max(0, n - 1030);
            assertThat(d.window(b, n, from, n))
                .isEqualTo(java.util.Arrays.copyOfRange(ints, from, n));
          }
        }
      }
    }
  }

  @Test
  void levelsOfAWrongLengthAreCorrupt() {
    OutOfLineBitpackingDecoder d = new OutOfLineBitpackingDecoder(16, 1);
    ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
    assertThatThrownBy(() -> d.ints(b, 1024)).isInstanceOf(Decoding.Corrupt.class)
        .hasMessageContaining("OutOfLineBitpacking buffer of 100 bytes");
    assertThat(new OutOfLineBitpackingDecoder(32, 32).intsFit()).isFalse();
    assertThat(new OutOfLineBitpackingDecoder(64, 3).intsFit()).isFalse();
  }

  @Test
  void bitsAppendAtEveryAlignment() {
    Random rnd = new Random(5);
    for (int round = 0; round < 200; round++) {
      BlockBuilder bb = new BlockBuilder();
      List<Boolean> expect = new ArrayList<>();
      int pieces = 1 + rnd.nextInt(6);
      for (int p = 0; p < pieces; p++) {
        int n = 1 + rnd.nextInt(100);
        byte[] bits = new byte[(n + 7) / 8 + 1];
        rnd.nextBytes(bits);
        int from = rnd.nextInt(Math.max(1, n / 2));
        int to = from + rnd.nextInt(n - from + 1);
        bb.add(new Block.Fixed(bits, 1, n), from, to);
        for (int i = from; i < to; i++) {
          expect.add((bits[i >> 3] >> (i & 7) & 1) != 0);
        }
      }
      Block.Fixed got = (Block.Fixed) bb.build();
      if (got == null) {
        assertThat(expect).isEmpty();
        continue;
      }
      assertThat(got.numValues()).isEqualTo(expect.size());
      for (int i = 0; i < expect.size(); i++) {
        assertThat((got.data()[i >> 3] >> (i & 7) & 1) != 0).as("round %d bit %d", round, i)
            .isEqualTo(expect.get(i));
      }
      for (int i = expect.size(); i < got.data().length * 8; i++) {
        assertThat(got.data()[i >> 3] >> (i & 7) & 1).as("padding bit %d", i).isZero();
      }
    }
  }

  /** A Variable mini-block chunk: n + 1 u32 offsets from the buffer start, then the bytes. */
  private static ByteBuffer variableChunk(byte[] data, long[] off, int n) {
    int head = 4 * (n + 1);
    int len = (int) (off[n] - off[0]);
    ByteBuffer b = ByteBuffer.allocate(head + len).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i <= n; i++) {
      b.putInt((int) (head + off[i] - off[0]));
    }
    b.put(data, (int) off[0], len);
    return b.flip();
  }

  private static List<byte[]> strings(int n, Random rnd) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = switch (i % 5) {
        case 0 -> "";
        case 1 -> "name-" + rnd.nextInt(1_000_003);
        case 2 -> "x";
        case 3 -> "caf\u00e9 \u00fc" + (char) (1 + rnd.nextInt(250)) + i; // escapes
        default -> "the quick brown fox " + i;
      };
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void fsstChunksDecodeStraightFromTheBuffer() {
    Random rnd = new Random(9);
    List<byte[]> values = strings(4096, rnd);
    long[] off = new long[values.size() + 1];
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < values.size(); i++) {
      all.writeBytes(values.get(i));
      off[i + 1] = all.size();
    }
    FsstEncoder.Result r = FsstEncoder.compress(all.toByteArray(), off, values.size());
    FsstDecoder d = new FsstDecoder(r.table(), new VariableDecoder(32));
    for (int[] range : new int[][] {{0, 4096}, {0, 1}, {1, 2}, {4000, 4096}, {100, 100}}) {
      int n = range[1] - range[0];
      long[] sub = new long[n + 1];
      for (int i = 0; i <= n; i++) {
        sub[i] = r.offsets()[range[0] + i];
      }
      ByteBuffer chunk = variableChunk(r.data(), sub, n);
      Block.Var v = (Block.Var) d.decompress(new ByteBuffer[] {chunk}, n);
      assertThat(v.numValues()).isEqualTo(n);
      assertThat(v.offsets()[0]).isZero();
      for (int i = 0; i < n; i++) {
        byte[] got = java.util.Arrays.copyOfRange(v.data(), v.offsets()[i], v.offsets()[i + 1]);
        assertThat(got).as("value %d", range[0] + i).isEqualTo(values.get(range[0] + i));
      }
      // the general path (a Var block) gives the same
      int[] o = new int[n + 1];
      for (int i = 0; i <= n; i++) {
        o[i] = (int) sub[i];
      }
      Block.Var viaVar = d.decode(new Block.Var(o, r.data(), n));
      assertThat(viaVar.offsets()).isEqualTo(v.offsets());
      assertThat(viaVar.data()).isEqualTo(v.data());
      assertThat(o[0]).isEqualTo((int) sub[0]); // the caller's offsets are left alone
    }
  }

  @Test
  void fsstChunksDecodeStraightIntoThePageBuilderBetweenOtherBlocks() {
    Random rnd = new Random(21);
    List<byte[]> values = strings(3000, rnd);
    long[] off = new long[values.size() + 1];
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < values.size(); i++) {
      all.writeBytes(values.get(i));
      off[i + 1] = all.size();
    }
    FsstEncoder.Result r = FsstEncoder.compress(all.toByteArray(), off, values.size());
    FsstDecoder d = new FsstDecoder(r.table(), new VariableDecoder(32));
    assertThat(d.direct()).isTrue();
    BlockBuilder bb = new BlockBuilder(8, 16); // small: the chunks make it grow
    List<byte[]> expect = new ArrayList<>();
    byte[] plain = "plain".getBytes(StandardCharsets.UTF_8);
    bb.add(new Block.Var(new int[] {0, 5, 5}, plain, 2));
    expect.add(plain);
    expect.add(new byte[0]);
    int[][] chunks = {{0, 1024}, {1024, 1025}, {1025, 1025}, {1025, 3000}};
    for (int[] c : chunks) {
      int n = c[1] - c[0];
      long[] sub = java.util.Arrays.copyOfRange(r.offsets(), c[0], c[1] + 1);
      d.decompressInto(new ByteBuffer[] {variableChunk(r.data(), sub, n)}, n, bb);
      expect.addAll(values.subList(c[0], c[1]));
    }
    bb.add(new Block.Var(new int[] {1, 3}, plain, 1));
    expect.add("la".getBytes(StandardCharsets.UTF_8));
    Block.Var v = (Block.Var) bb.build();
    assertThat(v.numValues()).isEqualTo(expect.size());
    for (int i = 0; i < expect.size(); i++) {
      assertThat(java.util.Arrays.copyOfRange(v.data(), v.offsets()[i], v.offsets()[i + 1]))
          .as("value %d", i).isEqualTo(expect.get(i));
    }
    assertThat(v.data().length).isEqualTo(v.offsets()[expect.size()]);
  }

  /** A symbol table of two symbols: code 0 = "ab", code 1 = "cdefghij". */
  private static byte[] twoSymbolTable() {
    ByteBuffer t = ByteBuffer.allocate(8 + 9 * 2).order(ByteOrder.LITTLE_ENDIAN);
    t.putLong(2 | (1L << 24));
    t.put("ab\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
    t.put("cdefghij".getBytes(StandardCharsets.US_ASCII));
    t.put((byte) 2).put((byte) 8);
    return t.array();
  }

  private static ByteBuffer codesChunk(int[][] values) {
    java.io.ByteArrayOutputStream codes = new java.io.ByteArrayOutputStream();
    long[] off = new long[values.length + 1];
    for (int i = 0; i < values.length; i++) {
      for (int c : values[i]) {
        codes.write(c);
      }
      off[i + 1] = codes.size();
    }
    return variableChunk(codes.toByteArray(), off, values.length);
  }

  @Test
  void fsstChunkDecodesEscapesGroupsAndEmptyValuesAtEveryPosition() {
    FsstDecoder d = new FsstDecoder(twoSymbolTable(), new VariableDecoder(32));
    int[][] values = {
        {0, 1, 255, 'X'}, // symbols then an escape
        {255, 'Y'}, // starts with an escape
        {}, // empty
        {1, 1, 1, 1, 1, 0}, // a group of four and a tail
        {0, 0, 0, 0}, // exactly one group
        {255, 'Z'}}; // an escape as the chunk's last codes
    String[] expect = {"abcdefghijX", "Y", "", "cdefghij".repeat(5) + "ab", "abababab", "Z"};
    Block.Var v = (Block.Var) d.decompress(new ByteBuffer[] {codesChunk(values)}, values.length);
    // straight into a small page builder (it grows), after other values
    BlockBuilder bb = new BlockBuilder(2, 8);
    bb.add(new Block.Var(new int[] {0, 3}, "pre".getBytes(StandardCharsets.US_ASCII), 1));
    d.decompressInto(new ByteBuffer[] {codesChunk(values)}, values.length, bb);
    d.decompressInto(new ByteBuffer[] {codesChunk(values)}, values.length, bb);
    Block.Var all = (Block.Var) bb.build();
    assertThat(all.numValues()).isEqualTo(1 + 2 * values.length);
    for (int i = 0; i < values.length; i++) {
      assertThat(new String(java.util.Arrays.copyOfRange(v.data(), v.offsets()[i],
          v.offsets()[i + 1]), StandardCharsets.US_ASCII)).as("value %d", i)
          .isEqualTo(expect[i]);
      for (int rep = 0; rep < 2; rep++) {
        int k = 1 + rep * values.length + i;
        assertThat(new String(java.util.Arrays.copyOfRange(all.data(), all.offsets()[k],
            all.offsets()[k + 1]), StandardCharsets.US_ASCII)).as("built value %d", k)
            .isEqualTo(expect[i]);
      }
    }
    assertThat(all.offsets()[1]).isEqualTo(3);
  }

  @Test
  void fsstValueEndingInAnEscapeInsideAChunkIsCorrupt() {
    FsstDecoder d = new FsstDecoder(twoSymbolTable(), new VariableDecoder(32));
    // value 0 ends with the escape code, its literal would be value 1's first byte
    int[][] split = {{0, 0, 0, 0, 0, 255}, {'Q', 0, 1, 1, 1, 1}};
    assertThatThrownBy(() -> d.decompress(new ByteBuffer[] {codesChunk(split)}, 2))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("escape");
    assertThatThrownBy(() -> d.decompressInto(new ByteBuffer[] {codesChunk(split)}, 2,
        new BlockBuilder(2, 8))).isInstanceOf(Decoding.Corrupt.class)
        .hasMessageContaining("escape");
    // a code that is not in the table, inside a group of four and in the tail
    for (int[][] bad : new int[][][] {{{0, 7, 0, 0, 0}}, {{0, 0, 0, 0, 9}}}) {
      assertThatThrownBy(() -> d.decompressInto(new ByteBuffer[] {codesChunk(bad)}, 1,
          new BlockBuilder(2, 8))).isInstanceOf(Decoding.Corrupt.class)
          .hasMessageContaining("not in the symbol table");
    }
  }

  @Test
  void aBuilderWritesOverTheLentArraysOfAnEarlierPiece() {
    byte[] junk = new byte[64];
    java.util.Arrays.fill(junk, (byte) 0xFF);
    int[] junkOffsets = new int[40];
    java.util.Arrays.fill(junkOffsets, 77);
    // variable width: data and offsets lent, kept as they are (longer than the values)
    BlockBuilder vb = new BlockBuilder(2, 8, new Block.Var(junkOffsets, junk, 39));
    vb.add(new Block.Var(new int[] {0, 2, 5}, "abcde".getBytes(StandardCharsets.US_ASCII), 2));
    Block.Var v = (Block.Var) vb.build();
    assertThat(v.data()).isSameAs(junk);
    assertThat(v.offsets()).isSameAs(junkOffsets);
    assertThat(new String(v.data(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("abcde");
    assertThat(java.util.Arrays.copyOf(v.offsets(), 3)).containsExactly(0, 2, 5);
    // fixed width: written over
    BlockBuilder fb = new BlockBuilder(2, 8, new Block.Fixed(junk.clone(), 32, 16));
    int at = fb.beginFixed(32, 2);
    ByteBuffer.wrap(fb.varData()).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 7).putInt(at + 4, 9);
    fb.endFixed(2);
    Block.Fixed f = (Block.Fixed) fb.build();
    assertThat(ByteBuffer.wrap(f.data()).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(9);
    // bits are ORed into zero bytes: a lent array of set bits must not leak into them
    BlockBuilder bits = new BlockBuilder(10, 2, new Block.Fixed(junk.clone(), 1, 512));
    bits.add(new Block.Fixed(new byte[] {0b0101, 0}, 1, 10));
    Block.Fixed b = (Block.Fixed) bits.build();
    assertThat(b.data()[0]).isEqualTo((byte) 0b0101);
    assertThat(b.data()[1] & 0b11).isZero();
  }

  @Test
  void corruptFsstChunksRaiseCorrupt() {
    byte[] raw = "aaaa bbbb aaaa bbbb aaaa".repeat(20).getBytes(StandardCharsets.UTF_8);
    FsstEncoder.Result r = FsstEncoder.compress(raw, new long[] {0, raw.length}, 1);
    FsstDecoder d = new FsstDecoder(r.table(), new VariableDecoder(32));
    // offsets going backwards
    ByteBuffer back = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    back.putInt(12).putInt(16).putInt(13).putInt(0).flip();
    assertThatThrownBy(() -> d.decompress(new ByteBuffer[] {back}, 2))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("not ascending");
    // the bytes run past the buffer
    ByteBuffer past = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    past.putInt(8).putInt(40).flip();
    assertThatThrownBy(() -> d.decompress(new ByteBuffer[] {past}, 1))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("outside a buffer");
    // a value ending in the escape code
    ByteBuffer esc = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
    esc.putInt(8).putInt(9).put((byte) 255).flip();
    assertThatThrownBy(() -> d.decompress(new ByteBuffer[] {esc}, 1))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("escape");
    // too few offsets
    ByteBuffer few = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    few.putInt(4).flip();
    assertThatThrownBy(() -> d.decompress(new ByteBuffer[] {few}, 3))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("offsets need");
  }

  @Test
  void fixedValuesLoadFromAWindowOfTheDecodedPiece() {
    ByteBuffer le = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 10; i++) {
      le.putInt(100 + i);
    }
    Block.Fixed piece = new Block.Fixed(le.array(), 32, 10);
    try (BufferAllocator a = new RootAllocator();
        org.apache.arrow.vector.IntVector v = new org.apache.arrow.vector.IntVector("i", a)) {
      ArrowFill.load(v, 4, new byte[] {(byte) 0b1011}, piece, 6, a);
      assertThat(v.getValueCount()).isEqualTo(4);
      assertThat(v.get(0)).isEqualTo(106);
      assertThat(v.isNull(2)).isTrue();
      assertThat(v.get(3)).isEqualTo(109);
      // a window past the block, or on a kind that has none, is refused
      assertThatThrownBy(() -> ArrowFill.load(v, 4, null, piece, 7, a))
          .isInstanceOf(Decoding.Corrupt.class);
      assertThatThrownBy(() -> ArrowFill.load(v, 1, null,
          new Block.Var(new int[] {0, 1, 2}, new byte[2], 2), 1, a))
          .isInstanceOf(Decoding.Corrupt.class);
    }
  }

  @Test
  void variableOffsetsLoadInBulkFromAnyBase() {
    byte[] data = "..hello world!".getBytes(StandardCharsets.UTF_8);
    try (BufferAllocator a = new RootAllocator()) {
      // offsets that start at 2 (a window of a larger block)
      Block.Var b = new Block.Var(new int[] {2, 7, 7, 8, 14}, data, 4);
      byte[] validity = {(byte) 0b1101};
      try (VarCharVector v = new VarCharVector("s", a)) {
        ArrowFill.load(v, 4, validity, b, a);
        assertThat(v.getValueCount()).isEqualTo(4);
        assertThat(new String(v.get(0), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(v.isNull(1)).isTrue();
        assertThat(new String(v.get(2), StandardCharsets.UTF_8)).isEqualTo(" ");
        assertThat(new String(v.get(3), StandardCharsets.UTF_8)).isEqualTo("world!");
        assertThat(v.getOffsetBuffer().getInt(0)).isZero();
        assertThat(v.getOffsetBuffer().getInt(16)).isEqualTo(12);
      }
      try (LargeVarCharVector v = new LargeVarCharVector("s", a)) {
        ArrowFill.load(v, 4, null, b, a);
        assertThat(new String(v.get(3), StandardCharsets.UTF_8)).isEqualTo("world!");
        assertThat(v.getOffsetBuffer().getLong(32)).isEqualTo(12L);
      }
      // offsets from 0 go in as they are
      Block.Var z = new Block.Var(new int[] {0, 2, 7}, data, 2);
      try (VarCharVector v = new VarCharVector("s", a)) {
        ArrowFill.load(v, 2, null, z, a);
        assertThat(new String(v.get(1), StandardCharsets.UTF_8)).isEqualTo("hello");
      }
    }
  }
}

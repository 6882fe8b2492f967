package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/**
 * Scan paths that skip an intermediate copy: 2.2's RLE levels expanded straight into the page's
 * int level array ({@link RleDecoder#ints}) and a batch of strings loaded into Arrow straight
 * from a window of the decoded piece ({@link ArrowFill#load} with {@code from}); each checked
 * against the general path, at offsets and block ends, and with corrupt input.
 */
class V21ScanPathTest {

  /** An RLE block (u64 values length, values, lengths) of runs {@code (value, length)}. */
  private static ByteBuffer rle(int[] values, int[] lengths, int valueBytes, int lengthBytes) {
    ByteBuffer b = ByteBuffer.allocate(8 + values.length * valueBytes
        + lengths.length * lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong((long) values.length * valueBytes);
    for (int v : values) {
      switch (valueBytes) {
        case 1 -> b.put((byte) v);
        case 2 -> b.putShort((short) v);
        default -> b.putInt(v);
      }
    }
    for (int l : lengths) {
      switch (lengthBytes) {
        case 1 -> b.put((byte) l);
        case 2 -> b.putShort((short) l);
        default -> b.putInt(l);
      }
    }
    return b.flip();
  }

  @Test
  void rleLevelsExpandStraightIntoIntsAsTheGeneralPathDoes() {
    Random rnd = new Random(11);
    int[][] widths = {{1, 1}, {2, 1}, {2, 2}, {4, 4}, {1, 2}};
    for (int[] w : widths) {
      for (int round = 0; round < 20; round++) {
        int runs = 1 + rnd.nextInt(40);
        int[] values = new int[runs];
        int[] lengths = new int[runs];
        int n = 0;
        int maxLen = w[1] == 1 ? 255 : 3000;
        for (int r = 0; r < runs; r++) {
          values[r] = rnd.nextInt(w[0] == 1 ? 256 : 60000);
          lengths[r] = round == 0 && r == 0 ? 0 : rnd.nextInt(maxLen + 1); // empty runs too
          n += lengths[r];
        }
        RleDecoder dec = new RleDecoder(w[0] * 8L, w[1] * 8L);
        ByteBuffer buf = rle(values, lengths, w[0], w[1]);
        int[] expected = n == 0 ? new int[0]
            : Values.toInts((Block.Fixed) dec.decompress(buf, n));
        int at = rnd.nextInt(7);
        int[] out = new int[at + n + 3];
        java.util.Arrays.fill(out, -9);
        dec.ints(buf, n, out, at);
        assertThat(java.util.Arrays.copyOfRange(out, at, at + n)).as("widths %d/%d", w[0], w[1])
            .isEqualTo(expected);
        assertThat(out[at + n]).isEqualTo(-9); // nothing past the levels
        if (at > 0) {
          assertThat(out[at - 1]).isEqualTo(-9); // nor before them
        }
        // the one-chunk path (MiniBlockPage.levels) gives the same ints
        assertThat(MiniBlockPage.levels(dec, buf, n, "def", 0)).isEqualTo(expected);
      }
    }
  }

  @Test
  void rleLevelsThatDoNotAddUpAreCorrupt() {
    RleDecoder dec = new RleDecoder(8, 8);
    ByteBuffer buf = rle(new int[] {1, 0}, new int[] {200, 100}, 1, 1); // 300 levels
    int[] out = new int[400];
    assertThatThrownBy(() -> dec.ints(buf, 299, out, 0))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("more than 299");
    assertThatThrownBy(() -> dec.ints(buf, 301, out, 0))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("add up to 300");
    assertThatThrownBy(() -> dec.ints(buf, 300, out, 200)) // the target is too short
        .isInstanceOf(Decoding.Corrupt.class);
    ByteBuffer lying = rle(new int[] {1, 0}, new int[] {200, 100}, 1, 1);
    lying.putLong(0, 99); // a values length past the block
    assertThatThrownBy(() -> dec.ints(lying, 300, out, 0))
        .isInstanceOf(Decoding.Corrupt.class);
    RleDecoder wide = new RleDecoder(16, 16);
    ByteBuffer few = rle(new int[] {7}, new int[] {3, 4}, 2, 2); // 2 runs, 1 value
    assertThatThrownBy(() -> wide.ints(few, 7, out, 0))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("runs but");
    dec.ints(buf, 0, new int[0], 0); // no levels: nothing read, nothing written
  }

  @Test
  void stringsLoadFromAWindowOfTheDecodedPiece() {
    String[] s = {"a", "", "bc", "def", "", "ghij", "k", "lmnop", "", "q"};
    int[] off = new int[s.length + 1];
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < s.length; i++) {
      all.append(s[i]);
      off[i + 1] = all.length();
    }
    Block.Var piece = new Block.Var(off, all.toString().getBytes(StandardCharsets.UTF_8),
        s.length);
    try (BufferAllocator a = new RootAllocator()) {
      try (VarCharVector v = new VarCharVector("s", a)) {
        ArrowFill.load(v, 4, new byte[] {(byte) 0b1011}, piece, 5, a);
        assertThat(v.getValueCount()).isEqualTo(4);
        assertThat(new String(v.get(0), StandardCharsets.UTF_8)).isEqualTo("ghij");
        assertThat(new String(v.get(1), StandardCharsets.UTF_8)).isEqualTo("k");
        assertThat(v.isNull(2)).isTrue();
        assertThat(new String(v.get(3), StandardCharsets.UTF_8)).isEqualTo("");
        assertThat(v.getOffsetBuffer().getInt(0)).isZero();
        assertThat(v.getOffsetBuffer().getInt(16)).isEqualTo(10);
      }
      try (LargeVarCharVector v = new LargeVarCharVector("s", a)) {
        ArrowFill.load(v, 1, null, piece, 9, a); // the last value of the piece
        assertThat(new String(v.get(0), StandardCharsets.UTF_8)).isEqualTo("q");
        assertThat(v.getOffsetBuffer().getLong(8)).isEqualTo(1L);
      }
      try (VarCharVector v = new VarCharVector("s", a)) {
        // past the piece's values, or offsets beyond its bytes: refused
        assertThatThrownBy(() -> ArrowFill.load(v, 2, null, piece, 9, a))
            .isInstanceOf(Decoding.Corrupt.class);
        Block.Var bad = new Block.Var(new int[] {0, 1, 50}, new byte[2], 2);
        assertThatThrownBy(() -> ArrowFill.load(v, 1, null, bad, 1, a))
            .isInstanceOf(Decoding.Corrupt.class);
      }
      try (IntVector v = new IntVector("i", a)) { // strings into an int vector: refused
        assertThatThrownBy(() -> ArrowFill.load(v, 2, null, piece, 1, a))
            .isInstanceOf(Decoding.Corrupt.class);
      }
    }
  }

  @Test
  void topLevelNullsClearTheirBitsAtAnyOffsetAndBadLevelsAreSeen() {
    Random rnd = new Random(5);
    int[] def = new int[300];
    for (int i = 0; i < def.length; i++) {
      def[i] = rnd.nextInt(10) == 0 ? 1 : 0;
    }
    for (int[] c : new int[][] {{0, 300, 0}, {3, 290, 5}, {17, 18, 9}, {100, 100, 0}}) {
      int a = c[0];
      int b = c[1];
      int at = c[2];
      int n = at + b - a + 4;
      byte[] bits = Leaves.allValid(n);
      bits[0] &= (byte) ~1; // an earlier null stays null
      Leaves.clearNulls(def, a, b, at, bits);
      for (int o = 0; o < n; o++) {
        boolean expected = o == 0 ? false
            : o < at || o >= at + b - a || def[a + o - at] == 0;
        assertThat((bits[o >> 3] >> (o & 7) & 1) == 1).as("bit %d of %s", o,
            java.util.Arrays.toString(c)).isEqualTo(expected);
      }
    }
    assertThat(Leaves.levelsSeen(new int[] {0, 0, 0}, 0, 3, 1)).isZero();
    assertThat(Leaves.levelsSeen(new int[] {0, 1, 0}, 0, 3, 1)).isEqualTo(1);
    assertThat(Leaves.levelsSeen(new int[] {0, 1, 0}, 2, 3, 1)).isZero(); // outside the range
    assertThat(Leaves.levelsSeen(new int[] {0, 2, 0}, 0, 3, 1)).isEqualTo(-1);
    assertThat(Leaves.levelsSeen(new int[] {-1, 0}, 0, 2, 3)).isEqualTo(-1);
  }
}

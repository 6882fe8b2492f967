package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bit-unpacking on constructed bytes: a test-only packer writes 1024 values in the interleaved
 * order the fixtures show (lane {@code l}, row {@code r}: value
 * {@code ORDER[r / 8] * 16 + (r % 8) * 128 + l}, bits from {@code r * w} in the lane's words),
 * for every type width and every bit width.
 */
class V21FastLanesTest {
  private static final int[] ORDER = {0, 4, 2, 6, 1, 5, 3, 7};

  static ByteBuffer pack(long[] values, int t, int w) {
    int lanes = 1024 / t;
    int words = 1024 * w / t;
    long[] out = new long[words];
    long tmask = t == 64 ? -1L : (1L << t) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      for (int row = 0; row < t; row++) {
        long v = values[ORDER[row / 8] * 16 + (row % 8) * 128 + lane];
        for (int bit = 0; bit < w; bit++) {
          if ((v >>> bit & 1) != 0) {
            int pos = row * w + bit;
            out[(pos / t) * lanes + lane] |= 1L << (pos % t);
          }
        }
      }
    }
    ByteBuffer b = ByteBuffer.allocate(words * (t / 8)).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : out) {
      switch (t) {
        case 8 -> b.put((byte) (x & tmask));
        case 16 -> b.putShort((short) (x & tmask));
        case 32 -> b.putInt((int) (x & tmask));
        default -> b.putLong(x);
      }
    }
    return b.flip();
  }

  @Test
  void rangesOfABlockMatchTheWholeBlock() {
    Random rnd = new Random(7);
    for (int t : new int[] {8, 16, 32, 64}) {
      for (int w = 0; w <= t; w++) {
        long[] values = new long[1024];
        long mask = w == 64 ? -1L : (1L << w) - 1;
        for (int i = 0; i < 1024; i++) {
          values[i] = rnd.nextLong() & mask;
        }
        ByteBuffer packed = pack(values, t, w);
        // a prefix so that the block does not start at byte 0
        ByteBuffer shifted = ByteBuffer.allocate(packed.remaining() + 8)
            .order(ByteOrder.LITTLE_ENDIAN);
        shifted.position(8);
        shifted.put(packed.duplicate());
        shifted.clear();
        for (int[] r : new int[][] {{0, 1}, {1023, 1024}, {5, 69}, {0, 1024}, {130, 131}}) {
          byte[] dst = new byte[(r[1] - r[0]) * (t / 8)];
          FastLanes.unpackRange(shifted, 8, t, w, dst, r[0], r[1]);
          ByteBuffer d = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = r[0]; i < r[1]; i++) {
            int at = (i - r[0]) * (t / 8);
            long v = switch (t) {
              case 8 -> dst[at] & 0xFFL;
              case 16 -> d.getShort(at) & 0xFFFFL;
              case 32 -> d.getInt(at) & 0xFFFFFFFFL;
              default -> d.getLong(at);
            };
            assertThat(v).as("unpackRange t=%d w=%d value %d", t, w, i).isEqualTo(values[i]);
          }
        }
      }
    }
  }

  @Test
  void everyWidthRoundTrips() {
    Random rnd = new Random(42);
    for (int t : new int[] {8, 16, 32, 64}) {
      for (int w = 0; w <= t; w++) {
        long[] values = new long[1024];
        long mask = w == 64 ? -1L : (1L << w) - 1;
        for (int i = 0; i < 1024; i++) {
          values[i] = rnd.nextLong() & mask;
        }
        ByteBuffer packed = pack(values, t, w);
        for (int n : new int[] {1024, 1000, 1}) {
          byte[] dst = new byte[(n + 3) * (t / 8)];
          FastLanes.unpackTo(packed, 0, t, w, dst, 3, n);
          ByteBuffer d = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < n; i++) {
            int at = (3 + i) * (t / 8);
            long v = switch (t) {
              case 8 -> dst[at] & 0xFFL;
              case 16 -> d.getShort(at) & 0xFFFFL;
              case 32 -> d.getInt(at) & 0xFFFFFFFFL;
              default -> d.getLong(at);
            };
            if (v != values[i]) {
              throw new AssertionError("unpackTo t=" + t + " w=" + w + " n=" + n + " value " + i
                  + ": " + v + " != " + values[i]);
            }
          }
        }
      }
    }
  }

  @Test
  void inlineChunkWithWidthWord() {
    long[] values = new long[1024];
    for (int i = 0; i < 1024; i++) {
      values[i] = i * 7 % 1000;
    }
    ByteBuffer packed = pack(values, 32, 10);
    ByteBuffer chunk = ByteBuffer.allocate(4 + packed.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    chunk.putInt(10).put(packed).flip();
    Block.Fixed b = (Block.Fixed) new InlineBitpackingDecoder(32).decompress(
        new ByteBuffer[] {chunk}, 1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(Values.get(b, i)).isEqualTo(values[i]);
    }
    chunk.putInt(0, 33);
    assertThatThrownBy(() -> new InlineBitpackingDecoder(32).decompress(
        new ByteBuffer[] {chunk}, 1000)).isInstanceOf(Decoding.Corrupt.class)
        .hasMessageContaining("bit width 33");
  }

  @Test
  void outOfLineRawTailAndPackedTail() {
    long[] values = new long[1024];
    for (int i = 0; i < 1024; i++) {
      values[i] = i % 3;
    }
    ByteBuffer whole = pack(values, 16, 2);
    // 1024 packed values then 5 raw u16 values
    ByteBuffer raw = ByteBuffer.allocate(whole.remaining() + 10).order(ByteOrder.LITTLE_ENDIAN);
    raw.put(whole.duplicate());
    for (int i = 0; i < 5; i++) {
      raw.putShort((short) 2);
    }
    raw.flip();
    Block.Fixed b = (Block.Fixed) new OutOfLineBitpackingDecoder(16, 2).decompress(raw, 1029);
    assertThat(Values.get(b, 1023)).isEqualTo(1023 % 3);
    assertThat(Values.get(b, 1028)).isEqualTo(2);
    // a packed, padded tail: 1024 + 1024 packed values, 1500 wanted
    ByteBuffer two = ByteBuffer.allocate(2 * whole.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    two.put(whole.duplicate()).put(whole.duplicate()).flip();
    Block.Fixed c = (Block.Fixed) new OutOfLineBitpackingDecoder(16, 2).decompress(two, 1500);
    assertThat(Values.get(c, 1499)).isEqualTo((1499 - 1024) % 3);
    assertThatThrownBy(() -> new OutOfLineBitpackingDecoder(16, 2).decompress(two, 3000))
        .isInstanceOf(Decoding.Corrupt.class).hasMessageContaining("OutOfLineBitpacking buffer");
  }
}

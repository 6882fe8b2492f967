package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FSST compression of a page (the two interleaved encode lanes, the lane that finishes alone,
 * escapes, empty, one-byte and very long values, values ending at the array's end) decoded back
 * by the reader's {@link FsstDecoder}; and the sampled distinct-value test that lets the
 * dictionary attempt skip pages with far too many distinct values.
 */
class V21FsstEncoderTest {

  /** Encodes {@code values} as one page, decodes it, and checks every value. */
  private static FsstEncoder.Result roundTrip(List<byte[]> values, int slack) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    long[] off = new long[values.size() + 1];
    for (int i = 0; i < values.size(); i++) {
      b.write(values.get(i), 0, values.get(i).length);
      off[i + 1] = b.size();
    }
    byte[] data = java.util.Arrays.copyOf(b.toByteArray(), b.size() + slack);
    int n = values.size();
    FsstEncoder.Result r = FsstEncoder.compress(data, off, n);
    int[] inOff = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      inOff[i] = (int) r.offsets()[i];
    }
    assertThat(r.offsets()[0]).isZero();
    Block.Var dec = new FsstDecoder(r.table(), null)
        .decode(new Block.Var(inOff, r.data(), n));
    for (int i = 0; i < n; i++) {
      byte[] got = java.util.Arrays.copyOfRange(dec.data(), dec.offsets()[i],
          dec.offsets()[i + 1]);
      assertThat(got).as("value %d of %d", i, n).isEqualTo(values.get(i));
    }
    return r;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 63, 64, 65, 1000, 4097, 30001})
  void mixedValuesRoundTripAtEveryCount(int n) {
    Random r = new Random(n);
    List<byte[]> v = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> v.add(new byte[0]);
        case 1 -> v.add(new byte[] {(byte) r.nextInt(256)});
        case 2 -> v.add(utf8("name-" + (i * 7919L % 1_000_003)));
        case 3 -> {
          byte[] x = new byte[r.nextInt(40)];
          r.nextBytes(x); // random bytes: mostly escapes
          v.add(x);
        }
        case 4 -> v.add(utf8("the quick brown fox ".repeat(1 + r.nextInt(3)) + i));
        default -> v.add(utf8("ab"));
      }
    }
    // no slack: the last values end at the array's end (the careful 8-byte loads)
    roundTrip(v, 0);
    roundTrip(v, 16);
  }

  @Test
  void lanesOfVeryDifferentLengthsFinishAlone() {
    // the first half short values, the second half long ones (lane B finishes alone), and the
    // reverse (lane A finishes alone)
    List<byte[]> v = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      v.add(utf8("k" + i));
    }
    for (int i = 0; i < 500; i++) {
      v.add(utf8("a long value that repeats itself ".repeat(20) + i));
    }
    roundTrip(v, 0);
    java.util.Collections.reverse(v);
    roundTrip(v, 0);
  }

  @Test
  void veryLongValuesAndIncompressibleBytesGrowTheOutput() {
    Random r = new Random(7);
    List<byte[]> v = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] x = new byte[i % 3 == 0 ? 70_000 : 1 + r.nextInt(300)];
      r.nextBytes(x); // escapes take two bytes per input byte: past the initial output size
      v.add(x);
    }
    FsstEncoder.Result res = roundTrip(v, 0);
    long in = v.stream().mapToLong(x -> x.length).sum();
    assertThat(res.offsets()[v.size()]).isGreaterThan(in); // the output did grow past the input
  }

  @Test
  void allEmptyAndAllOneByteValues() {
    List<byte[]> empty = new ArrayList<>();
    List<byte[]> ones = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      empty.add(new byte[0]);
      ones.add(new byte[] {(byte) ('a' + i % 26)});
    }
    assertThat(roundTrip(empty, 0).offsets()[5000]).isZero();
    assertThat(roundTrip(ones, 0).offsets()[5000]).isEqualTo(5000); // one code each
  }

  @Test
  void compressesRepetitiveText() {
    List<byte[]> v = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      v.add(utf8("name-" + (i * 7919L % 1_000_003)));
    }
    FsstEncoder.Result res = roundTrip(v, 0);
    long in = v.stream().mapToLong(x -> x.length).sum();
    assertThat(res.offsets()[v.size()]).isLessThan(in * 6 / 10);
  }

  private static long[] offsetsOf(List<byte[]> values, ByteArrayOutputStream b) {
    long[] off = new long[values.size() + 1];
    for (int i = 0; i < values.size(); i++) {
      b.write(values.get(i), 0, values.get(i).length);
      off[i + 1] = b.size();
    }
    return off;
  }

  @Test
  void sampledCardinalitySkipsOnlyPagesWithFarTooManyDistinctValues() {
    int n = 200_000;
    List<byte[]> distinct = new ArrayList<>();
    List<byte[]> fewRepeated = new ArrayList<>();
    List<byte[]> periodic = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      distinct.add(utf8("name-" + i));
      fewRepeated.add(utf8("v" + (i * 31 % 5000)));
      periodic.add(utf8("p" + (i % 60_000))); // every value twice, far apart
    }
    ByteArrayOutputStream b1 = new ByteArrayOutputStream();
    long[] o1 = offsetsOf(distinct, b1);
    assertThat(Cardinality.sampledVariableAbove(b1.toByteArray(), o1, n, null, 65_536))
        .isTrue();
    ByteArrayOutputStream b2 = new ByteArrayOutputStream();
    long[] o2 = offsetsOf(fewRepeated, b2);
    assertThat(Cardinality.sampledVariableAbove(b2.toByteArray(), o2, n, null, 65_536))
        .isFalse();
    ByteArrayOutputStream b3 = new ByteArrayOutputStream();
    long[] o3 = offsetsOf(periodic, b3);
    // 60,000 distinct values, under the limit: the sample must not claim too many
    assertThat(Cardinality.sampledVariableAbove(b3.toByteArray(), o3, n, null, 65_536))
        .isFalse();
    // nulls (def != 0) are not values: a page of distinct values, 90% null, has 20,000
    int[] def = new int[n];
    for (int i = 0; i < n; i++) {
      def[i] = i % 10 == 0 ? 0 : 1;
    }
    assertThat(Cardinality.sampledVariableAbove(b1.toByteArray(), o1, n, def, 65_536))
        .isFalse();
    // too small a page to sample: the caller counts
    assertThat(Cardinality.sampledVariableAbove(b1.toByteArray(), o1, 1000, null, 10)).isFalse();
  }

  @Test
  void sampledCardinalityOfLongs() {
    int n = 100_000;
    byte[] distinct = new byte[8 * n];
    byte[] few = new byte[8 * n];
    for (int i = 0; i < n; i++) {
      BitpackWriter.LONGS.set(distinct, 8 * i, (long) i * 1_000_003L);
      BitpackWriter.LONGS.set(few, 8 * i, (long) (i % 3000));
    }
    assertThat(Cardinality.sampledLongsAbove(distinct, n, 20_000)).isTrue();
    assertThat(Cardinality.sampledLongsAbove(few, n, 20_000)).isFalse();
  }
}

package org.lance4j.internal.file.v21;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lance4j.testing.ArrowAssert;

/**
 * The values of the fixtures in {@code src/test/resources/v21}, computed with the formulas the
 * generator ({@code GenV21Fixtures.java.txt}) used, normalised as {@link ArrowAssert} does.
 */
final class V21Values {
  static final int SCALAR_ROWS = 2500;
  static final int NESTED_ROWS = 1500;
  static final int BIG_ROWS = 120;

  private V21Values() {}

  static int mix(int i) {
    return (int) (((i + 1) * 0x9E3779B97F4A7C15L) >>> 32);
  }

  static Object norm(Object o) {
    return ArrowAssert.normalize(o);
  }

  static Object scalar(String col, int i) {
    return norm(switch (col) {
      case "i32_rand" -> mix(i);
      case "i64_seq" -> 1_000_000L + i;
      case "i32_null" -> i % 7 == 3 ? null : i * 3 - 5000;
      case "i32_runs" -> i / 100;
      case "u8" -> (byte) (i % 200);
      case "i16_null" -> i % 5 == 0 ? null : (short) (i % 3000 - 1500);
      case "u64_rand" -> ((long) mix(i) << 32) ^ mix(i + 7);
      case "f32_unit" -> (i % 1000) / 1000f;
      case "f64" -> i % 9 == 0 ? null : i * 0.25 - mix(i) / 7.0;
      case "bool_null" -> i % 11 == 0 ? null : i % 3 == 0;
      case "date" -> 18000 + i;
      case "ts_us" -> i % 13 == 0 ? null : 1_700_000_000_000_000L + i * 1_000_003L;
      case "str" -> i % 13 == 1 ? null : i % 17 == 0 ? "" : "s" + i + "-" + (mix(i) & 0xffff);
      case "str_low" -> "cat" + (i % 5);
      case "str_large" -> i % 19 == 0 ? null : "L" + i;
      case "bin" -> i % 23 == 0 ? null : java.util.Arrays.copyOf(
          new byte[] {(byte) i, (byte) (i >> 8), (byte) mix(i)}, 1 + i % 3);
      case "fsb16" -> {
        byte[] x = new byte[16];
        for (int k = 0; k < 16; k++) {
          x[k] = (byte) (mix(i) >> (k % 4 * 8) ^ k);
        }
        yield x;
      }
      case "all_null" -> null;
      case "const_i64" -> 42L;
      case "const_str" -> "same";
      default -> throw new IllegalArgumentException(col);
    });
  }

  static final List<String> SCALARS = List.of("i32_rand", "i64_seq", "i32_null", "i32_runs", "u8",
      "i16_null", "u64_rand", "f32_unit", "f64", "bool_null", "date", "ts_us", "str", "str_low",
      "str_large", "bin", "fsb16", "all_null", "const_i64", "const_str");

  static List<Object> scalars(String col, int from, int to) {
    List<Object> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(scalar(col, i));
    }
    return out;
  }

  static final String[] WORDS = {"lance", "columnar", "format", "vector", "arrow", "java", "page",
      "chunk", "zip", "mini"};

  static String text(int i) {
    StringBuilder sb = new StringBuilder();
    int len = 1000 + (mix(i) & 0xfff) % 3000;
    for (int k = 0; sb.length() < len; k++) {
      sb.append(WORDS[(mix(i + k) & 0x7fffffff) % 10]).append(k % 7 == 0 ? ". " : " ");
    }
    return sb.substring(0, len);
  }

  static byte[] blob(int i) {
    int len = 20000 + (mix(i) & 0x7fffffff) % 20000;
    byte[] b = new byte[len];
    for (int k = 0; k < len; k++) {
      b[k] = (byte) ((k / 100) * 31 + i);
    }
    return b;
  }

  static Object big(String col, int i) {
    return norm(switch (col) {
      case "vec" -> {
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < 128; k++) {
          v.add(mix(i * 128 + k) / 1e9f);
        }
        yield v;
      }
      case "vecn" -> {
        if (i % 5 == 0) {
          yield null;
        }
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < 128; k++) {
          v.add((i + k) % 50 == 0 ? null : i + k / 128f);
        }
        yield v;
      }
      case "text" -> i % 9 == 4 ? null : text(i);
      case "blobby" -> i % 7 == 3 ? null : i < 30 ? blob(i) : new byte[] {(byte) i};
      case "lnull" -> {
        if (i % 6 == 1) {
          yield null;
        }
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < (i % 4) * 40; k++) {
          v.add(k % 13 == 5 ? null : (long) i << 20 | k);
        }
        yield v;
      }
      default -> throw new IllegalArgumentException(col);
    });
  }

  static Object nested(String col, int i) {
    return norm(switch (col) {
      case "st" -> {
        if (i % 10 == 0) {
          yield null;
        }
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (i % 3 != 0) {
          m.put("a", i * 7);
        }
        if (i % 4 != 0) {
          m.put("b", "b" + i);
        }
        yield m;
      }
      case "li" -> {
        if (i % 7 == 0) {
          yield null;
        }
        List<Object> v = new ArrayList<>();
        if (i % 5 != 0) {
          for (int k = 0; k <= i % 4; k++) {
            v.add((i + k) % 11 == 0 ? null : i + k);
          }
        }
        yield v;
      }
      case "lli" -> {
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < i % 3; k++) {
          v.add((long) i * 1000 + k);
        }
        yield v;
      }
      case "nested" -> {
        List<Object> v = new ArrayList<>();
        for (int j = 0; j < i % 3; j++) {
          List<Object> in = new ArrayList<>();
          for (int k = 0; k < (i + j) % 3; k++) {
            in.add(i * 10 + j * 3 + k);
          }
          v.add(in);
        }
        yield v;
      }
      case "ls" -> {
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < i % 4; k++) {
          v.add("v" + (i + k) % 10);
        }
        yield v;
      }
      case "lst" -> {
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < i % 3; k++) {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("x", i + k);
          if ((i + k) % 4 != 0) {
            m.put("y", i * 0.5 + k);
          }
          v.add(m);
        }
        yield v;
      }
      case "fsl4" -> {
        if (i % 6 == 0) {
          yield null;
        }
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          v.add((i + k) % 9 == 0 ? null : i + k / 4f);
        }
        yield v;
      }
      case "h" -> i % 8 == 0 ? null
          : org.apache.arrow.memory.util.Float16.toFloat16((i % 100) / 4f);
      default -> throw new IllegalArgumentException(col);
    });
  }

  static final int HINT_ROWS = 600;

  static String longItem(int i, int k) {
    return ("item-" + i + "-" + k + "-").repeat(20 + (i + k) % 10);
  }

  static Object hint(String col, int i) {
    return norm(switch (col) {
      case "zint" -> i % 10 == 1 ? null : (long) mix(i) * 3;
      case "lz4str" -> i % 8 == 2 ? null : "lz4-" + (i % 37) + "-" + i;
      case "bssf" -> mix(i) / 1e6f;
      case "fzlist" -> {
        if (i % 6 == 0) {
          yield null;
        }
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < i % 5; k++) {
          v.add((i + k) % 7 == 0 ? null : i * 100 + k);
        }
        yield v;
      }
      case "longlist" -> {
        if (i % 9 == 0) {
          yield null;
        }
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < i % 3; k++) {
          v.add(longItem(i, k));
        }
        yield v;
      }
      case "packed" -> {
        if (i % 11 == 0) {
          yield null;
        }
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", i - 300);
        m.put("b", i / 8.0);
        yield m;
      }
      case "blob" -> {
        if (i % 13 == 0) {
          yield null;
        }
        byte[] b = new byte[100 + i % 50];
        for (int k = 0; k < b.length; k++) {
          b[k] = (byte) (i + k);
        }
        yield b;
      }
      case "vpacked" -> {
        if (i % 12 == 0) {
          yield null;
        }
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", i * 2);
        m.put("s", "vs" + i);
        yield m;
      }
      case "map" -> {
        if (i % 10 == 3) {
          yield null;
        }
        List<Object> v = new ArrayList<>();
        for (int k = 0; k < i % 3; k++) {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("key", "k" + k);
          if (!(k == 1 && i % 4 == 0)) {
            m.put("value", i + k);
          }
          v.add(m);
        }
        yield v;
      }
      default -> throw new IllegalArgumentException(col);
    });
  }

  static List<Object> range(java.util.function.BiFunction<String, Integer, Object> f, String col,
      int from, int to) {
    List<Object> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(f.apply(col, i));
    }
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

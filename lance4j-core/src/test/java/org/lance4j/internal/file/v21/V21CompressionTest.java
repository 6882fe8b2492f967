package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.Encodings21Protos.CompressionScheme;
import org.lance4j.proto.Encodings21Protos.CompressiveEncoding;
import org.lance4j.proto.Encodings21Protos.MiniBlockLayout;
import org.lance4j.proto.Encodings21Protos.PageLayout;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.AllocatorTestBase;

/**
 * The 2.1/2.2 writer's compression: columns whose values make lance-core 7.0.0 pick each
 * encoding (runs, constants, low cardinality, high entropy, small ranges, short and long strings,
 * huge values, all nulls, field-metadata hints), written with random seeds, null rates and page
 * sizes, read back by lance4j's reader over several row ranges, and the encoding of each column's
 * first page checked against what lance-core chooses for it.
 */
class V21CompressionTest extends AllocatorTestBase {
  static final ArrowType I32 = new ArrowType.Int(32, true);
  static final ArrowType I64 = new ArrowType.Int(64, true);
  static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

  interface Gen {
    Object at(int row, Random r);
  }

  /** A column, its values, and what its first page must be (at 2.1 and at 2.2). */
  record Col(Field field, Gen gen, Predicate<PageLayout> v21, Predicate<PageLayout> v22,
      String expected) {}

  static Field f(String name, ArrowType t, String... hints) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < hints.length; i += 2) {
      m.put(hints[i], hints[i + 1]);
    }
    return new Field(name, new FieldType(true, t, null, m.isEmpty() ? null : m), List.of());
  }

  static CompressiveEncoding mbValues(PageLayout p) {
    return p.getMiniBlockLayout().getValueCompression();
  }

  static Predicate<PageLayout> mb(CompressiveEncoding.CompressionCase c) {
    return p -> p.hasMiniBlockLayout() && !p.getMiniBlockLayout().hasDictionary()
        && mbValues(p).getCompressionCase() == c;
  }

  static Predicate<PageLayout> general(CompressionScheme s, CompressiveEncoding.CompressionCase c) {
    return p -> p.hasMiniBlockLayout() && mbValues(p).hasGeneral()
        && mbValues(p).getGeneral().getCompression().getScheme() == s
        && mbValues(p).getGeneral().getValues().getCompressionCase() == c;
  }

  static Predicate<PageLayout> dict(CompressiveEncoding.CompressionCase items) {
    return p -> {
      if (!p.hasMiniBlockLayout() || !p.getMiniBlockLayout().hasDictionary()) {
        return false;
      }
      MiniBlockLayout m = p.getMiniBlockLayout();
      return m.getDictionary().getCompressionCase() == items;
    };
  }

  static Predicate<PageLayout> fullZip(CompressiveEncoding.CompressionCase c) {
    return p -> p.hasFullZipLayout()
        && p.getFullZipLayout().getValueCompression().getCompressionCase() == c;
  }

  static Object maybeNull(Random r, double p, Object v) {
    return r.nextDouble() < p ? null : v;
  }

  static String ascii(Random r, int len) {
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    return b.toString();
  }

  static final String[] WORDS = {"lance", "columnar", "format", "vector", "search", "index",
      "arrow", "java", "fragment", "manifest", "page", "chunk", "encoding", "dictionary"};

  static String words(Random r, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(WORDS[r.nextInt(WORDS.length)]).append(i % 7 == 6 ? ". " : " ");
    }
    return b.toString();
  }

  static List<Col> columns(double nulls) {
    List<Col> c = new ArrayList<>();
    c.add(new Col(f("runs", I32), (i, r) -> maybeNull(r, nulls / 10, i / 100),
        mb(CompressiveEncoding.CompressionCase.RLE), mb(CompressiveEncoding.CompressionCase.RLE),
        "Rle"));
    c.add(new Col(f("constant", I64), (i, r) -> -7L,
        mb(CompressiveEncoding.CompressionCase.RLE),
        p -> p.hasConstantLayout() && p.getConstantLayout().hasInlineValue(),
        "Rle (2.2: Constant with the value inline)"));
    c.add(new Col(f("random", I32), (i, r) -> maybeNull(r, nulls, r.nextInt()),
        mb(CompressiveEncoding.CompressionCase.FLAT), mb(CompressiveEncoding.CompressionCase.FLAT),
        "Flat"));
    c.add(new Col(f("small", I32), (i, r) -> maybeNull(r, nulls, r.nextInt(1000)),
        mb(CompressiveEncoding.CompressionCase.INLINE_BITPACKING),
        mb(CompressiveEncoding.CompressionCase.INLINE_BITPACKING), "InlineBitpacking"));
    c.add(new Col(f("unit_f32", F32), (i, r) -> maybeNull(r, nulls, r.nextFloat()),
        mb(CompressiveEncoding.CompressionCase.INLINE_BITPACKING),
        mb(CompressiveEncoding.CompressionCase.INLINE_BITPACKING), "InlineBitpacking"));
    c.add(new Col(f("lowcard_i64", I64), (i, r) -> maybeNull(r, nulls, (long) r.nextInt(300)),
        mb(CompressiveEncoding.CompressionCase.INLINE_BITPACKING),
        dict(CompressiveEncoding.CompressionCase.INLINE_BITPACKING),
        "InlineBitpacking (2.2: dictionary, bit-packed items)"));
    c.add(new Col(f("short_text", UTF8), (i, r) -> maybeNull(r, nulls / 2,
        words(r, 1 + r.nextInt(3)) + i),
        mb(CompressiveEncoding.CompressionCase.FSST), mb(CompressiveEncoding.CompressionCase.FSST),
        "Fsst"));
    c.add(new Col(f("category", UTF8), (i, r) -> maybeNull(r, nulls, WORDS[r.nextInt(5)]),
        dict(CompressiveEncoding.CompressionCase.VARIABLE),
        dict(CompressiveEncoding.CompressionCase.GENERAL), "dictionary (2.2: LZ4 items)"));
    c.add(new Col(f("long_text", UTF8), (i, r) -> maybeNull(r, nulls / 10,
        words(r, 40 + r.nextInt(400)) + i),
        fullZip(CompressiveEncoding.CompressionCase.FSST),
        fullZip(CompressiveEncoding.CompressionCase.FSST), "FullZip Fsst"));
    c.add(new Col(f("nothing", I32), (i, r) -> null,
        PageLayout::hasConstantLayout, PageLayout::hasConstantLayout, "Constant"));
    c.add(new Col(f("zstd_small", I32, EncodingHints.COMPRESSION, "zstd", EncodingHints.BSS, "off"),
        (i, r) -> maybeNull(r, nulls / 10, r.nextInt(20) == 0 ? 900 : r.nextInt(4)),
        general(CompressionScheme.COMPRESSION_ALGORITHM_ZSTD,
            CompressiveEncoding.CompressionCase.INLINE_BITPACKING),
        general(CompressionScheme.COMPRESSION_ALGORITHM_ZSTD,
            CompressiveEncoding.CompressionCase.INLINE_BITPACKING), "General(ZSTD, bit-packed)"));
    c.add(new Col(f("bss_f64", F64, EncodingHints.COMPRESSION, "lz4", EncodingHints.BSS, "on"),
        (i, r) -> maybeNull(r, nulls, 1000.0 + (i % 5000) * 0.25),
        general(CompressionScheme.COMPRESSION_ALGORITHM_LZ4,
            CompressiveEncoding.CompressionCase.BYTE_STREAM_SPLIT),
        general(CompressionScheme.COMPRESSION_ALGORITHM_LZ4,
            CompressiveEncoding.CompressionCase.BYTE_STREAM_SPLIT), "General(LZ4, BSS)"));
    c.add(new Col(f("plain", I32, EncodingHints.COMPRESSION, "none"),
        (i, r) -> maybeNull(r, nulls, r.nextInt(10)),
        mb(CompressiveEncoding.CompressionCase.FLAT), mb(CompressiveEncoding.CompressionCase.FLAT),
        "Flat (compression=none)"));
    c.add(new Col(f("zipped", UTF8, EncodingHints.STRUCTURAL, "fullzip"),
        (i, r) -> maybeNull(r, nulls, ascii(r, 10 + r.nextInt(30))),
        fullZip(CompressiveEncoding.CompressionCase.FSST),
        fullZip(CompressiveEncoding.CompressionCase.FSST), "FullZip (structural-encoding)"));
    c.add(new Col(f("zstd_text", UTF8, EncodingHints.COMPRESSION, "zstd"),
        (i, r) -> maybeNull(r, nulls / 10, words(r, 2 + r.nextInt(5)) + (i % 1000)),
        general(CompressionScheme.COMPRESSION_ALGORITHM_ZSTD,
            CompressiveEncoding.CompressionCase.FSST),
        general(CompressionScheme.COMPRESSION_ALGORITHM_ZSTD,
            CompressiveEncoding.CompressionCase.FSST), "General(ZSTD, Fsst)"));
    return c;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    long seed = 1;
    for (int minor : new int[] {1, 2}) {
      for (double nulls : new double[] {0.0, 0.1, 0.6}) {
        out.add(Arguments.of(minor, nulls, 6000, seed++, 8L << 20));
      }
      out.add(Arguments.of(minor, 0.2, 9000, seed++, 96L * 1024)); // many pages
    }
    return out.stream();
  }

  @ParameterizedTest(name = "2.{0}, nulls {1}, {2} rows, seed {3}, page {4}")
  @MethodSource("cases")
  void encodingsRoundTripAndMatchLanceCoresChoice(int minor, double nulls, int rows, long seed,
      long pageSize) throws Exception {
    List<Col> cols = columns(nulls);
    List<Field> fields = new ArrayList<>();
    cols.forEach(c -> fields.add(c.field()));
    Schema schema = new Schema(fields);
    Map<String, List<Object>> expected = new LinkedHashMap<>();
    String name = "c.lance";
    try (V21FileWriter w = new V21FileWriter(new FileOutputStream(dir.resolve(name).toFile()),
        LanceSchema.fromArrow(schema), pageSize, name, minor)) {
      Random r = new Random(seed);
      Map<String, Random> rs = new LinkedHashMap<>();
      cols.forEach(c -> rs.put(c.field().getName(), new Random(r.nextLong())));
      int done = 0;
      while (done < rows) {
        int n = Math.min(rows - done, 1000 + r.nextInt(3000));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
          root.allocateNew();
          for (Col c : cols) {
            FieldVector v = root.getVector(c.field().getName());
            Random cr = rs.get(c.field().getName());
            for (int i = 0; i < n; i++) {
              set(v, i, c.gen().at(done + i, cr));
            }
            v.setValueCount(n);
          }
          root.setRowCount(n);
          w.write(root);
          ArrowAssert.columns(root).forEach((k, v) ->
              expected.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        done += n;
      }
      w.finish();
    }
    try (LanceFileReader rd = LanceFileReader.open(new LocalObjectStore(dir), name, 0)) {
      long total = rd.numRows();
      assertThat(total).isEqualTo(rows);
      long[][] ranges = {{0, total}, {total / 3, total / 2 + 7}, {total - 1, total}};
      for (LanceField lf : rd.schema().fields()) {
        for (long[] range : ranges) {
          try (FieldVector v = rd.read(lf, null, range[0], range[1], allocator)) {
            assertThat(ArrowAssert.values(v)).as("%s rows %d..%d (2.%d)", lf.name(), range[0],
                range[1], minor).isEqualTo(expected.get(lf.name())
                    .subList((int) range[0], (int) range[1]));
          }
        }
      }
    }
    if (pageSize >= 1 << 20) { // one page per column: check the chosen encodings
      List<PageLayout> first = V21TestFiles.firstPages(dir.resolve(name));
      for (int k = 0; k < cols.size(); k++) {
        Col c = cols.get(k);
        Predicate<PageLayout> want = minor == 1 ? c.v21() : c.v22();
        assertThat(want.test(first.get(k))).as("2.%d %s: expected %s, got %s", minor,
            c.field().getName(), c.expected(), first.get(k)).isTrue();
      }
    }
  }

  static void set(FieldVector v, int i, Object o) {
    if (o == null) {
      if (v instanceof BaseVariableWidthVector bv) {
        bv.setNull(i);
      } else {
        ((org.apache.arrow.vector.BaseFixedWidthVector) v).setNull(i);
      }
      return;
    }
    if (v instanceof IntVector x) {
      x.setSafe(i, (Integer) o);
    } else if (v instanceof BigIntVector x) {
      x.setSafe(i, (Long) o);
    } else if (v instanceof Float4Vector x) {
      x.setSafe(i, (Float) o);
    } else if (v instanceof Float8Vector x) {
      x.setSafe(i, (Double) o);
    } else if (v instanceof BaseVariableWidthVector x) {
      x.setSafe(i, o instanceof byte[] b ? b : ((String) o).getBytes(StandardCharsets.UTF_8));
    } else {
      throw new IllegalArgumentException(v.getClass().toString());
    }
  }
}

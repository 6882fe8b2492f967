package org.lance4j.interop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The type matrix: one case per column type and value shape that picks a different layout or
 * encoding in lance-core 7.0.0 (see shared/lance-current.md). Every case has a non-null int64
 * {@code id} (0..rows-1) first, then its columns; values are canonical {@link Values} forms made
 * from a fixed seed, so a case is the same data every run.
 */
final class TypeCases {
  private TypeCases() {}

  /** How a column's values are made: row index and the column's own Random. */
  interface Gen {
    Object at(int row, Random r);
  }

  record Column(Field field, Gen gen) {}

  /**
   * One case. {@code filter} is a predicate both lance-core and lance4j evaluate; it must select
   * some rows but not all (checked). {@code minPagesOfFirstColumn}: pages the case's first column
   * (after id) must have in every data file (checked from the file footers). {@code minVersion}:
   * the oldest file version that can store the case.
   */
  record Case(String name, int rows, int maxRowsPerFile, List<Column> columns, String filter,
      int minPagesOfFirstColumn, String minVersion) {
    Case(String name, int rows, int maxRowsPerFile, List<Column> columns, String filter) {
      this(name, rows, maxRowsPerFile, columns, filter, 1, "2.0");
    }

    /** The same case, written only at file versions from {@code version} on (Map needs 2.2). */
    Case since(String version) {
      return new Case(name, rows, maxRowsPerFile, columns, filter, minPagesOfFirstColumn, version);
    }

    Case withMinPages(int pages) {
      return new Case(name, rows, maxRowsPerFile, columns, filter, pages, minVersion);
    }

    boolean writtenAt(String version) {
      return version.compareTo(minVersion) >= 0;
    }

    Schema schema() {
      List<Field> fields = new ArrayList<>();
      fields.add(notNull("id", new ArrowType.Int(64, true)));
      columns.forEach(c -> fields.add(c.field()));
      return new Schema(fields);
    }

    /** The values written, by column name. */
    Map<String, List<Object>> values() {
      Map<String, List<Object>> out = new LinkedHashMap<>();
      List<Object> ids = new ArrayList<>(rows);
      for (long i = 0; i < rows; i++) {
        ids.add(i);
      }
      out.put("id", ids);
      long seed = name.hashCode();
      for (Column c : columns) {
        Random r = new Random(seed++);
        List<Object> vals = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
          vals.add(c.gen().at(i, r));
        }
        out.put(c.field().getName(), vals);
      }
      return out;
    }

    /**
     * What a reader returns for {@code written} (from {@link #values()}) stored at file
     * {@code version}: format 2.0 stores no struct validity, so a null struct reads back as a
     * struct whose children are all null (recursively); 2.1 and later keep it.
     */
    Map<String, List<Object>> asStored(String version, Map<String, List<Object>> written) {
      Map<String, List<Object>> out = new LinkedHashMap<>(written);
      if (!version.equals("2.0")) {
        return out;
      }
      for (Field f : schema().getFields()) {
        if (hasStruct(f)) {
          out.put(f.getName(), written.get(f.getName()).stream()
              .map(v -> withoutStructNulls(f, v)).toList());
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static boolean hasStruct(Field f) {
    return f.getType() instanceof ArrowType.Struct
        || f.getChildren().stream().anyMatch(TypeCases::hasStruct);
  }

  @SuppressWarnings("unchecked")
  static Object withoutStructNulls(Field f, Object v) {
    if (f.getType() instanceof ArrowType.Struct) {
      Map<String, Object> m = (Map<String, Object>) v;
      Map<String, Object> out = new LinkedHashMap<>();
      for (Field c : f.getChildren()) {
        out.put(c.getName(), withoutStructNulls(c, m == null ? null : m.get(c.getName())));
      }
      return out;
    }
    if (v instanceof List<?> l && !f.getChildren().isEmpty()) {
      Field item = f.getChildren().get(0);
      List<Object> out = new ArrayList<>(l.size());
      for (Object e : l) {
        out.add(withoutStructNulls(item, e));
      }
      return out;
    }
    return v;
  }

  // ---- types ----
  static final ArrowType I32 = new ArrowType.Int(32, true);
  static final ArrowType I64 = new ArrowType.Int(64, true);
  static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

  static Field field(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.nullable(type), Arrays.asList(children));
  }

  /** A nullable field with Lance field metadata (encoding hints such as compression). */
  static Field hinted(String name, ArrowType type, Map<String, String> metadata,
      Field... children) {
    return new Field(name, new FieldType(true, type, null, metadata), Arrays.asList(children));
  }

  static Field notNull(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.notNullable(type), Arrays.asList(children));
  }

  static Column col(Field f, Gen g) {
    return new Column(f, g);
  }

  // ---- value helpers ----

  /** null with probability p, else the value. */
  static Object maybeNull(Random r, double p, Object v) {
    return r.nextDouble() < p ? null : v;
  }

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 _-";

  static String ascii(Random r, int len) {
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** Short strings with some multi-byte characters. */
  static String shortText(Random r) {
    String s = ascii(r, r.nextInt(13));
    return r.nextInt(10) == 0 ? s + "é€😀" : s;
  }

  static Values.Bytes bytes(Random r, int len) {
    byte[] b = new byte[len];
    r.nextBytes(b);
    return new Values.Bytes(b);
  }

  static List<Object> ints(Random r, int n, int bound) {
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r.nextInt(bound) - bound / 2);
    }
    return out;
  }

  static List<Object> floats(Random r, int n) {
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r.nextFloat() * 2 - 1);
    }
    return out;
  }

  /** Rows in the multi-page case: its random int64 column is ~32 MB, several pages per column. */
  static final int MULTI_PAGE_ROWS = 4_000_000;

  /** A struct with the {@code packed} hint: PackedStruct (one value per row, all children). */
  static final Case PACKED_STRUCT = new Case("packed struct", 3000, 1200, List.of(
      col(hinted("packed", ArrowType.Struct.INSTANCE, Map.of("packed", "true"),
          field("x", I32), field("y", F64)), (i, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("x", r.nextInt(1000));
            m.put("y", r.nextDouble());
            return m;
          })),
      "packed.x > 500");

  static List<Case> all() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("int32/int64 random", 3000, 1200, List.of(
        col(field("i32", I32), (i, r) -> maybeNull(r, 0.1, r.nextInt())),
        col(notNull("i64", I64), (i, r) -> r.nextLong())),
        "i32 > 0"));
    c.add(new Case("ints sequential and small", 3000, 1200, List.of(
        col(field("seq", I64), (i, r) -> 1_000_000L + 3L * i),
        col(field("small", I32), (i, r) -> i % 100)),
        "seq >= 1003000 AND small < 50"));
    c.add(new Case("int runs", 3000, 1200, List.of(
        col(field("runs", I32), (i, r) -> (i / 137) % 5),
        col(field("runs_null", I64), (i, r) -> (i / 200) % 3 == 0 ? null : (long) (i / 300))),
        "runs = 2 OR runs_null IS NULL"));
    c.add(new Case("int constant", 3000, 1200, List.of(
        col(notNull("c32", I32), (i, r) -> 42),
        col(field("c64", I64), (i, r) -> -7L)),
        "c32 = 42 AND id < 100"));
    c.add(new Case("floats (float32 in [0,1), float64 with NaN/inf/-0)", 3000, 1200, List.of(
        col(field("f32", F32), (i, r) -> maybeNull(r, 0.1, r.nextFloat())),
        col(field("f64", F64), (i, r) -> switch (i % 50) {
          case 7 -> Double.NaN;
          case 8 -> Double.POSITIVE_INFINITY;
          case 9 -> -0.0d;
          case 10 -> null;
          default -> r.nextGaussian() * 1e6;
        })),
        "f32 < 0.25"));
    c.add(new Case("bool", 3000, 1200, List.of(
        col(field("b", ArrowType.Bool.INSTANCE), (i, r) -> maybeNull(r, 0.15, r.nextBoolean())),
        col(notNull("b_dense", ArrowType.Bool.INSTANCE), (i, r) -> i % 3 == 0)),
        "b"));
    c.add(new Case("date32", 3000, 1200, List.of(
        col(field("d", new ArrowType.Date(DateUnit.DAY)),
            (i, r) -> maybeNull(r, 0.1, r.nextInt(40_000) - 10_000))),
        "d > DATE '2000-01-01'"));
    c.add(new Case("timestamp", 3000, 1200, List.of(
        col(field("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            (i, r) -> maybeNull(r, 0.1, (long) (r.nextDouble() * 2e15))),
        col(field("ts_ms_utc", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
            (i, r) -> maybeNull(r, 0.1, 1_600_000_000_000L + i * 60_000L))),
        "ts_us > TIMESTAMP '2000-01-01 00:00:00'"));
    c.add(new Case("utf8 short", 3000, 1200, List.of(
        col(field("s", UTF8), (i, r) -> maybeNull(r, 0.1, shortText(r)))),
        "s LIKE 'a%'"));
    c.add(new Case("utf8 long 1-4 KB", 600, 250, List.of(
        col(field("s", UTF8), (i, r) -> maybeNull(r, 0.1, ascii(r, 1024 + r.nextInt(3072))))),
        "length(s) > 2500"));
    c.add(new Case("utf8 low-cardinality", 3000, 1200, List.of(
        col(field("cat", UTF8), (i, r) -> maybeNull(r, 0.05,
            List.of("alpha", "beta", "gamma", "delta", "epsilon").get(r.nextInt(5))))),
        "cat = 'beta'"));
    c.add(new Case("utf8 empty strings", 3000, 1200, List.of(
        col(field("s", UTF8), (i, r) -> switch (r.nextInt(4)) {
          case 0, 1 -> "";
          case 2 -> null;
          default -> ascii(r, 1 + r.nextInt(5));
        }),
        col(notNull("all_empty", UTF8), (i, r) -> "")),
        "s = ''"));
    c.add(new Case("large_utf8", 3000, 1200, List.of(
        col(field("ls", ArrowType.LargeUtf8.INSTANCE), (i, r) -> maybeNull(r, 0.1, shortText(r)))),
        "ls LIKE '%a'"));
    c.add(new Case("binary short", 3000, 1200, List.of(
        col(field("bin", ArrowType.Binary.INSTANCE),
            (i, r) -> maybeNull(r, 0.1, bytes(r, r.nextInt(30)))),
        col(field("lbin", ArrowType.LargeBinary.INSTANCE),
            (i, r) -> maybeNull(r, 0.1, bytes(r, r.nextInt(30))))),
        "bin IS NOT NULL AND id % 2 = 0"));
    c.add(new Case("binary 20-40 KB", 300, 120, List.of(
        col(field("blob", ArrowType.Binary.INSTANCE),
            (i, r) -> maybeNull(r, 0.1, bytes(r, 20_000 + r.nextInt(20_000))))),
        "id % 3 = 0"));
    c.add(new Case("fixed_size_binary(16)", 3000, 1200, List.of(
        col(field("fsb", new ArrowType.FixedSizeBinary(16)),
            (i, r) -> maybeNull(r, 0.1, bytes(r, 16)))),
        "fsb IS NULL"));
    c.add(new Case("fixed_size_list<float32,128> with null rows", 2000, 800, List.of(
        col(field("vec", new ArrowType.FixedSizeList(128), notNull("item", F32)),
            (i, r) -> i % 17 == 5 ? null : floats(r, 128)),
        col(field("vec4", new ArrowType.FixedSizeList(4), field("item", F32)),
            (i, r) -> i % 11 == 0 ? null : Arrays.asList(
                r.nextFloat(), null, i % 3 == 0 ? null : r.nextFloat(), (float) i))),
        "id < 500 AND vec IS NOT NULL"));
    c.add(new Case("list<int32>", 3000, 1200, List.of(
        col(field("l", ArrowType.List.INSTANCE, field("item", I32)),
            (i, r) -> ints(r, 1 + r.nextInt(10), 1000))),
        "id % 4 = 1"));
    c.add(new Case("large_list<int64>", 3000, 1200, List.of(
        col(field("ll", ArrowType.LargeList.INSTANCE, field("item", I64)), (i, r) -> {
          List<Object> out = new ArrayList<>();
          for (int j = r.nextInt(8); j > 0; j--) {
            out.add(r.nextInt(5) == 0 ? null : r.nextLong());
          }
          return out;
        })),
        "id % 4 = 2"));
    c.add(new Case("list<list<int32>>", 3000, 1200, List.of(
        col(field("ll", ArrowType.List.INSTANCE,
            field("item", ArrowType.List.INSTANCE, field("item", I32))), (i, r) -> {
              if (i % 13 == 0) {
                return null;
              }
              List<Object> out = new ArrayList<>();
              for (int j = r.nextInt(4); j > 0; j--) {
                out.add(r.nextInt(6) == 0 ? null : ints(r, r.nextInt(4), 100));
              }
              return out;
            })),
        "id % 5 = 0"));
    c.add(new Case("list<utf8>", 3000, 1200, List.of(
        col(field("tags", ArrowType.List.INSTANCE, field("item", UTF8)), (i, r) -> {
          List<Object> out = new ArrayList<>();
          for (int j = r.nextInt(5); j > 0; j--) {
            out.add(r.nextInt(8) == 0 ? null : "tag" + r.nextInt(20));
          }
          return out;
        })),
        "id % 6 = 0"));
    c.add(new Case("list with null lists and empty lists", 3000, 1200, List.of(
        col(field("l", ArrowType.List.INSTANCE, field("item", I32)), (i, r) -> switch (i % 5) {
          case 0 -> null;
          case 1 -> List.of();
          default -> {
            List<Object> out = ints(r, 1 + r.nextInt(6), 100);
            if (r.nextInt(3) == 0) {
              out.set(0, null);
            }
            yield out;
          }
        })),
        "l IS NULL OR id < 10"));
    c.add(new Case("struct with null structs and null children", 3000, 1200, List.of(
        col(field("st", ArrowType.Struct.INSTANCE, field("a", I32), field("b", UTF8),
            field("inner", ArrowType.Struct.INSTANCE, field("v", F64))), (i, r) -> {
              if (i % 9 == 0) {
                return null;
              }
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("a", maybeNull(r, 0.2, r.nextInt(1000) - 500));
              m.put("b", maybeNull(r, 0.2, ascii(r, r.nextInt(6))));
              Map<String, Object> inner = new LinkedHashMap<>();
              inner.put("v", maybeNull(r, 0.3, r.nextDouble()));
              m.put("inner", i % 7 == 0 ? null : inner);
              return m;
            })),
        "st.a > 0"));
    c.add(new Case("list<struct>", 3000, 1200, List.of(
        col(field("ls", ArrowType.List.INSTANCE, field("item", ArrowType.Struct.INSTANCE,
            field("x", I64), field("y", F64))), (i, r) -> {
              if (i % 10 == 3) {
                return null;
              }
              List<Object> out = new ArrayList<>();
              for (int j = r.nextInt(4); j > 0; j--) {
                if (r.nextInt(7) == 0) {
                  out.add(null);
                  continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("x", r.nextLong());
                m.put("y", maybeNull(r, 0.2, r.nextDouble()));
                out.add(m);
              }
              return out;
            })),
        "ls IS NOT NULL AND id % 3 = 0"));
    c.add(new Case("all-null columns", 3000, 1200, List.of(
        col(field("n32", I32), (i, r) -> null),
        col(field("nstr", UTF8), (i, r) -> null),
        col(field("nlist", ArrowType.List.INSTANCE, field("item", I32)), (i, r) -> null),
        col(field("nvec", new ArrowType.FixedSizeList(8), field("item", F32)), (i, r) -> null),
        col(field("nstruct", ArrowType.Struct.INSTANCE, field("a", I32)), (i, r) -> null)),
        "n32 IS NULL AND id < 10"));
    c.add(new Case("float16", 3000, 1200, List.of(
        col(field("h", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
            (i, r) -> maybeNull(r, 0.1, (short) r.nextInt(0x7c00)))), // finite halves, as bits
        "h IS NULL OR id < 10"));
    c.add(new Case("utf8 huge (1 B to 10 MB)", 10, 4, List.of(
        col(field("s", UTF8), (i, r) -> i == 3 ? null
            : ascii(r, new int[] {1, 10, 1000, 0, 100_000, 1 << 20, 3 << 20, 5 << 20,
                10 << 20, 7}[i]))),
        "id >= 5"));
    c.add(new Case("fixed_size_list<float32,1536>", 300, 120, List.of(
        col(field("emb", new ArrowType.FixedSizeList(1536), notNull("item", F32)),
            (i, r) -> i % 9 == 4 ? null : floats(r, 1536))),
        "id % 2 = 0"));
    c.add(new Case("fixed_size_list<float32,128> with null items", 2000, 800, List.of(
        col(field("vec", new ArrowType.FixedSizeList(128), field("item", F32)), (i, r) -> {
          if (i % 13 == 0) {
            return null;
          }
          List<Object> v = floats(r, 128);
          for (int j = r.nextInt(3); j > 0; j--) {
            v.set(r.nextInt(128), null);
          }
          return v;
        })),
        "id >= 1500"));
    c.add(new Case("map<utf8,int32>", 3000, 1200, List.of(
        col(field("m", new ArrowType.Map(false), notNull("entries", ArrowType.Struct.INSTANCE,
            notNull("key", UTF8), field("value", I32))), (i, r) -> {
              if (i % 8 == 0) {
                return null;
              }
              List<Object> entries = new ArrayList<>();
              for (int j = r.nextInt(4); j > 0; j--) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("key", "k" + j);
                e.put("value", maybeNull(r, 0.2, r.nextInt(100)));
                entries.add(e);
              }
              return entries;
            })),
        "id % 3 = 0").since("2.2"));
    Map<String, String> zstd = Map.of("lance-encoding:compression", "zstd");
    Map<String, String> lz4 = Map.of("lance-encoding:compression", "lz4");
    c.add(new Case("encoding hints: zstd and lz4 compression", 3000, 1200, List.of(
        col(hinted("s_zstd", UTF8, zstd), (i, r) -> maybeNull(r, 0.1, "row " + (i % 50))),
        col(hinted("i_zstd", I64, zstd), (i, r) -> maybeNull(r, 0.1, (long) (i % 97))),
        col(hinted("s_lz4", UTF8, lz4), (i, r) -> maybeNull(r, 0.1, ascii(r, r.nextInt(20)))),
        col(hinted("b_zstd", ArrowType.Binary.INSTANCE, zstd),
            (i, r) -> maybeNull(r, 0.1, bytes(r, r.nextInt(50))))),
        "i_zstd < 10"));
    c.add(new Case("encoding hints: byte stream split, full-zip", 3000, 1200, List.of(
        col(hinted("f_bss", F32, Map.of("lance-encoding:bss", "on")),
            (i, r) -> maybeNull(r, 0.1, r.nextFloat() * 100)),
        col(hinted("i_fullzip", I32, Map.of("lance-encoding:structural-encoding", "fullzip")),
            (i, r) -> maybeNull(r, 0.1, r.nextInt()))),
        "f_bss > 50"));
    // at 2.0 lance4j refuses packed structs (Lance4jKnownGapsTest)
    c.add(PACKED_STRUCT.since("2.1"));
    c.add(new Case("multi-page int64 and float64", MULTI_PAGE_ROWS, MULTI_PAGE_ROWS, List.of(
        col(notNull("big", I64), (i, r) -> r.nextLong()),
        col(field("dbl", F64), (i, r) -> i % 1000 == 999 ? null : r.nextDouble())),
        "id % 100000 = 7").withMinPages(2));
    return c;
  }
}

package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.DataFile;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.ScanOptions;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.storage.ObjectStore;
import org.lance4j.testing.ArrowAssert;
import org.roaringbitmap.RoaringBitmap;

/**
 * Scanner logic (deletions, offset/limit, batching, row addresses, missing columns) against
 * synthetic data files, independent of the Lance file codec. Row r of fragment f has
 * {@code id = f * 1000 + r} and {@code name = "n" + id} (name lives in a second data file).
 */
class FragmentScanLogicTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
      new Field("extra", FieldType.nullable(new ArrowType.Int(32, true)), null)));

  final Set<String> opened = new HashSet<>();
  final Set<String> open = new HashSet<>();
  /** "prefetch f{id} {from}-{to}" and "read f{id} {from}-{to}" of the id files, in order. */
  final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

  /** Synthetic files: path "f{fragmentId}-{a|b}"; "a" holds id, "b" holds name. */
  ColumnSource.Opener opener(Map<Long, Long> rowsByFragment) {
    return (store, file) -> {
      long frag = Long.parseLong(file.path().substring(1, file.path().indexOf('-')));
      opened.add(file.path());
      open.add(file.path());
      return new ColumnSource() {
        @Override
        public long numRows() {
          return rowsByFragment.get(frag);
        }

        @Override
        public FieldVector read(LanceField field, IntUnaryOperator columnOf, long start, long end,
            BufferAllocator allocator) {
          assertThat(columnOf.applyAsInt(field.id())).isGreaterThanOrEqualTo(0);
          if (file.path().endsWith("-a")) {
            events.add("read f" + frag + " " + start + "-" + end);
          }
          int n = (int) (end - start);
          FieldVector v = field.toArrow().createVector(allocator);
          v.setInitialCapacity(n);
          v.allocateNew();
          for (int i = 0; i < n; i++) {
            long id = frag * 1000 + start + i;
            if (v instanceof BigIntVector) {
              ((BigIntVector) v).set(i, id);
            } else {
              ((VarCharVector) v).setSafe(i, ("n" + id).getBytes());
            }
          }
          v.setValueCount(n);
          return v;
        }

        @Override
        public void prefetch(List<LanceField> fields, IntUnaryOperator columnOf, long start,
            long end) {
          if (file.path().endsWith("-a")) {
            events.add("prefetch f" + frag + " " + start + "-" + end);
          }
        }

        @Override
        public void close() {
          open.remove(file.path());
        }
      };
    };
  }

  /** Fragments: 0 (10 rows), 1 (0 rows), 2 (25 rows, 6 deleted), 3 (7 rows, all deleted), 4 (9). */
  List<FragmentMetadata> fragments(ObjectStore store) throws Exception {
    List<FragmentMetadata> out = new ArrayList<>();
    long[] rows = {10, 0, 25, 7, 9};
    for (int f = 0; f < rows.length; f++) {
      DeletionFile del = null;
      RoaringBitmap bm = null;
      if (f == 2) {
        bm = RoaringBitmap.bitmapOf(0, 1, 5, 12, 13, 24);
      } else if (f == 3) {
        bm = new RoaringBitmap();
        bm.add(0L, 7L);
      }
      if (bm != null) {
        del = new DeletionFile(DeletionFile.Type.BITMAP, 1, 100 + f, bm.getCardinality(), null);
        try (OutputStream o = store.create(del.path(f));
            java.io.DataOutputStream d = new java.io.DataOutputStream(o)) {
          bm.serialize(d);
        }
      }
      List<DataFile> files = List.of(
          new DataFile("f" + f + "-a", List.of(0), List.of(0), 2, 0, 0, null),
          new DataFile("f" + f + "-b", List.of(-2, 1), List.of(0, 1), 2, 0, 0, null));
      out.add(new FragmentMetadata(f, files, rows[f], del));
    }
    return out;
  }

  /** Expected ids in scan order. */
  static List<Long> expectedIds() {
    List<Long> ids = new ArrayList<>();
    for (long r = 0; r < 10; r++) {
      ids.add(r);
    }
    Set<Long> del2 = Set.of(0L, 1L, 5L, 12L, 13L, 24L);
    for (long r = 0; r < 25; r++) {
      if (!del2.contains(r)) {
        ids.add(2000 + r);
      }
    }
    for (long r = 0; r < 9; r++) {
      ids.add(4000 + r);
    }
    return ids;
  }

  private Snapshot snapshot(ObjectStore store, List<FragmentMetadata> frags) {
    return new Snapshot(store, tmp.toString(), 1, LanceSchema.fromArrow(SCHEMA), frags, null,
        "_versions/1.manifest");
  }

  private Map<String, List<Object>> scan(Snapshot s, ScanOptions o, BufferAllocator a,
      List<Integer> batchSizes) throws Exception {
    Map<Long, Long> rows = new java.util.HashMap<>();
    for (FragmentMetadata f : s.fragments()) {
      rows.put(f.id(), f.physicalRows());
    }
    try (ArrowReader r = FragmentScanner.scan(s, s.fragments(), o, a, opener(rows))) {
      Map<String, List<Object>> out = new java.util.LinkedHashMap<>();
      while (r.loadNextBatch()) {
        batchSizes.add(r.getVectorSchemaRoot().getRowCount());
        ArrowAssert.columns(r.getVectorSchemaRoot())
            .forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      }
      for (Field f : r.getVectorSchemaRoot().getSchema().getFields()) {
        out.putIfAbsent(f.getName(), new ArrayList<>());
      }
      return out;
    } finally {
      assertThat(open).as("readers left open").isEmpty();
    }
  }

  @Test
  void fullScanDropsDeletedRowsAndFillsMissingColumnWithNulls() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    try (BufferAllocator a = new RootAllocator()) {
      Snapshot s = snapshot(store, fragments(store));
      List<Integer> sizes = new ArrayList<>();
      Map<String, List<Object>> got = scan(s, ScanOptions.builder().batchSize(4).build(), a, sizes);
      List<Long> ids = expectedIds();
      assertThat(got.get("id")).containsExactlyElementsOf(ids);
      List<Object> names = new ArrayList<>();
      ids.forEach(i -> names.add("n" + i));
      assertThat(got.get("name")).containsExactlyElementsOf(names);
      assertThat(got.get("extra")).hasSize(ids.size()).containsOnlyNulls();
      assertThat(sizes).allMatch(n -> n > 0 && n <= 4);
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(ids.size());
    }
  }

  /**
   * While a fragment returns its last rows (at most an eighth of them, or a batch), the next one
   * with rows is opened and its reads announced, so an object store fetches its first pages
   * meanwhile; not when the limit ends inside the current fragment.
   */
  @Test
  void theNextFragmentIsOpenedAndPrefetchedBeforeTheCurrentOneEnds() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    List<FragmentMetadata> frags = new ArrayList<>();
    long[] rows = {100, 0, 100};
    for (int f = 0; f < rows.length; f++) {
      frags.add(new FragmentMetadata(f, List.of(
          new DataFile("f" + f + "-a", List.of(0), List.of(0), 2, 0, 0, null),
          new DataFile("f" + f + "-b", List.of(-2, 1), List.of(0, 1), 2, 0, 0, null)),
          rows[f], null));
    }
    try (BufferAllocator a = new RootAllocator()) {
      Snapshot s = snapshot(store, frags);
      Map<String, List<Object>> got = scan(s, ScanOptions.builder().columns(List.of("id"))
          .batchSize(10).build(), a, new ArrayList<>());
      List<Object> want = new ArrayList<>();
      for (long r = 0; r < 100; r++) {
        want.add(r);
      }
      for (long r = 0; r < 100; r++) {
        want.add(2000 + r);
      }
      assertThat(got.get("id")).containsExactlyElementsOf(want);
      assertThat(events.indexOf("prefetch f2 0-100")).as("events %s", events)
          .isPositive().isLessThan(events.indexOf("read f0 90-100"))
          .isGreaterThan(events.indexOf("read f0 80-90"));
      assertThat(events.indexOf("read f2 0-10")).isGreaterThan(events.indexOf("read f0 90-100"));

      // a limit that ends in fragment 0 never opens fragment 2; one that ends in fragment 2
      // announces only the rows it will read there
      opened.clear();
      events.clear();
      assertThat(scan(s, ScanOptions.builder().columns(List.of("id")).batchSize(10).limit(95)
          .build(), a, new ArrayList<>()).get("id")).hasSize(95);
      assertThat(opened).doesNotContain("f2-a");
      events.clear();
      assertThat(scan(s, ScanOptions.builder().columns(List.of("id")).batchSize(10).limit(130)
          .build(), a, new ArrayList<>()).get("id")).hasSize(130).endsWith(2029L);
      assertThat(events).contains("prefetch f2 0-30");
    }
  }

  @Test
  void offsetAndLimitAcrossFragmentsSkipWholeFragmentsUnopened() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    List<Long> ids = expectedIds();
    try (BufferAllocator a = new RootAllocator()) {
      Snapshot s = snapshot(store, fragments(store));
      for (int offset = 0; offset <= ids.size() + 1; offset += 3) {
        for (long limit : new long[] {-1, 0, 1, 5, 19, 100}) {
          ScanOptions o = ScanOptions.builder().columns(List.of("id")).batchSize(7)
              .offset(offset).limit(limit).build();
          List<Long> want = ids.subList(Math.min(offset, ids.size()),
              limit < 0 ? ids.size() : (int) Math.min(ids.size(), offset + limit));
          assertThat(scan(s, o, a, new ArrayList<>()).get("id"))
              .as("offset %d limit %d", offset, limit).containsExactlyElementsOf(want);
        }
      }
      opened.clear();
      scan(s, ScanOptions.builder().columns(List.of("id")).offset(20).limit(2).build(), a,
          new ArrayList<>());
      assertThat(opened).containsExactly("f2-a");
    }
  }

  @Test
  void rowIdAndAddressColumnsComeLastAndSkipDeletedRows() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    try (BufferAllocator a = new RootAllocator()) {
      Snapshot s = snapshot(store, fragments(store));
      ScanOptions o = ScanOptions.builder().columns(List.of("name")).withRowId(true)
          .withRowAddress(true).batchSize(5).build();
      Map<String, List<Object>> got = scan(s, o, a, new ArrayList<>());
      assertThat(got.keySet()).containsExactly("name", "_rowid", "_rowaddr");
      List<Object> addrs = new ArrayList<>();
      for (long id : expectedIds()) {
        addrs.add(((id / 1000) << 32) | (id % 1000));
      }
      assertThat(got.get("_rowaddr")).containsExactlyElementsOf(addrs);
      assertThat(got.get("_rowid")).containsExactlyElementsOf(addrs);
      assertThat(opened).noneMatch(p -> p.endsWith("-a")); // id was not projected
    }
  }

  @Test
  void emptyProjectionStillCountsRows() throws Exception {
    ObjectStore store = new LocalObjectStore(tmp);
    try (BufferAllocator a = new RootAllocator()) {
      Snapshot s = snapshot(store, fragments(store));
      List<Integer> sizes = new ArrayList<>();
      Map<String, List<Object>> got = scan(s, ScanOptions.builder().columns(List.of())
          .withRowAddress(true).build(), a, sizes);
      assertThat(got.get("_rowaddr")).hasSize(expectedIds().size());
      assertThat(opened).isEmpty();
    }
  }
}

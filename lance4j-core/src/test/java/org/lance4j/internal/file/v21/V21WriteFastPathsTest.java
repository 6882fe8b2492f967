package org.lance4j.internal.file.v21;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.AllocatorTestBase;

/**
 * The write side's bulk paths: the register-accumulating bit packer against a bit-by-bit
 * reference packer, and the Arrow copies (validity read in bulk, null slots zeroed with
 * selects, strings copied in one piece when null rows take no bytes, run by run when they do)
 * on batches whose null rows keep stale values and bytes, at odd batch offsets; and the
 * per-thread spare page buffers a finished file hands to the next one.
 */
class V21WriteFastPathsTest extends AllocatorTestBase {
  @Test
  void packBlockMatchesTheReferencePackerForEveryWidth() {
    Random rnd = new Random(5);
    for (int t : new int[] {8, 16, 32, 64}) {
      for (int w = 1; w <= t; w++) {
        long mask = w == 64 ? -1L : (1L << w) - 1;
        long[] values = new long[1024];
        for (int i = 0; i < 1024; i++) {
          // the top bit set in some values: the widest value decides w
          values[i] = (i % 7 == 0 ? rnd.nextLong() | 1L << (w - 1) : rnd.nextLong()) & mask;
        }
        GrowBytes out = new GrowBytes(16);
        out.u8(0xAB); // the block does not start at byte 0 of the output
        BitpackWriter.packBlock(values.clone(), t, w, out);
        ByteBuffer ref = V21FastLanesTest.pack(values, t, w);
        byte[] want = new byte[ref.remaining()];
        ref.get(want);
        byte[] got = Arrays.copyOfRange(out.array(), 1, out.size());
        assertThat(got).as("t=%d w=%d", t, w).isEqualTo(want);
      }
    }
  }

  private static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("i", new ArrowType.Int(32, true)),
      Field.nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE),
      new Field("st", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
          Field.nullable("x", new ArrowType.Int(32, true)),
          Field.nullable("t", ArrowType.Utf8.INSTANCE)))));

  /**
   * One batch: every slot set first, then some rows nulled (Arrow keeps their values and string
   * bytes); {@code stale} false nulls strings by setting them null from the start (no bytes).
   */
  private VectorSchemaRoot batch(int n, int seed, boolean stale) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    Random r = new Random(seed);
    IntVector iv = (IntVector) root.getVector("i");
    Float8Vector dv = (Float8Vector) root.getVector("d");
    VarCharVector sv = (VarCharVector) root.getVector("s");
    StructVector st = (StructVector) root.getVector("st");
    IntVector xv = (IntVector) st.getChild("x");
    VarCharVector tv = (VarCharVector) st.getChild("t");
    for (int i = 0; i < n; i++) {
      boolean nullS = r.nextInt(5) == 0;
      iv.setSafe(i, r.nextInt());
      dv.setSafe(i, r.nextDouble());
      if (stale || !nullS) {
        sv.setSafe(i, ("name-" + r.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8));
      } else {
        sv.setNull(i);
      }
      xv.setSafe(i, r.nextInt(100));
      tv.setSafe(i, ("t" + i).getBytes(StandardCharsets.UTF_8));
      st.setIndexDefined(i);
      if (r.nextInt(4) == 0) {
        iv.setNull(i);
      }
      if (r.nextInt(4) == 0) {
        dv.setNull(i);
      }
      if (stale && nullS) {
        sv.setNull(i);
      }
      if (r.nextInt(6) == 0) {
        xv.setNull(i);
      }
      if (r.nextInt(6) == 0) {
        tv.setNull(i);
      }
      if (r.nextInt(7) == 0) {
        st.setNull(i);
      }
    }
    root.setRowCount(n);
    return root;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void nullRowsWithStaleValuesAndBytesReadBackAsNulls(int minor) throws Exception {
    String name = "stale.lance";
    List<List<Object>> want = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      want.add(new ArrayList<>());
    }
    LanceSchema ls = LanceSchema.fromArrow(SCHEMA);
    // small pages, odd batch sizes: pages end mid-batch, so appends start at odd rows
    try (V21FileWriter w = new V21FileWriter(new FileOutputStream(dir.resolve(name).toFile()),
        ls, 24 * 1024, name, minor)) {
      int seed = 1;
      for (int n : new int[] {1, 7, 4099, 13, 6000, 3}) {
        try (VectorSchemaRoot b = batch(n, seed, seed % 2 == 1)) {
          w.write(b);
          List<FieldVector> vs = b.getFieldVectors();
          for (int c = 0; c < 4; c++) {
            want.get(c).addAll(ArrowAssert.values(vs.get(c)));
          }
        }
        seed++;
      }
      w.finish();
    }
    try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir), name, 0)) {
      List<LanceField> fields = r.schema().fields();
      for (int c = 0; c < 4; c++) {
        try (FieldVector v = r.read(fields.get(c), null, 0, r.numRows(), allocator)) {
          assertThat(ArrowAssert.values(v)).as("%s (2.%d)", fields.get(c).name(), minor)
              .isEqualTo(want.get(c));
        }
      }
    }
  }

  @Test
  void spareBuffersGoToTheSmallestFitAndSmallOnesAreNotKept() {
    while (PageBuffers.bytes(0) != null) { // this thread's spares from earlier tests
      // drained
    }
    byte[] small = new byte[PageBuffers.MIN_BYTES - 1];
    byte[] mid = new byte[PageBuffers.MIN_BYTES * 2];
    byte[] big = new byte[PageBuffers.MIN_BYTES * 4];
    PageBuffers.give(small);
    PageBuffers.give(big);
    PageBuffers.give(mid);
    assertThat(PageBuffers.longs(1)).isNull(); // no long[] given
    assertThat(PageBuffers.bytes(PageBuffers.MIN_BYTES + 1)).isSameAs(mid);
    assertThat(PageBuffers.bytes(PageBuffers.MIN_BYTES * 3)).isSameAs(big);
    assertThat(PageBuffers.bytes(1)).isNull(); // the small one was not kept
  }

  /**
   * Files written one after the other on one thread: the second file's columns take the first
   * file's page buffers (given back at finish, or at close after a failed write) and both
   * files read back value by value.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void consecutiveFilesReuseThePageBuffersAndReadBack(int minor) throws Exception {
    while (PageBuffers.bytes(0) != null) {
      // drained
    }
    LanceSchema ls = LanceSchema.fromArrow(SCHEMA);
    List<List<List<Object>>> wants = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      String name = "seq" + f + ".lance";
      List<List<Object>> want = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        want.add(new ArrayList<>());
      }
      V21FileWriter w = new V21FileWriter(new FileOutputStream(dir.resolve(name).toFile()), ls,
          1L << 20, name, minor);
      try {
        for (int b = 0; b < 7; b++) {
          try (VectorSchemaRoot batch = batch(8000 + 37 * b, 100 * f + b, b % 2 == 0)) {
            w.write(batch);
            List<FieldVector> vs = batch.getFieldVectors();
            for (int c = 0; c < 4; c++) {
              want.get(c).addAll(ArrowAssert.values(vs.get(c)));
            }
          }
        }
        if (f == 1) {
          w.close(); // abandoned: its buffers are given back too; nothing to read
          assertThat(PageBuffers.bytes(PageBuffers.MIN_BYTES)).as("given back at close")
              .isNotNull();
          wants.add(null);
          continue;
        }
        w.finish();
      } finally {
        w.close();
      }
      assertThat(PageBuffers.bytes(0)).as("given back at finish (file %d)", f).isNotNull();
      wants.add(want);
      if (f == 0) {
        // put it back so that file 1 and 2 find spares; the other spares are still there
        PageBuffers.give(new byte[PageBuffers.MIN_BYTES * 64]);
      }
    }
    for (int f : new int[] {0, 2}) {
      try (LanceFileReader r = LanceFileReader.open(new LocalObjectStore(dir),
          "seq" + f + ".lance", 0)) {
        List<LanceField> fields = r.schema().fields();
        for (int c = 0; c < 4; c++) {
          try (FieldVector v = r.read(fields.get(c), null, 0, r.numRows(), allocator)) {
            assertThat(ArrowAssert.values(v)).as("file %d %s (2.%d)", f,
                fields.get(c).name(), minor).isEqualTo(wants.get(f).get(c));
          }
        }
      }
    }
  }
}

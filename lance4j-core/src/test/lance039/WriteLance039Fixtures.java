// Writes the datasets under src/test/resources/lance039/ with the official Lance 0.39.0 Java SDK
// (com.lancedb:lance-core:0.39.0). Not compiled by Maven: 0.39 and 7.0.0 (the test oracle) are two
// JNI builds of Lance that cannot share a JVM, so lance4j-core's tests read what this program wrote
// (Lance039FixturesTest). To regenerate (from lance4j-core, after `mvn test-compile`):
//
//   CP=$(cat cp039.txt)   # test class path of a build that depends on com.lancedb:lance-core:0.39.0
//   javac -cp "$CP:target/test-classes" -d /tmp/gen src/test/lance039/WriteLance039Fixtures.java
//   java --add-opens=java.base/java.nio=ALL-UNNAMED -cp "/tmp/gen:$CP:target/test-classes" \
//       WriteLance039Fixtures src/test/resources/lance039
//
// Lance039FixturesTest recomputes the same rows from the same formulas and seeds.

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.testing.TestData;

public class WriteLance039Fixtures {
  static Schema simpleSchema() {
    return new Schema(List.of(TestData.notNull("id", new ArrowType.Int(64, true)),
        TestData.field("name", ArrowType.Utf8.INSTANCE),
        TestData.field("val", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
  }

  /** Rows first..first+n-1: id, name "n{id}" (null when id % 5 == 0), val id * 0.5. */
  static VectorSchemaRoot simpleRows(BufferAllocator a, long first, int n) {
    VectorSchemaRoot root = VectorSchemaRoot.create(simpleSchema(), a);
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    Float8Vector val = (Float8Vector) root.getVector("val");
    for (int i = 0; i < n; i++) {
      long v = first + i;
      id.setSafe(i, v);
      if (v % 5 == 0) {
        name.setNull(i);
      } else {
        name.setSafe(i, ("n" + v).getBytes());
      }
      val.setSafe(i, v * 0.5);
    }
    root.setRowCount(n);
    return root;
  }

  static com.lancedb.lance.WriteParams params(int maxRowsPerFile,
      com.lancedb.lance.WriteParams.WriteMode mode) {
    return new com.lancedb.lance.WriteParams.Builder().withMaxRowsPerFile(maxRowsPerFile)
        .withMode(mode).build();
  }

  static void write(BufferAllocator a, VectorSchemaRoot root, String uri, int maxRowsPerFile,
      com.lancedb.lance.WriteParams.WriteMode mode) throws Exception {
    try (ArrowReader r = new OneBatch(a, root); ArrowArrayStream s = ArrowArrayStream.allocateNew(a)) {
      Data.exportArrayStream(a, r, s);
      com.lancedb.lance.Dataset.create(a, s, uri, params(maxRowsPerFile, mode)).close();
    }
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    try (BufferAllocator a = new RootAllocator()) {
      // ops: v1 create (2 fragments of 2000), v2 added column (merge: a second data file per
      // fragment), v3 delete (arrow files), v4 delete (most of fragment 1), v5 append
      // (100 rows in a third fragment), tag "first" -> version 1
      String ops = out.resolve("ops").toString();
      try (VectorSchemaRoot rows = simpleRows(a, 0, 4000)) {
        write(a, rows, ops, 2000, com.lancedb.lance.WriteParams.WriteMode.CREATE);
      }
      try (com.lancedb.lance.Dataset ds = com.lancedb.lance.Dataset.open(ops, a)) {
        ds.addColumns(new com.lancedb.lance.schema.SqlExpressions.Builder()
            .withExpression("double_id", "id * 2").build(), Optional.empty());
      }
      try (com.lancedb.lance.Dataset ds = com.lancedb.lance.Dataset.open(ops, a)) {
        ds.delete("id % 7 = 0");
      }
      try (com.lancedb.lance.Dataset ds = com.lancedb.lance.Dataset.open(ops, a)) {
        ds.delete("id >= 2000 AND id < 3900");
      }
      try (VectorSchemaRoot more = simpleRows(a, 4000, 100)) {
        VectorSchemaRoot withDouble = more; // append needs the dataset's schema: add double_id
        BigIntVector d = new BigIntVector("double_id", a);
        d.allocateNew(100);
        for (int i = 0; i < 100; i++) {
          d.set(i, (4000L + i) * 2);
        }
        d.setValueCount(100);
        List<org.apache.arrow.vector.FieldVector> vs = new java.util.ArrayList<>(
            withDouble.getFieldVectors());
        vs.add(d);
        try (VectorSchemaRoot all = new VectorSchemaRoot(vs)) {
          all.setRowCount(100);
          write(a, all, ops, 2000, com.lancedb.lance.WriteParams.WriteMode.APPEND);
        }
      }
      try (com.lancedb.lance.Dataset ds = com.lancedb.lance.Dataset.open(ops, a)) {
        ds.tags().create("first", 1);
      }
      // types: every 2.0 type of TestData.allTypesSchema, 250 random rows (seed 3, 20% nulls)
      String types = out.resolve("types").toString();
      try (VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 250, 3, 0.2, a)) {
        write(a, root, types, 100, com.lancedb.lance.WriteParams.WriteMode.CREATE);
      }
    }
  }

  /** An ArrowReader over one root (its own copy of the data, as the FFI export needs). */
  static final class OneBatch extends ArrowReader {
    private final VectorSchemaRoot source;
    private boolean done;

    OneBatch(BufferAllocator a, VectorSchemaRoot source) {
      super(a);
      this.source = source;
    }

    @Override
    public boolean loadNextBatch() throws java.io.IOException {
      if (done) {
        return false;
      }
      done = true;
      VectorSchemaRoot mine = getVectorSchemaRoot();
      for (int c = 0; c < source.getFieldVectors().size(); c++) {
        org.apache.arrow.vector.util.TransferPair tp =
            source.getVector(c).makeTransferPair(mine.getVector(c));
        for (int i = 0; i < source.getRowCount(); i++) {
          tp.copyValueSafe(i, i);
        }
        mine.getVector(c).setValueCount(source.getRowCount());
      }
      mine.setRowCount(source.getRowCount());
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return source.getSchema();
    }
  }
}

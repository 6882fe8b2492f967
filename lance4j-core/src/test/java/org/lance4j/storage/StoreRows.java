package org.lance4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.Dataset;

/**
 * Test rows of the object store tests (every provider module): {@code id} int64 and
 * {@code name} = "row-" + id.
 */
public final class StoreRows {
  public static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("id", new ArrowType.Int(64, true)),
      Field.nullable("name", ArrowType.Utf8.INSTANCE)));

  private StoreRows() {}

  /** Rows with ids {@code start .. start+count-1}. */
  public static VectorSchemaRoot of(BufferAllocator a, long start, int count) {
    VectorSchemaRoot r = VectorSchemaRoot.create(SCHEMA, a);
    fill(r, start, count);
    return r;
  }

  /** Fills a root of {@link #SCHEMA} with ids {@code start .. start+count-1}. */
  public static void fill(VectorSchemaRoot r, long start, int count) {
    BigIntVector id = (BigIntVector) r.getVector("id");
    VarCharVector name = (VarCharVector) r.getVector("name");
    id.allocateNew(count);
    name.allocateNew((long) count * 12, count);
    for (int i = 0; i < count; i++) {
      id.set(i, start + i);
      name.setSafe(i, ("row-" + (start + i)).getBytes(StandardCharsets.UTF_8));
    }
    r.setRowCount(count);
  }

  /**
   * The name in {@code _versions/} of version {@code v}'s manifest under Lance's V2 naming (the
   * default for new datasets): {@code u64::MAX - v}, zero-padded to 20 digits.
   */
  public static String manifest(long v) {
    return String.format("%20s", Long.toUnsignedString(-1L - v)).replace(' ', '0') + ".manifest";
  }

  /** Every id in the dataset with how often it occurs; checks each name matches its id. */
  public static Map<Long, Integer> scan(Dataset ds, BufferAllocator a) throws Exception {
    Map<Long, Integer> seen = new TreeMap<>();
    try (ArrowReader reader = ds.scan(a)) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot r = reader.getVectorSchemaRoot();
        BigIntVector id = (BigIntVector) r.getVector("id");
        VarCharVector name = (VarCharVector) r.getVector("name");
        for (int i = 0; i < r.getRowCount(); i++) {
          long v = id.get(i);
          assertThat(new String(name.get(i), StandardCharsets.UTF_8)).isEqualTo("row-" + v);
          seen.merge(v, 1, Integer::sum);
        }
      }
    }
    return seen;
  }
}

package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * Issue 16, read by lance-core 7.0.0: the commits the Spark connector's streaming sink and MERGE
 * make (Spark itself cannot run in this module's JVM), made here through the same public core
 * calls in the same order: per epoch, fragments written then one Append (Overwrite for the
 * first) with idempotency key {@code spark-streaming/<query>/<epoch>}; replayed epochs whose
 * key is found commit nothing and delete their files; a copy-on-write MERGE replaces one
 * fragment with its rewritten copy in one Update. The {@code _idempotency/} markers sit in the
 * dataset directory; lance-core must still open and read it.
 */
class StreamingAndMergeCommitsInteropTest {
  static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("value", new ArrowType.Int(64, true)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE)));
  static final int ROWS = 50;

  @TempDir Path tmp;

  private static List<FragmentMetadata> write(String uri, long from, String s) {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a)) {
      BigIntVector v = (BigIntVector) root.getVector("value");
      VarCharVector t = (VarCharVector) root.getVector("s");
      for (int i = 0; i < ROWS; i++) {
        v.setSafe(i, from + i);
        t.setSafe(i, (s + (from + i)).getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(ROWS);
      return Fragments.write(uri, root, WriteOptions.defaults());
    }
  }

  /** One epoch as LanceStreamingWrite commits it; true when it committed. */
  private static boolean epoch(String uri, long e) {
    String key = "spark-streaming/q-1/" + e;
    List<FragmentMetadata> frags = write(uri, e * ROWS, "v");
    if (Dataset.findIdempotentCommit(uri, key, 0).isPresent()) {
      Fragments.abort(uri, frags, org.lance4j.StorageOptions.empty());
      return false;
    }
    long read = e == 0 ? 0 : Dataset.open(uri).version();
    Operation op = e == 0 ? new Operation.Overwrite(LanceSchema.fromArrow(SCHEMA), frags)
        : new Operation.Append(frags);
    Dataset.commit(uri, op, read, CommitOptions.builder().idempotencyKey(key).build()).close();
    return true;
  }

  @Test
  void lanceCore7ReadsAStreamedAndMergedTableWithEachRowOnce() throws Exception {
    String uri = tmp.resolve("stream.lance").toString();
    for (long e = 0; e < 10; e++) {
      assertThat(epoch(uri, e)).isTrue();
    }
    // a restarted query replays epochs 4 and 9: found by key, nothing committed
    assertThat(epoch(uri, 4)).isFalse();
    assertThat(epoch(uri, 9)).isFalse();
    assertThat(Dataset.findIdempotentCommit(uri, "spark-streaming/q-1/4", 0))
        .isEqualTo(OptionalLong.of(5));
    assertThat(Files.isDirectory(tmp.resolve("stream.lance").resolve("_idempotency"))).isTrue();
    // copy-on-write MERGE: the fragment of epoch 2 is rewritten with updated rows
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.version()).isEqualTo(10);
      FragmentMetadata f2 = ds.fragments().get(2).metadata();
      List<FragmentMetadata> rewritten = write(uri, 2 * ROWS, "updated");
      Dataset.commit(uri, new Operation.Update(List.of(f2.id()), List.of(), rewritten,
          List.of()), ds.version()).close();
    }
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, List<Object>> rows = LanceCore7.scan(a, uri, null);
      List<Object> values = rows.get("value");
      assertThat(values).hasSize(10 * ROWS);
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < values.size(); i++) {
        long v = ((Number) values.get(i)).longValue();
        assertThat(seen.add(v)).as("value %d once", v).isTrue();
        String s = String.valueOf(rows.get("s").get(i));
        assertThat(s).isEqualTo((v >= 2 * ROWS && v < 3 * ROWS ? "updated" : "v") + v);
      }
      assertThat(seen).hasSize(10 * ROWS).contains(0L, 10L * ROWS - 1);
      try (org.lance.Dataset core = org.lance.Dataset.open(uri, a)) {
        assertThat(core.version()).isEqualTo(11);
        assertThat(core.countRows()).isEqualTo(10 * ROWS);
      }
    }
  }
}

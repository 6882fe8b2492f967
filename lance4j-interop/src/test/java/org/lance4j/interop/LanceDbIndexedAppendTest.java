package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * Issue 11's distributed write on a table LanceDB 0.39 (Lance 12, file format 2.2) created with
 * a vector index (IVF_FLAT) and a scalar index (BTREE): lance4j workers append rows in one
 * commit, then lance4j adds a column (a Merge commit); after each, LanceDB still answers vector
 * searches and id lookups, finds the new rows, and reports them as not yet indexed
 * ({@code src/test/node/vector_index.mjs} creates and queries the table).
 */
class LanceDbIndexedAppendTest {
  static final int DIM = 16;
  static final int ROWS = 2000; // what vector_index.mjs writes
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** Row i's vector; the same formula as vectorOf in vector_index.mjs. */
  static float[] vectorOf(long i) {
    float[] v = new float[DIM];
    for (int j = 0; j < DIM; j++) {
      v[j] = (float) (((i * 7919 + j * 104729L) % 100003) / 100.0);
    }
    return v;
  }

  static List<FragmentMetadata> lance4jWorker(String uri, Schema schema, long from, long to) {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
      IndexedTableInteropTest.fillVectors(root, "vector", from, to,
          LanceDbIndexedAppendTest::vectorOf);
      return Fragments.write(uri, root, WriteOptions.builder().mode(WriteOptions.Mode.APPEND)
          .build());
    }
  }

  static JsonNode query(Path db, long... ids) throws Exception {
    StringBuilder arg = new StringBuilder();
    for (long id : ids) {
      arg.append(arg.length() == 0 ? "" : ",").append(id);
    }
    String out = LanceDbScript.run("vector_index.mjs", "query", db.toString(), arg.toString());
    return JSON.readTree(LanceDbScript.jsonLine(out));
  }

  static JsonNode result(JsonNode q, long id) {
    for (JsonNode r : q.get("results")) {
      if (r.get("id").asLong() == id) {
        return r;
      }
    }
    throw new AssertionError("no result for id " + id + " in " + q);
  }

  static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }

  /** Both indices are there, covering the original rows only; {@code unindexed} rows are not. */
  static void assertIndices(JsonNode q, long unindexed) {
    JsonNode stats = q.get("stats");
    assertThat(stats.has("vector_idx")).as("vector index listed: %s", q.get("indices")).isTrue();
    assertThat(stats.get("vector_idx").get("indexType").asText()).isEqualTo("IVF_FLAT");
    assertThat(stats.get("id_idx").get("indexType").asText()).isEqualTo("BTREE");
    for (String ix : List.of("vector_idx", "id_idx")) {
      assertThat(stats.get(ix).get("numIndexedRows").asLong()).as(ix + " indexed rows")
          .isEqualTo(ROWS);
      assertThat(stats.get(ix).get("numUnindexedRows").asLong()).as(ix + " unindexed rows")
          .isEqualTo(unindexed);
    }
  }

  @Test
  void lanceDbStillSearchesItsIndexedTableAfterLance4jAppendsAndAddsAColumn() throws Exception {
    Path db = tmp.resolve("lancedb");
    LanceDbScript.run("vector_index.mjs", "create", db.toString());
    String uri = db.resolve("indexed.lance").toString();

    List<FragmentMetadata> frags = new ArrayList<>();
    long readVersion;
    Schema schema;
    try (Dataset ds = Dataset.open(uri)) {
      assertThat(ds.countRows()).isEqualTo(ROWS);
      assertThat(ds.info().dataStorageVersion()).isEqualTo("2.2");
      readVersion = ds.version();
      schema = ds.schema();
    }
    // two workers, one commit
    frags.addAll(lance4jWorker(uri, schema, ROWS, ROWS + 150));
    frags.addAll(lance4jWorker(uri, schema, ROWS + 150, ROWS + 300));
    try (Dataset ds = Dataset.commit(uri, new Operation.Append(frags), readVersion)) {
      assertThat(ds.version()).isEqualTo(readVersion + 1);
      assertThat(ds.countRows()).isEqualTo(ROWS + 300);
    }

    long[] probe = {5, 1500, ROWS + 5, ROWS + 299};
    JsonNode q = query(db, probe);
    assertThat(q.get("rows").asLong()).isEqualTo(ROWS + 300);
    assertIndices(q, 300);
    for (long id : probe) {
      JsonNode r = result(q, id);
      assertThat(longs(r.get("nearest"))).as("nearest row to row %d's vector", id)
          .containsExactly(id);
      assertThat(r.get("distance").get(0).asDouble()).isEqualTo(0.0);
      assertThat(longs(r.get("whereId"))).as("id = %d through the BTREE index", id)
          .containsExactly(id);
      List<Long> indexOnly = longs(r.get("nearestIndexOnly"));
      if (id < ROWS) { // the index alone finds the original rows...
        assertThat(indexOnly).as("index-only search for row %d", id).containsExactly(id);
      } else { // ...and knows nothing of lance4j's rows: they are searched flat
        assertThat(indexOnly).as("index-only search for new row %d", id).hasSize(1)
            .allMatch(x -> x < ROWS);
      }
    }

    // lance4j adds a column to every fragment (Merge): the indices over id and vector stay
    try (Dataset ds = Dataset.open(uri);
        Dataset merged = ds.addColumns(Map.of("twice", "id * 2"))) {
      assertThat(merged.version()).isEqualTo(readVersion + 2);
    }
    JsonNode after = query(db, probe);
    assertThat(after.get("rows").asLong()).isEqualTo(ROWS + 300);
    assertIndices(after, 300);
    for (long id : probe) {
      assertThat(longs(result(after, id).get("nearest"))).containsExactly(id);
      assertThat(longs(result(after, id).get("whereId"))).containsExactly(id);
    }
    try (BufferAllocator a = new RootAllocator()) {
      assertThat(LanceCore7.countRows(a, uri)).isEqualTo(ROWS + 300);
    }
  }
}

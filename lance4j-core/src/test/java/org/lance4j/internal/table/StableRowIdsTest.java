package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitOptions;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.WriteOptions;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.TableProtos;

/** Stable row ids written by lance4j: assignment, and _rowid through delete, compact, update. */
class StableRowIdsTest {
  @TempDir Path dir;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("v", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  static List<FragmentMetadata> write(String uri, long from, long to, WriteOptions.Mode mode) {
    return write(uri, from, to, mode, WriteOptions.defaultDataStorageVersion());
  }

  /** As {@link #write(String, long, long, WriteOptions.Mode)} in file format {@code version}. */
  static List<FragmentMetadata> write(String uri, long from, long to, WriteOptions.Mode mode,
      String version) {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a)) {
      root.allocateNew();
      for (int i = 0; i < to - from; i++) {
        ((BigIntVector) root.getVector(0)).setSafe(i, from + i);
        ((BigIntVector) root.getVector(1)).setSafe(i, 10 * (from + i));
      }
      root.setRowCount((int) (to - from));
      return Fragments.write(uri, root, WriteOptions.builder().mode(mode).maxRowsPerFile(100)
          .dataStorageVersion(version).build());
    }
  }

  /** id -> [_rowid, v] of every row, lance4j's scan. */
  static Map<Long, long[]> rowIds(String uri) throws Exception {
    Map<Long, long[]> out = new TreeMap<>();
    try (BufferAllocator a = new RootAllocator(); Dataset ds = Dataset.open(uri);
        ArrowReader r = ds.scan(a, ScanOptions.builder().withRowId(true).build())) {
      while (r.loadNextBatch()) {
        VectorSchemaRoot root = r.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          out.put(((BigIntVector) root.getVector("id")).get(i), new long[] {
              ((UInt8Vector) root.getVector("_rowid")).get(i),
              ((BigIntVector) root.getVector("v")).get(i)});
        }
      }
    }
    return out;
  }

  static TableProtos.Manifest manifest(String uri) {
    return Versions.loadLatest(new LocalObjectStore(Path.of(uri)), uri).manifest();
  }

  @Test
  void rowIdsAreAssignedAndSurviveDeleteCompactAndUpdate() throws Exception {
    String uri = dir.resolve("stable.lance").toString();
    List<FragmentMetadata> first = write(uri, 0, 250, WriteOptions.Mode.CREATE);
    Dataset.commit(uri, new Operation.Overwrite(SCHEMA, first), 0,
        CommitOptions.builder().enableStableRowIds(true).build()).close();
    TableProtos.Manifest m1 = manifest(uri);
    assertThat(m1.getReaderFeatureFlags() & 2).isEqualTo(2);
    assertThat(m1.getWriterFeatureFlags() & 2).isEqualTo(2);
    assertThat(m1.getNextRowId()).isEqualTo(250);
    TableProtos.DataFragment f0 = m1.getFragments(0);
    assertThat(f0.hasInlineRowIds()).isTrue();
    assertThat(RowIds.versions(f0.getInlineCreatedAtVersions(), f0.getPhysicalRows(), "t"))
        .containsOnly(1L);
    Map<Long, long[]> v1 = rowIds(uri);
    for (long i = 0; i < 250; i++) {
      assertThat(v1.get(i)[0]).isEqualTo(i);
    }
    Dataset.commit(uri, new Operation.Append(write(uri, 250, 400, WriteOptions.Mode.APPEND)), 1)
        .close();
    assertThat(manifest(uri).getNextRowId()).isEqualTo(400);
    try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("id % 3 = 0")) {
      assertThat(d.countRows()).isEqualTo(266);
    }
    Map<Long, long[]> before = rowIds(uri);
    assertThat(before).hasSize(266);
    before.forEach((id, rv) -> assertThat(rv[0]).isEqualTo(id));
    try (Dataset ds = Dataset.open(uri);
        Dataset c = ds.compact(new CompactionOptions(1000, true, 0.01))) {
      assertThat(c.fragments()).hasSize(1);
    }
    Map<Long, long[]> compacted = rowIds(uri);
    assertThat(compacted.keySet()).isEqualTo(before.keySet());
    compacted.forEach((id, rv) -> assertThat(rv[0]).isEqualTo(id));
    TableProtos.DataFragment c0 = manifest(uri).getFragments(0);
    long[] created = RowIds.createdAt(c0, uri);
    assertThat(created[0]).isEqualTo(1); // row 1 came with version 1
    assertThat(created[created.length - 1]).isEqualTo(2); // row 399 with version 2
    long nextBefore = manifest(uri).getNextRowId();
    try (Dataset ds = Dataset.open(uri);
        Dataset u = ds.update(Map.of("v", "v + 1"), "id >= 100 AND id < 110")) {
      assertThat(u.countRows()).isEqualTo(266);
    }
    Map<Long, long[]> updated = rowIds(uri);
    updated.forEach((id, rv) -> {
      assertThat(rv[0]).as("row id of %s", id).isEqualTo(id);
      assertThat(rv[1]).isEqualTo(id >= 100 && id < 110 ? 10 * id + 1 : 10 * id);
    });
    TableProtos.Manifest mu = manifest(uri);
    assertThat(mu.getNextRowId()).isEqualTo(nextBefore);
    TableProtos.DataFragment nf = mu.getFragments(mu.getFragmentsCount() - 1);
    assertThat(RowIds.lastUpdatedAt(nf, uri)).containsOnly(mu.getVersion());
    assertThat(RowIds.createdAt(nf, uri)).containsOnly(1L);
    // stable row ids cannot be switched on later
    String plain = dir.resolve("plain.lance").toString();
    Dataset.commit(plain, new Operation.Overwrite(SCHEMA, write(plain, 0, 10,
        WriteOptions.Mode.CREATE)), 0).close();
    assertThatThrownBy(() -> Dataset.commit(plain, new Operation.Append(write(plain, 10, 20,
        WriteOptions.Mode.APPEND)), 1, CommitOptions.builder().enableStableRowIds(true).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("stable row ids");
    assertThat(manifest(plain).getReaderFeatureFlags() & 2).isZero();
  }

  @Test
  void everySegmentKindDecodes() {
    long[] ids = {5, 6, 7, 9, 12, 100};
    assertThat(RowIds.decode(RowIds.encode(ids).toByteArray(), "t")).containsExactly(ids);
    long[] runs = new long[300];
    for (int i = 0; i < 300; i++) {
      runs[i] = i < 150 ? i : 1000 + i;
    }
    assertThat(RowIds.decode(RowIds.encode(runs).toByteArray(), "t")).containsExactly(runs);
    long[] unsorted = {9, 3, 1L << 40, 2};
    assertThat(RowIds.decode(RowIds.encode(unsorted).toByteArray(), "t"))
        .containsExactly(unsorted);
    TableProtos.RowIdSequence seq = TableProtos.RowIdSequence.newBuilder()
        .addSegments(TableProtos.U64Segment.newBuilder().setRangeWithHoles(
            TableProtos.U64Segment.RangeWithHoles.newBuilder().setStart(10).setEnd(15)
                .setHoles(TableProtos.EncodedU64Array.newBuilder().setU32Array(
                    TableProtos.EncodedU64Array.U32Array.newBuilder().setBase(11)
                        .setOffsets(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 2, 0, 0, 0}))))))
        .addSegments(TableProtos.U64Segment.newBuilder().setRangeWithBitmap(
            TableProtos.U64Segment.RangeWithBitmap.newBuilder().setStart(20).setEnd(30)
                .setBitmap(ByteString.copyFrom(new byte[] {(byte) 0b1000_0101, 0b10}))))
        .build();
    assertThat(RowIds.decode(seq.toByteArray(), "t"))
        .containsExactly(10, 12, 14, 20, 22, 27, 29);
    assertThat(RowIds.decode(RowIds.encode(new long[0]).toByteArray(), "t")).isEmpty();
    long[] versions = {3, 3, 3, 4, 3};
    assertThat(RowIds.versions(RowIds.encodeVersions(versions), 5, "t"))
        .containsExactly(versions);
  }
}

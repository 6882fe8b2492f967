package org.lance4j.internal.table;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.ColumnTransform;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.ScanOptions;

/** Shared pieces of the add-columns / drop / compact / cleanup tests. */
final class DataOpsSupport {
  private DataOpsSupport() {}

  static final Schema PEOPLE = new Schema(List.of(
      new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
      new Field("age", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  /** The guide's dataset: 6 people in 2 fragments of 3, written by lance4j (version 1). */
  static void createPeople(String uri, BufferAllocator a) throws Exception {
    String[] names = {"alice", "bob", "charlie", "craig", "dave", "eve"};
    long[] ages = {25, 33, 44, 55, 66, 77};
    try (VectorSchemaRoot root = VectorSchemaRoot.create(PEOPLE, a)) {
      VarCharVector n = (VarCharVector) root.getVector(0);
      BigIntVector g = (BigIntVector) root.getVector(1);
      for (int i = 0; i < names.length; i++) {
        n.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
        g.setSafe(i, ages[i]);
      }
      root.setRowCount(names.length);
      try (org.apache.arrow.vector.ipc.ArrowReader r = DataPathOracle.readerOf(root, 3, a)) {
        DataPathOracle.createWithLance4j(uri, r, 3).close();
      }
    }
  }

  /** The guide's user function: UTF-8 length of "name" as int32 "name_len". */
  static final ColumnTransform NAME_LEN = (batch, alloc) -> {
    VarCharVector names = (VarCharVector) batch.getVector("name");
    IntVector len = new IntVector("name_len", alloc);
    len.allocateNew(batch.getRowCount());
    for (int i = 0; i < batch.getRowCount(); i++) {
      if (names.isNull(i)) {
        len.setNull(i);
      } else {
        len.set(i, names.get(i).length);
      }
    }
    len.setValueCount(batch.getRowCount());
    return VectorSchemaRoot.of(len);
  };

  /** lance-core's view of a fragment, deletion file included. */
  static org.lance.FragmentMetadata theirs(FragmentMetadata f) {
    org.lance.FragmentMetadata noDel = LanceCore.toTheirs(f);
    DeletionFile d = f.deletionFile();
    if (d == null) {
      return noDel;
    }
    org.lance.fragment.DeletionFile del = new org.lance.fragment.DeletionFile(
        d.id(), d.readVersion(), d.numDeletedRows(),
        d.fileType() == DeletionFile.Type.BITMAP
            ? org.lance.fragment.DeletionFileType.BITMAP
            : org.lance.fragment.DeletionFileType.ARRAY, d.baseId());
    return new org.lance.FragmentMetadata((int) f.id(), noDel.getFiles(),
        f.physicalRows(), del, null);
  }

  static List<org.lance.FragmentMetadata> theirs(List<FragmentMetadata> fs) {
    List<org.lance.FragmentMetadata> out = new ArrayList<>();
    fs.forEach(f -> out.add(theirs(f)));
    return out;
  }

  /** Commits a Merge of our fragments with lance-core (the oracle's committer). */
  static void lanceCoreMerge(String uri, BufferAllocator a, List<FragmentMetadata> fragments,
      Schema schema, long readVersion) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      try (org.lance.SourcedTransaction t = ds.newTransactionBuilder().readVersion(readVersion)
          .operation(org.lance.operation.Merge.builder().fragments(theirs(fragments))
              .schema(schema).build())
          .build()) {
        ds.commitTransaction(t.transaction()).close();
      }
    }
  }

  static Map<String, List<Object>> lanceCoreScan(BufferAllocator a, String uri)
      throws Exception {
    return DataPathOracle.scanAll(a, uri);
  }

  static Map<String, List<Object>> ourScan(BufferAllocator a, String uri) throws Exception {
    return DataPathOracle.lance4jScan(a, uri, ScanOptions.defaults());
  }

  static Map<String, List<Object>> guideExpected() {
    Map<String, List<Object>> m = new java.util.LinkedHashMap<>();
    m.put("name", List.of("alice", "bob", "charlie", "craig", "dave", "eve"));
    m.put("age", List.of(25L, 33L, 44L, 55L, 66L, 77L));
    m.put("name_len", List.of(5, 3, 7, 5, 4, 3));
    return m;
  }
}

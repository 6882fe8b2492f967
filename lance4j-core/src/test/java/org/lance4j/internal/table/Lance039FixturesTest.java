package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.OpenOptions;
import org.lance4j.ScanOptions;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.FileProtos;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/**
 * Datasets written by Lance 0.39.0 ({@code com.lancedb:lance-core:0.39.0}, the last release under
 * that groupId): their manifests (V1 names, no V2 fields), transaction files, deletion files and
 * 2.0 data files must keep opening in lance4j. The two JNI builds of Lance cannot share a JVM, so
 * the datasets are checked in under {@code resources/lance039}, written by
 * {@code src/test/lance039/WriteLance039Fixtures.java}; rows are recomputed here from the same
 * formulas and seeds, and lance-core 7.0.0 (the oracle) reads the same datasets.
 */
class Lance039FixturesTest {
  @TempDir Path tmp;

  /** A private copy of a fixture dataset (lance4j may commit on top of it). */
  private Path copy(String name) throws IOException, URISyntaxException {
    Path src = Path.of(getClass().getResource("/lance039/" + name).toURI());
    Path dst = tmp.resolve(name);
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : all.toList()) {
        Path to = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return dst;
  }

  /** The rows of the "ops" dataset at {@code version}, in scan order, from the generator's rules. */
  static Map<String, List<Object>> opsRows(int version) {
    Map<String, List<Object>> m = new LinkedHashMap<>();
    for (String c : version >= 2 ? List.of("id", "name", "val", "double_id")
        : List.of("id", "name", "val")) {
      m.put(c, new ArrayList<>());
    }
    long end = version >= 5 ? 4100 : 4000;
    for (long id = 0; id < end; id++) {
      boolean deleted = id < 4000 && ((version >= 3 && id % 7 == 0)
          || (version >= 4 && id >= 2000 && id < 3900));
      if (deleted) {
        continue;
      }
      m.get("id").add(id);
      m.get("name").add(id % 5 == 0 ? null : "n" + id);
      m.get("val").add(id * 0.5);
      if (version >= 2) {
        m.get("double_id").add(id * 2);
      }
    }
    return m;
  }

  @Test
  void everyVersionOfA039DatasetReadsAsWrittenAndAsLanceCore7ReadsIt() throws Exception {
    Path dir = copy("ops");
    String uri = dir.toString();
    LocalObjectStore store = new LocalObjectStore(dir);
    try (BufferAllocator a = new RootAllocator()) {
      Snapshot s = Versions.loadLatest(store, uri);
      assertThat(s.version()).isEqualTo(5);
      assertThat(s.manifestPath()).isEqualTo("_versions/5.manifest");
      assertThat(ManifestNaming.schemeOf(s.manifestPath())).isEqualTo(ManifestNaming.Scheme.V1);
      assertThat(s.manifest().getWriterVersion().getLibrary()).isEqualTo("lance");
      assertThat(s.manifest().getWriterVersion().getVersion()).isEqualTo("0.39.0");
      assertThat(s.fragments()).extracting(FragmentMetadata::id).containsExactly(0L, 1L, 2L);
      assertThat(s.fragment(0).files()).hasSize(2);
      assertThat(s.fragment(0).files().get(0).fileMajorVersion()).isEqualTo(2);
      assertThat(s.fragment(0).files().get(0).fileMinorVersion()).isEqualTo(0);
      assertThat(s.fragment(1).deletionFile().fileType())
          .isEqualTo(DeletionFile.Type.ARROW_ARRAY);
      long deleted1 = 2000 - opsRows(5).get("id").stream()
          .filter(id -> (Long) id >= 2000 && (Long) id < 4000).count();
      assertThat(s.fragment(1).deletionFile().numDeletedRows()).isEqualTo(deleted1);
      assertThat(s.schema().field("double_id").id()).isEqualTo(3);
      List<Transactions.Kind> kinds = new ArrayList<>();
      for (long v = 1; v <= 5; v++) {
        kinds.add(Transactions.kind(Transactions.of(Versions.load(store, uri, v))));
      }
      assertThat(kinds).containsExactly(Transactions.Kind.OVERWRITE, Transactions.Kind.MERGE,
          Transactions.Kind.DELETE, Transactions.Kind.DELETE, Transactions.Kind.APPEND);
      for (int v = 1; v <= 5; v++) {
        ArrowAssert.assertSameColumns(opsRows(v), DataPathOracle.lance4jScanAt(a, uri, v));
      }
      try (org.lance4j.Dataset ds = org.lance4j.Dataset.open(uri,
          OpenOptions.builder().tag("first").build())) {
        assertThat(ds.version()).isEqualTo(1);
        assertThat(ds.countRows()).isEqualTo(4000);
      }
      ManifestReadInteropTest.assertSameAsLanceCore(dir, a);
      ArrowAssert.assertSameColumns(DataPathOracle.scanAll(a, uri), opsRows(5));
    }
  }

  @Test
  void lance4jCommitsOnTopOfA039DatasetAndLanceCore7ReadsIt() throws Exception {
    Path dir = copy("ops");
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator()) {
      try (org.lance4j.Dataset ds = org.lance4j.Dataset.open(uri)) {
        ds.delete("id < 100").close(); // merges with 0.39's deletion file of fragment 0
      }
      long[] ids = {5000, 5001, 5002};
      try (VectorSchemaRoot more = ManifestReadInteropTest.simpleRows(a, 5000, ids.length);
          BigIntVector d = new BigIntVector("double_id", a)) {
        d.allocateNew(ids.length);
        for (int i = 0; i < ids.length; i++) {
          d.set(i, ids[i] * 2);
        }
        d.setValueCount(ids.length);
        List<org.apache.arrow.vector.FieldVector> vs = new ArrayList<>(more.getFieldVectors());
        vs.add(d);
        VectorSchemaRoot all = new VectorSchemaRoot(vs);
        all.setRowCount(ids.length);
        try (ArrowReader r = DataPathOracle.readerOf(all, ids.length, a)) {
          List<FragmentMetadata> frags = org.lance4j.Fragments.write(uri, r,
              org.lance4j.WriteOptions.builder().dataStorageVersion("2.0").build());
          org.lance4j.Dataset.commit(uri, new Operation.Append(frags), 6).close();
        }
      }
      Snapshot s = Versions.loadLatest(new LocalObjectStore(dir), uri);
      assertThat(s.version()).isEqualTo(7);
      assertThat(s.manifestPath()).isEqualTo("_versions/7.manifest");
      Map<String, List<Object>> expected = opsRows(5);
      Map<String, List<Object>> want = new LinkedHashMap<>();
      expected.forEach((k, v) -> want.put(k, new ArrayList<>()));
      for (int i = 0; i < expected.get("id").size(); i++) {
        if ((Long) expected.get("id").get(i) >= 100) {
          for (String k : expected.keySet()) {
            want.get(k).add(expected.get(k).get(i));
          }
        }
      }
      for (long id : ids) {
        want.get("id").add(id);
        want.get("name").add(id % 5 == 0 ? null : "n" + id);
        want.get("val").add(id * 0.5);
        want.get("double_id").add(id * 2);
      }
      ArrowAssert.assertSameColumns(want,
          DataPathOracle.lance4jScan(a, uri, ScanOptions.defaults()));
      ArrowAssert.assertSameColumns(want, DataPathOracle.scanAll(a, uri));
      ManifestReadInteropTest.assertSameAsLanceCore(dir, a);
    }
  }

  @Test
  void allTypesDatasetOf039ReadsValueByValue() throws Exception {
    Path dir = copy("types");
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = TestData.random(TestData.allTypesSchema(), 250, 3, 0.2, a)) {
      Snapshot s = Versions.loadLatest(new LocalObjectStore(dir), uri);
      assertThat(s.fragments()).extracting(FragmentMetadata::physicalRows)
          .containsExactly(100L, 100L, 50L);
      assertThat(s.schema().toArrow()).isEqualTo(root.getSchema());
      ArrowAssert.assertSameColumns(ArrowAssert.columns(root),
          DataPathOracle.lance4jScan(a, uri, ScanOptions.builder().batchSize(33).build()));
      ArrowAssert.assertSameColumns(ArrowAssert.columns(root), DataPathOracle.scanAll(a, uri));
      ManifestReadInteropTest.assertSameAsLanceCore(dir, a);
      // 0.39's 2.0 files record storage_class "default" on every field of their schema, as
      // lance4j's 2.0 writer does (LanceFileWriterTest.assertSameFileAsLance)
      for (FragmentMetadata f : s.fragments()) {
        FileProtos.FileDescriptor fd = schemaOf(dir.resolve("data").resolve(
            f.files().get(0).path()));
        assertThat(fd.getSchema().getFieldsList()).isNotEmpty()
            .allSatisfy(x -> assertThat(x.getStorageClass()).isEqualTo("default"));
      }
    }
  }

  /** The schema (global buffer 0) of a 2.0 data file. */
  static FileProtos.FileDescriptor schemaOf(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bb.getShort(b.length - 8)).as("major version").isEqualTo((short) 0);
    assertThat(bb.getShort(b.length - 6)).as("minor version").isEqualTo((short) 3);
    int gbo = (int) bb.getLong(b.length - 24);
    int pos = (int) bb.getLong(gbo);
    int len = (int) bb.getLong(gbo + 8);
    return FileProtos.FileDescriptor.parseFrom(java.util.Arrays.copyOfRange(b, pos, pos + len));
  }
}

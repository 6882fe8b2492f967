package org.lance4j.internal.table;

import org.lance4j.CleanupStats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;
import org.lance4j.testing.ArrowAssert;
import org.lance4j.testing.TestData;

/** cleanupOldVersions: old manifests and their files go; the latest and young files stay. */
class CleanupTest {
  @TempDir Path tmp;

  static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private static List<FragmentMetadata> write(String uri, BufferAllocator a, long seed,
      WriteOptions.Mode mode) throws Exception {
    try (VectorSchemaRoot root = TestData.random(SCHEMA, 2500, seed, 0.1, a);
        ArrowReader r = DataPathOracle.readerOf(root, 1000, a)) {
      return Fragments.write(uri, r, WriteOptions.builder().maxRowsPerFile(1000).mode(mode)
          .build());
    }
  }

  private static Set<String> names(Path dir) throws Exception {
    Set<String> out = new HashSet<>();
    if (Files.isDirectory(dir)) {
      try (var s = Files.list(dir)) {
        s.forEach(p -> out.add(p.getFileName().toString()));
      }
    }
    return out;
  }

  /**
   * v1 create, v2 append, v3 lance-core delete, v4 overwrite, v5 lance-core delete: versions 1-4
   * and their files are garbage once old enough.
   */
  private String history(BufferAllocator a) throws Exception {
    String uri = tmp.resolve("ds").toString();
    Dataset.commit(uri, new Operation.Overwrite(SCHEMA,
        write(uri, a, 1, WriteOptions.Mode.CREATE)), 0, org.lance4j.CommitOptions.builder().enableV2ManifestPaths(false).build()).close();
    Dataset.commit(uri, new Operation.Append(write(uri, a, 2, WriteOptions.Mode.APPEND)), 1)
        .close();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      ds.delete("id % 3 = 0");
    }
    Dataset.commit(uri, new Operation.Overwrite(SCHEMA,
        write(uri, a, 3, WriteOptions.Mode.OVERWRITE)), 3).close();
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      ds.delete("id % 5 = 0");
    }
    return uri;
  }

  @Test
  void removesOldVersionsAndOrphansButKeepsLatestAndYoungFiles() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = history(a);
      Path root = tmp.resolve("ds");
      Map<String, List<Object>> latestBefore = DataOpsSupport.lanceCoreScan(a, uri);
      Instant now = Instant.now().plus(Duration.ofHours(2));
      // orphans: one old (as if a crashed writer left it long ago), some young (a writer busy now)
      Files.write(root.resolve("data/0000old-orphan.lance"), new byte[10]);
      Files.write(root.resolve("data/young-orphan.lance"), new byte[10]);
      Files.write(root.resolve("_transactions/9-young.txn"), new byte[3]);
      Files.write(root.resolve("_deletions/0-9-9.arrow"), new byte[3]);
      FileTime young = FileTime.from(now.minus(Duration.ofMinutes(10)));
      Files.setLastModifiedTime(root.resolve("data/young-orphan.lance"), young);
      Files.setLastModifiedTime(root.resolve("_transactions/9-young.txn"), young);
      Files.setLastModifiedTime(root.resolve("_deletions/0-9-9.arrow"), young);

      Set<String> keepData = new HashSet<>();
      Set<String> keepDeletions = new HashSet<>();
      String keepTxn;
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(5);
        for (FragmentMetadata f : TestSnapshots.of(ds).fragments()) {
          f.files().forEach(d -> keepData.add(d.path()));
        }
        for (FragmentMetadata f : TestSnapshots.of(ds).fragments()) {
          keepDeletions.add(f.deletionFile().path(f.id()).substring("_deletions/".length()));
        }
        keepTxn = TestSnapshots.of(ds).manifest().getTransactionFile();
      }
      Set<String> dataBefore = names(root.resolve("data"));
      Set<String> delBefore = names(root.resolve("_deletions"));
      Set<String> txnBefore = names(root.resolve("_transactions"));

      CleanupStats stats;
      try (Dataset ds = Dataset.open(uri)) {
        stats = Cleanup.cleanupOldVersions(TestSnapshots.of(ds), Duration.ofHours(1), now);
      }
      assertThat(names(root.resolve("_versions"))).containsExactlyInAnyOrder("5.manifest",
          "latest_version_hint.json");
      Set<String> expectData = new HashSet<>(keepData);
      expectData.add("young-orphan.lance");
      assertThat(names(root.resolve("data"))).isEqualTo(expectData);
      keepDeletions.add("0-9-9.arrow");
      assertThat(names(root.resolve("_deletions"))).isEqualTo(keepDeletions);
      assertThat(names(root.resolve("_transactions"))).containsExactlyInAnyOrder(keepTxn,
          "9-young.txn");
      assertThat(stats.manifestsRemoved()).isEqualTo(4);
      assertThat(stats.dataFilesRemoved()).isEqualTo(dataBefore.size() - expectData.size());
      assertThat(stats.deletionFilesRemoved()).isEqualTo(delBefore.size() - keepDeletions.size());
      assertThat(stats.deletionFilesRemoved()).isEqualTo(6); // v3 deleted from 6 fragments
      assertThat(stats.transactionFilesRemoved()).isEqualTo(txnBefore.size() - 2);
      assertThat(stats.dataFilesRemoved()).isEqualTo(3 + 3 + 1);
      assertThat(stats.bytesRemoved()).isPositive();

      ArrowAssert.assertSameColumns(latestBefore, DataOpsSupport.lanceCoreScan(a, uri));
      ArrowAssert.assertSameColumns(latestBefore, DataOpsSupport.ourScan(a, uri));
      assertThatThrownBy(() -> Dataset.open(uri, 2)).isInstanceOf(DatasetNotFoundException.class);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        assertThat(ds.version()).isEqualTo(5);
        assertThat(ds.countRows()).isEqualTo(latestBefore.get("id").size());
      }
    }
  }

  @Test
  void youngVersionsAreKept() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = history(a);
      Set<String> data = names(tmp.resolve("ds/data"));
      try (Dataset ds = Dataset.open(uri)) {
        CleanupStats stats = ds.cleanupOldVersions(Duration.ofHours(1));
        assertThat(stats).isEqualTo(new CleanupStats(0, 0, 0, 0, 0));
        assertThatThrownBy(() -> ds.cleanupOldVersions(Duration.ofSeconds(-1)))
            .isInstanceOf(InvalidInputException.class);
      }
      assertThat(names(tmp.resolve("ds/data"))).isEqualTo(data);
      try (Dataset v2 = Dataset.open(uri, 2)) {
        assertThat(v2.countRows()).isEqualTo(5000);
      }
    }
  }

  @Test
  void heldOlderVersionAndNewerOnesAreKept() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = history(a);
      Instant now = Instant.now().plus(Duration.ofHours(2));
      try (Dataset v4 = Dataset.open(uri, 4)) {
        CleanupStats stats = Cleanup.cleanupOldVersions(TestSnapshots.of(v4), Duration.ofHours(1), now);
        assertThat(stats.manifestsRemoved()).isEqualTo(3);
      }
      assertThat(names(tmp.resolve("ds/_versions")))
          .containsExactlyInAnyOrder("4.manifest", "5.manifest", "latest_version_hint.json");
      try (Dataset v4 = Dataset.open(uri, 4)) {
        for (FragmentMetadata f : TestSnapshots.of(v4).fragments()) {
          for (DataFile d : f.files()) {
            assertThat(tmp.resolve("ds/data/" + d.path())).exists();
          }
        }
      }
      ArrowAssert.assertSameColumns(DataOpsSupport.lanceCoreScan(a, uri),
          DataOpsSupport.ourScan(a, uri));
    }
  }
}

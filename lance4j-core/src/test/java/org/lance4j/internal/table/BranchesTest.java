package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Branch;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.DatasetAlreadyExistsException;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.TableProtos;

/** Branches written and committed to by lance4j (layout of lance-core 7.0.0; interop in lance4j-interop). */
class BranchesTest {
  @TempDir Path dir;

  @Test
  void branchReadsItsParentsFilesAndTakesCommitsOfItsOwn() throws Exception {
    String uri = dir.resolve("main.lance").toString();
    Dataset.commit(uri, new Operation.Overwrite(StableRowIdsTest.SCHEMA, StableRowIdsTest.write(
        uri, 0, 300, WriteOptions.Mode.CREATE)), 0).close();
    Dataset.commit(uri, new Operation.Append(StableRowIdsTest.write(uri, 300, 400,
        WriteOptions.Mode.APPEND)), 1).close();
    try (Dataset main = Dataset.open(uri); Dataset dev = main.createBranch("dev")) {
      assertThat(dev.version()).isEqualTo(2);
      assertThat(dev.branch()).isEqualTo("dev");
      assertThat(dev.countRows()).isEqualTo(400);
      assertThat(main.branches()).extracting(Branch::name, Branch::parentBranch,
          Branch::parentVersion).containsExactly(org.assertj.core.groups.Tuple.tuple("dev", null,
              2L));
      assertThatThrownBy(() -> main.createBranch("dev"))
          .isInstanceOf(DatasetAlreadyExistsException.class);
    }
    TableProtos.Manifest m = Versions.loadLatest(new LocalObjectStore(
        Path.of(uri, "tree", "dev")), uri + "/tree/dev").manifest();
    assertThat(m.getBasePathsList()).hasSize(1);
    assertThat(m.getBasePaths(0).getIsDatasetRoot()).isTrue();
    assertThat(m.getFragmentsList()).allMatch(f -> f.getFiles(0).getBaseId() == 0);
    assertThat(m.getReaderFeatureFlags() & 16).isEqualTo(16);

    CommitOptions onDev = CommitOptions.builder().branch("dev").maxAttempts(200).build();
    List<FragmentMetadata> more = StableRowIdsTest.write(uri + "/tree/dev", 400, 450,
        WriteOptions.Mode.APPEND);
    Dataset.commit(uri, new Operation.Append(more), 2, onDev).close();
    // a delete on the branch of rows in the parent's files writes the branch's deletion file
    try (Dataset dev = Dataset.open(uri, OpenOptions.builder().branch("dev").build());
        Dataset d = dev.delete("id < 10 OR id = 420")) {
      assertThat(d.countRows()).isEqualTo(450 - 11);
    }
    try (Dataset main = Dataset.open(uri)) {
      assertThat(main.countRows()).isEqualTo(400);
      assertThat(main.version()).isEqualTo(2);
      // cleanup of the main branch keeps the files the branch reads
      main.cleanupOldVersions(java.time.Duration.ZERO);
    }
    try (Stream<Path> s = Files.list(Path.of(uri, "tree", "dev", "_deletions"))) {
      assertThat(s.count()).isGreaterThan(0);
    }
    // 8 writers commit to the branch at once: every append lands exactly once
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long from = 1000 + 100L * t;
        done.add(pool.submit(() -> {
          List<FragmentMetadata> frags = StableRowIdsTest.write(uri + "/tree/dev", from,
              from + 100, WriteOptions.Mode.APPEND);
          Dataset.commit(uri, new Operation.Append(frags), 4, onDev).close();
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    try (Dataset dev = Dataset.open(uri, OpenOptions.builder().branch("dev").build())) {
      assertThat(dev.version()).isEqualTo(12);
      assertThat(dev.countRows()).isEqualTo(450 - 11 + 800);
      assertThat(StableRowIdsTest.rowIds(dev.uri()).keySet()).hasSize(450 - 11 + 800)
          .doesNotContain(0L, 420L).contains(399L, 1799L);
    }
    assertThatThrownBy(() -> Dataset.commit(uri, new Operation.Append(more), 2,
        CommitOptions.builder().branch("nope").build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("nope");
  }
}

package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitOptions;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.internal.storage.LocalObjectStore;

/** 8 threads x 20 appends racing on one dataset: every commit lands exactly once. */
class CommitConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 20;
  private static final int ROWS = 3;

  @TempDir Path dir;

  @Test
  void racingAppendsAllLandContiguously() throws Exception {
    String uri = dir.toString();
    int total = THREADS * PER_THREAD;
    List<FragmentMetadata> frags = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot base = ManifestReadInteropTest.simpleRows(a, -ROWS, ROWS)) {
        LanceCore.create(dir, a, base, 100);
      }
      for (int k = 0; k < total; k++) {
        try (VectorSchemaRoot rows = ManifestReadInteropTest.simpleRows(a, (long) k * ROWS, ROWS)) {
          frags.addAll(LanceCore.writeFragments(uri, a, rows, 100));
        }
      }
    }
    assertThat(frags).hasSize(total);

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<List<Long>>> results = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (int t = 0; t < THREADS; t++) {
        List<FragmentMetadata> mine = frags.subList(t * PER_THREAD, (t + 1) * PER_THREAD);
        results.add(pool.submit(() -> {
          LocalObjectStore store = new LocalObjectStore(dir);
          start.await();
          List<Long> versions = new ArrayList<>();
          for (FragmentMetadata f : mine) {
            long read = Versions.latestVersion(store);
            // 8 writers racing for every version: on a loaded machine one may lose more than
            // the default 20 times in a row; what is tested is that each commit lands once
            versions.add(Committer.commit(store, uri, new Operation.Append(List.of(f)), read,
                CommitOptions.builder().maxAttempts(200).build()).version());
          }
          return versions;
        }));
      }
      start.countDown();
      Set<Long> versions = new TreeSet<>();
      for (Future<List<Long>> r : results) {
        versions.addAll(r.get());
      }
      assertThat(versions).hasSize(total);
      assertThat(versions).first().isEqualTo(2L);
      assertThat(versions).last().isEqualTo((long) total + 1);
    } finally {
      pool.shutdownNow();
    }

    LocalObjectStore store = new LocalObjectStore(dir);
    Snapshot last = Versions.loadLatest(store, uri);
    assertThat(last.version()).isEqualTo(total + 1);
    assertThat(last.fragments()).hasSize(total + 1);
    Set<Long> ids = new HashSet<>();
    Set<String> paths = new HashSet<>();
    for (FragmentMetadata f : last.fragments()) {
      ids.add(f.id());
      paths.add(f.files().get(0).path());
    }
    assertThat(ids).hasSize(total + 1);
    assertThat(last.manifest().getMaxFragmentId()).isEqualTo(total);
    for (FragmentMetadata f : frags) {
      assertThat(paths).contains(f.files().get(0).path());
    }
    // every version in between is readable and one fragment longer than the previous
    for (long v = 1; v <= total + 1; v++) {
      assertThat(Versions.load(store, uri, v).fragments()).hasSize((int) v);
    }
    try (BufferAllocator a = new RootAllocator();
        org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
      assertThat(ds.version()).isEqualTo(total + 1);
      assertThat(ds.countRows()).isEqualTo((long) (total + 1) * ROWS);
      Map<String, List<Object>> cols = CommitInteropTest.scanWithLanceCore(uri, a);
      assertThat(new TreeSet<>(cols.get("id"))).hasSize((total + 1) * ROWS);
    }
  }
}

package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Fragments;
import org.lance4j.Operation;
import org.lance4j.ScanOptions;
import org.lance4j.WriteOptions;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.testing.ArrowAssert;

/**
 * Crash safety during writes, not only commits: a child JVM ({@link WriteCrashChild}) that writes
 * 50k-row fragments and commits them, or one that adds columns, compacts and deletes, is killed
 * with SIGKILL at random moments, many times. After each kill: the dataset opens at its last
 * committed version (at least the last one the child reported, whose row count is intact), every
 * row is readable by lance4j and by lance-core with equal content, files left by the killed write
 * are harmless, nothing the parent committed is lost, and a new commit from the parent succeeds.
 */
class CrashDuringWritesTest {
  private static final int KILLS = 12;

  @TempDir Path dir;

  private final List<Long> parentIds = new ArrayList<>();

  @Test
  void killedWritersNeverCorruptTheDataset() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      ProtocolFixtures.create(dir, a, 100, 100);
    }
    Random rnd = new Random(7);
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    int orphansSeen = 0;
    Path err = Files.createTempFile("lance4j-crash-child", ".err");
    for (int k = 0; k < KILLS; k++) {
      String mode = k % 2 == 0 ? "write" : "ops";
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(java, "-Xmx256m",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"),
          WriteCrashChild.class.getName(), dir.toString(), mode, String.valueOf(k / 2))
          .redirectError(err.toFile()).start();
      AtomicLong reported = new AtomicLong(-1);
      AtomicLong reportedRows = new AtomicLong(-1);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            String[] parts = line.split(" ");
            if (parts[0].equals("committed")) {
              synchronized (reported) {
                reported.set(Long.parseLong(parts[1]));
                reportedRows.set(Long.parseLong(parts[2]));
              }
            }
          }
        } catch (Exception ignored) {
          // stream closed by the kill
        }
      });
      reader.start();
      while (reported.get() < 0 && p.isAlive()) {
        Thread.sleep(10);
      }
      if (!p.isAlive()) {
        throw new AssertionError(mode + " child died on its own: " + Files.readString(err));
      }
      long t1 = System.nanoTime();
      Thread.sleep(rnd.nextInt(400));
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join();
      long t2 = System.nanoTime();
      orphansSeen = check(reported.get(), reportedRows.get(), mode);
      System.out.printf("kill %d (%s): first commit after %d ms, checks %d ms%n", k, mode,
          (t1 - t0) / 1000000, (System.nanoTime() - t2) / 1000000);
    }
    Files.delete(err);
    System.out.printf("crash-during-writes: %d kills, %d unreferenced data files left, %d rows%n",
        KILLS, orphansSeen, Versions.loadLatest(new LocalObjectStore(dir), dir.toString())
            .countRows());
  }

  /** The checks after one kill; returns how many unreferenced data files the kills left. */
  private int check(long reported, long reportedRows, String mode) throws Exception {
    String uri = dir.toString();
    LocalObjectStore store = new LocalObjectStore(dir);
    Snapshot s = Versions.loadLatest(store, uri);
    assertThat(s.version()).as("%s: latest version", mode).isGreaterThanOrEqualTo(reported);
    assertThat(Versions.load(store, uri, reported).countRows())
        .as("%s: rows of the reported version %d", mode, reported).isEqualTo(reportedRows);
    try (BufferAllocator a = new RootAllocator()) {
      try (var lds = org.lance.Dataset.open(a, uri,
          new org.lance.ReadOptions.Builder().setVersion((int) reported).build())) {
        assertThat(lds.countRows()).isEqualTo(reportedRows);
      }
      Content ours;
      try (org.lance4j.Dataset ds = org.lance4j.Dataset.open(uri)) {
        ours = verified(ds.scan(a), mode + " lance4j");
      }
      assertThat(ours.ids()).as("%s: rows", mode).hasSize((int) s.countRows());
      assertThat(ours.columns()).hasSize(s.schema().toArrow().getFields().size());
      Content theirs;
      try (var lds = org.lance.Dataset.open(uri, a);
          var scanner = lds.newScan(new org.lance.ipc.ScanOptions.Builder().build())) {
        assertThat(lds.version()).isEqualTo(s.version());
        theirs = verified(scanner.scanBatches(), mode + " lance-core");
      }
      assertThat(theirs).isEqualTo(ours);
      assertThat(new HashSet<>(ours.ids())).as("%s: rows the parent committed", mode)
          .containsAll(parentIds);
      int orphans = orphans(s);
      commitFromParent(s, a);
      return orphans;
    }
  }

  /**
   * Drains a reader, checking every row against the values its id implies (name, val; added
   * columns are {@code id * 3}); returns the column names and the sorted ids, failing on a
   * duplicate id.
   */
  private static Content verified(ArrowReader r, String who) throws IOException {
    List<String> names = null;
    long[] ids = new long[1024];
    int n = 0;
    try (r) {
      while (r.loadNextBatch()) {
        VectorSchemaRoot root = r.getVectorSchemaRoot();
        if (names == null) {
          names = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            names.add(v.getName());
          }
          assertThat(names.subList(0, 3)).as(who).isEqualTo(StormRows.BASE);
        }
        for (int i = 0; i < root.getRowCount(); i++) {
          long id = ((Number) root.getVector(0).getObject(i)).longValue();
          Object name = ArrowAssert.value(root.getVector(1), i);
          Object val = root.getVector(2).getObject(i);
          if (!Objects.equals(name, id % 5 == 0 ? null : "n" + id)
              || !Objects.equals(val, id * 0.5)) {
            throw new AssertionError(who + ": row " + id + " holds name " + name + ", val " + val);
          }
          for (int c = 3; c < names.size(); c++) {
            Object x = root.getVector(c).getObject(i);
            if (!(x instanceof Long l) || l != id * 3) {
              throw new AssertionError(who + ": " + names.get(c) + " of row " + id + " is " + x);
            }
          }
          if (n == ids.length) {
            ids = Arrays.copyOf(ids, n * 2);
          }
          ids[n++] = id;
        }
      }
    }
    Arrays.sort(ids, 0, n);
    List<Long> sorted = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i > 0 && ids[i] == ids[i - 1]) {
        throw new AssertionError(who + ": duplicate id " + ids[i]);
      }
      sorted.add(ids[i]);
    }
    return new Content(names, sorted);
  }

  /** Column names and sorted ids of a verified scan. */
  record Content(List<String> columns, List<Long> ids) {}

  /** Appends 10 rows with the current schema; the commit must land as the next version. */
  private void commitFromParent(Snapshot s, BufferAllocator a) throws Exception {
    String uri = dir.toString();
    long first = WriteCrashChild.PARENT_IDS + parentIds.size();
    List<FragmentMetadata> frags;
    try (VectorSchemaRoot root = StormRows.rows(s.schema().toArrow(), a, first, 10, c -> 3)) {
      frags = Fragments.write(uri, root,
          WriteOptions.builder().mode(WriteOptions.Mode.APPEND).build());
    }
    Dataset done = Dataset.commit(uri, new Operation.Append(frags), s.version());
    assertThat(done.version()).isEqualTo(s.version() + 1);
    assertThat(done.countRows()).isEqualTo(s.countRows() + 10);
    for (long id = first; id < first + 10; id++) {
      parentIds.add(id);
    }
    try (var lds = org.lance.Dataset.open(uri, a)) {
      assertThat(lds.version()).isEqualTo(done.version());
      assertThat(lds.countRows()).isEqualTo(done.countRows());
    }
  }

  /** Data files no version references (left by killed writes): they must not matter. */
  private int orphans(Snapshot latest) throws IOException {
    Set<String> referenced = new HashSet<>();
    LocalObjectStore store = new LocalObjectStore(dir);
    for (long v = 1; v <= latest.version(); v++) {
      for (FragmentMetadata f : Versions.load(store, dir.toString(), v).fragments()) {
        for (DataFile d : f.files()) {
          referenced.add(d.path());
        }
      }
    }
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      return (int) files.filter(p -> !referenced.contains(p.getFileName().toString())).count();
    }
  }
}

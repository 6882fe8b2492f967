package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.InvalidInputException;
import org.lance4j.OpenOptions;
import org.lance4j.Tag;

/** Tags ({@code _refs/tags/{name}.json}) both ways with lance-core, cleanup, races, restore. */
class TagsTest {
  @TempDir Path dir;

  /** lance-core creates version 1 (300 rows); lance4j adds config versions 2..4. */
  private String history(BufferAllocator a) {
    try (VectorSchemaRoot rows = ManifestReadInteropTest.simpleRows(a, 0, 300)) {
      LanceCore.create(dir, a, rows, 1000);
    }
    String uri = dir.toString();
    Dataset ds = Dataset.open(uri);
    for (int i = 2; i <= 4; i++) {
      ds = ds.updateConfig(Map.of("v", "" + i));
    }
    return uri;
  }

  @Test
  void lance4jTagsAreReadByLanceCoreAndTheReverse() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = history(a);
      try (Dataset ds = Dataset.open(uri)) {
        Tag t = ds.tags().create("first", 1);
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.manifestSize()).isEqualTo(Files.size(dir.resolve("_versions/1.manifest")));
        ds.tags().create("cfg-3", 3);
      }
      String json = Files.readString(dir.resolve("_refs/tags/first.json"));
      assertThat(json).contains("\"version\" : 1").contains("\"manifestSize\"")
          .contains("\"createdAt\"");
      try (org.lance.Dataset theirs = org.lance.Dataset.open(uri, a)) {
        assertThat(theirs.tags().list()).extracting(org.lance.Tag::getName)
            .containsExactlyInAnyOrder("first", "cfg-3");
        assertThat(theirs.tags().getVersion("cfg-3")).isEqualTo(3);
        try (org.lance.Dataset at = theirs.checkoutTag("first")) {
          assertThat(at.version()).isEqualTo(1);
          assertThat(at.countRows()).isEqualTo(300);
        }
        theirs.tags().create("theirs", 2);
        theirs.tags().update("first", 4);
      }
      try (Dataset ds = Dataset.open(uri, OpenOptions.builder().tag("theirs").build())) {
        assertThat(ds.version()).isEqualTo(2);
        assertThat(ds.config()).containsEntry("v", "2");
        assertThat(ds.countRows()).isEqualTo(300);
        assertThat(ds.tags().list()).extracting(Tag::name)
            .containsExactly("cfg-3", "first", "theirs");
        assertThat(ds.tags().get("first").version()).isEqualTo(4);
      }
    }
  }

  @Test
  void badNamesDuplicatesMissingVersionsAndUnknownTagsAreRefused() {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = history(a);
      try (Dataset ds = Dataset.open(uri)) {
        ds.tags().create("keep", 2);
        assertThatThrownBy(() -> ds.tags().create("keep", 3))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("already exists")
            .hasMessageContaining("version 2");
        for (String bad : List.of("", "a/b", "..x", ".hidden", "x.lock", "sp ace")) {
          assertThatThrownBy(() -> ds.tags().create(bad, 1)).as(bad)
              .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid tag name");
        }
        assertThatThrownBy(() -> ds.tags().create("later", 9))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("no version 9");
        assertThatThrownBy(() -> ds.tags().delete("nope"))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("no tag 'nope'");
        assertThatThrownBy(() -> Dataset.open(uri, OpenOptions.builder().tag("nope").build()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("no tag 'nope'");
        assertThatThrownBy(() -> OpenOptions.builder().tag("keep").version(2).build())
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("not both");
        ds.tags().update("keep", 3);
        assertThat(ds.tags().get("keep").version()).isEqualTo(3);
        ds.tags().delete("keep");
        assertThat(ds.tags().list()).isEmpty();
      }
    }
  }

  @Test
  void cleanupKeepsTaggedVersionsAndRestoreTakesATag() {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = history(a);
      try (Dataset ds = Dataset.open(uri)) {
        ds.tags().create("v2", 2);
        Cleanup.cleanupOldVersions(TestSnapshots.of(ds), Duration.ofHours(1),
            Instant.now().plus(Duration.ofHours(2)));
      }
      assertThat(Files.exists(dir.resolve("_versions/2.manifest"))).isTrue();
      assertThat(Files.exists(dir.resolve("_versions/1.manifest"))).isFalse();
      assertThat(Files.exists(dir.resolve("_versions/3.manifest"))).isFalse();
      try (Dataset ds = Dataset.open(uri); Dataset restored = ds.restore("v2")) {
        assertThat(restored.version()).isEqualTo(5);
        assertThat(restored.config()).containsEntry("v", "2");
        assertThat(restored.countRows()).isEqualTo(300);
      }
    }
  }

  @Test
  void ofEightConcurrentCreatesOfOneTagExactlyOneWins() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = history(a);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long version = 1 + t % 4;
        results.add(pool.submit(() -> {
          go.await();
          try (Dataset ds = Dataset.open(uri)) {
            return ds.tags().create("race", version).version();
          } catch (InvalidInputException lost) {
            return -1L;
          }
        }));
      }
      go.countDown();
      List<Long> won = new ArrayList<>();
      for (Future<Long> f : results) {
        long v = f.get();
        if (v > 0) {
          won.add(v);
        }
      }
      pool.shutdown();
      assertThat(won).hasSize(1);
      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.tags().get("race").version()).isEqualTo(won.get(0));
      }
    }
  }
}

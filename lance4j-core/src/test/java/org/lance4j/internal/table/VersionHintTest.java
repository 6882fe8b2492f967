package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.Operation;
import org.lance4j.internal.storage.ForwardingObjectStore;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.storage.ObjectStore;

/**
 * {@code _versions/latest_version_hint.json}: every commit writes it; opening the latest version
 * follows it (no listing of {@code _versions/}) and stays right when it is stale, missing,
 * corrupt or ahead of the truth.
 */
class VersionHintTest {
  @TempDir Path dir;

  private void commits(int n, boolean v2) {
    String uri = dir.toString();
    CommitOptions options = CommitOptions.builder().enableV2ManifestPaths(v2).build();
    Schema schema = new Schema(List.of(Field.nullable("a", new ArrowType.Int(32, true))));
    long v = Dataset.commit(uri, new Operation.Overwrite(schema, List.of()), 0, options)
        .version();
    for (int i = 0; i < n - 1; i++) {
      v = Dataset.commit(uri, new Operation.UpdateConfig(Map.of("k", "" + i), List.of()), v,
          options).version();
    }
  }

  private String hint() throws IOException {
    return Files.readString(dir.resolve(VersionHint.PATH));
  }

  @Test
  void everyCommitWritesTheHintAndOpeningFollowsItWithoutListing() throws IOException {
    for (boolean v2 : new boolean[] {false, true}) {
      commits(5, v2);
      assertThat(hint()).isEqualTo("{\"version\":5}");
      ListCounting store = new ListCounting(new LocalObjectStore(dir));
      Snapshot s = Versions.loadLatest(store, dir.toString());
      assertThat(s.version()).isEqualTo(5);
      assertThat(s.manifest().getConfigMap()).containsEntry("k", "3");
      assertThat(store.lists).isZero();
      clear();
    }
  }

  @Test
  void staleMissingCorruptOrAheadHintsStillOpenTheLatest() throws IOException {
    commits(6, false);
    String[] hints = {"{\"version\":2}", "{\"version\":99}", "not json", "{\"version\":0}",
        "", "{\"version\":-3}", "{\"version\":99999999999999999999}"};
    for (String h : hints) {
      Files.writeString(dir.resolve(VersionHint.PATH), h);
      assertThat(Versions.loadLatest(new LocalObjectStore(dir), dir.toString()).version())
          .as("hint %s", h).isEqualTo(6);
    }
    Files.delete(dir.resolve(VersionHint.PATH));
    try (Dataset ds = Dataset.open(dir.toString())) {
      assertThat(ds.version()).isEqualTo(6);
      assertThat(ds.config()).containsEntry("k", "4");
    }
    // a stale hint is corrected by the next commit
    Files.writeString(dir.resolve(VersionHint.PATH), "{\"version\":1}");
    commitsOn(6);
    assertThat(hint()).isEqualTo("{\"version\":7}");
  }

  private void commitsOn(long read) {
    Dataset.commit(dir.toString(), new Operation.UpdateConfig(Map.of("k", "x"), List.of()), read)
        .close();
  }

  private void clear() throws IOException {
    try (var s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.toList());
      all.sort((a, b) -> b.getNameCount() - a.getNameCount());
      for (Path p : all) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }

  /** Counts directory listings. */
  private static final class ListCounting extends ForwardingObjectStore {
    int lists;

    ListCounting(ObjectStore inner) {
      super(inner);
    }

    @Override
    public List<String> list(String d) throws IOException {
      lists++;
      return inner.list(d);
    }

    @Override
    public ByteBuffer read(String path, long offset, int length) throws IOException {
      return inner.read(path, offset, length);
    }
  }

  /** A store whose hint writes are lost (the commit does not wait for them: they may be). */
  private static final class HintsLost extends ForwardingObjectStore {
    HintsLost(ObjectStore inner) {
      super(inner);
    }

    @Override
    public void putHint(String path, byte[] data) {}
  }

  @Test
  void commitsWhoseHintWritesAreLostStillOpenAtTheirLatestVersion() throws IOException {
    commits(2, true); // the hint says 2
    ObjectStore lossy = new HintsLost(new LocalObjectStore(dir));
    long v = 2;
    for (int i = 0; i < 3; i++) {
      v = Committer.commit(lossy, dir.toString(),
          new Operation.UpdateConfig(Map.of("k", "lost" + i), List.of()), v).version();
    }
    assertThat(v).isEqualTo(5);
    assertThat(hint()).as("no hint landed after version 2").isEqualTo("{\"version\":2}");
    Snapshot s = Versions.loadLatest(new LocalObjectStore(dir), dir.toString());
    assertThat(s.version()).isEqualTo(5);
    assertThat(s.manifest().getConfigMap()).containsEntry("k", "lost2");
    Files.delete(dir.resolve(VersionHint.PATH)); // and with no hint at all
    assertThat(Versions.loadLatest(new LocalObjectStore(dir), dir.toString()).version())
        .isEqualTo(5);
  }

  @Test
  void hintIsPlainJsonAsLanceWritesIt() throws IOException {
    commits(1, false);
    byte[] b = Files.readAllBytes(dir.resolve("_versions/latest_version_hint.json"));
    assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"version\":1}");
  }
}

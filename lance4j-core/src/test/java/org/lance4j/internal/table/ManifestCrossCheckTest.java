package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitOptions;
import org.lance4j.CorruptFileException;
import org.lance4j.Dataset;
import org.lance4j.Operation;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * Issue 14: a manifest that decodes but contradicts itself is refused on open with a
 * CorruptFileException naming the manifest, the fragment and the field, instead of silently
 * reading a column as null, two columns from one file, or rows twice. And a Restore with an
 * idempotency key gets past a corrupt latest manifest (once).
 */
class ManifestCrossCheckTest {
  @TempDir Path dir;

  /** Version 1 (one fragment of 10 rows) and version 2 (another of 20) in V1 naming. */
  private LocalObjectStore twoVersions() {
    LocalObjectStore store = new LocalObjectStore(dir);
    CommitOptions v1Names = CommitOptions.builder().enableV2ManifestPaths(false).build();
    Committer.commit(store, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(RealFragments.write(dir, "a", 10))), 0, v1Names);
    Committer.commit(store, "ds", new Operation.Append(List.of(RealFragments.write(dir, "b",
        20))), 1, v1Names);
    return store;
  }

  /** Rewrites version 2's manifest with {@code edit} applied (still well-formed protobuf). */
  private void edit(LocalObjectStore store, UnaryOperator<TableProtos.Manifest.Builder> edit)
      throws Exception {
    String path = "_versions/2.manifest";
    TableProtos.Manifest m = ManifestFiles.read(store, path);
    Files.write(store.rootPath().resolve(path), ManifestFiles.encode(
        edit.apply(m.toBuilder()).build(), null, null));
  }

  private static TableProtos.DataFragment.Builder fragment(TableProtos.Manifest.Builder m,
      int i) {
    return m.getFragmentsBuilder(i);
  }

  @Test
  void theUneditedManifestOpens() throws Exception {
    LocalObjectStore store = twoVersions();
    edit(store, b -> b);
    try (Dataset ds = Dataset.open(dir.toString())) {
      assertThat(ds.countRows()).isEqualTo(30);
    }
  }

  /** A well-formed edit of version 2's manifest and what the refusal must name. */
  record Case(String name, UnaryOperator<TableProtos.Manifest.Builder> edit, String... parts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> corruptions() {
    return Stream.of(
        new Case("a field stored by two data files of a fragment", b -> {
          fragment(b, 1).addFiles(fragment(b, 1).getFiles(0).toBuilder().setPath("other.lance"));
          return b;
        }, "fragment 1", "field id 0 is stored by two data files", "b.lance", "other.lance"),
        new Case("a field id twice in one data file", b -> {
          fragment(b, 0).getFilesBuilder(0).setFields(2, 1);
          return b;
        }, "fragment 0", "data file a.lance", "field id 1 appears twice"),
        new Case("column_indices not as long as fields", b -> {
          fragment(b, 1).getFilesBuilder(0).addColumnIndices(3);
          return b;
        }, "fragment 1", "data file b.lance", "3 fields but 4 column_indices"),
        // two int64 columns reading one column: silently swapped or duplicated values otherwise
        new Case("a column index twice", b -> {
          fragment(b, 0).getFilesBuilder(0).setColumnIndices(1, 0);
          return b;
        }, "fragment 0", "data file a.lance", "column index 0 appears twice"),
        new Case("a fragment id above max_fragment_id", b -> b.setMaxFragmentId(0),
            "fragment id 1 is above max_fragment_id 0"),
        new Case("a fragment without data files", b -> {
          fragment(b, 1).clearFiles();
          return b;
        }, "fragment 1 has no data files"),
        new Case("a fragment id twice", b -> {
          fragment(b, 1).setId(0);
          return b;
        }, "fragment id 0 appears twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptions")
  void aSelfContradictingManifestIsCorruptNamingFragmentAndField(Case c) throws Exception {
    LocalObjectStore store = twoVersions();
    edit(store, c.edit());
    assertThatThrownBy(() -> Dataset.open(dir.toString()))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("_versions/2.manifest")
        .hasMessageContainingAll(c.parts());
  }

  @Test
  void restoreWithAnIdempotencyKeyGetsPastACorruptLatestManifestOnce() throws Exception {
    LocalObjectStore store = twoVersions();
    Committer.commit(store, "ds", new Operation.Append(List.of(RealFragments.write(dir, "c",
        5))), 2, CommitOptions.builder().enableV2ManifestPaths(false).build());
    Files.write(store.rootPath().resolve("_versions/3.manifest"), new byte[] {1, 2, 3, 4, 5, 6,
        7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 'L', 'A', 'N', 'C'});
    CommitOptions key = CommitOptions.builder().idempotencyKey("undo-3").build();
    // an Append with a key cannot tell whether it landed as the corrupt version: typed refusal
    assertThatThrownBy(() -> Committer.commit(store, "ds", new Operation.Append(List.of(
        RealFragments.write(dir, "d", 5))), 2, CommitOptions.builder().idempotencyKey("job-9")
        .build()))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("3.manifest")
        .hasMessageContaining("job-9");
    Snapshot restored = Committer.commit(store, "ds", new Operation.Restore(2), 2, key);
    assertThat(restored.version()).isEqualTo(4);
    // the retry (its answer was lost, say) finds the key past the corrupt version: no version 5
    Snapshot retried = Committer.commit(store, "ds", new Operation.Restore(2), 2, key);
    assertThat(retried.version()).isEqualTo(4);
    try (Dataset ds = Dataset.open(dir.toString())) {
      assertThat(ds.version()).isEqualTo(4);
      assertThat(ds.countRows()).isEqualTo(30);
    }
  }
}

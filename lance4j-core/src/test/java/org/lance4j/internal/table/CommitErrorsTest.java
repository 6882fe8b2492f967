package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitConflictException;
import org.lance4j.CorruptFileException;
import org.lance4j.DataFile;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.TableProtos;

/** Conflicts and bad datasets give typed errors that name what is wrong. */
class CommitErrorsTest {
  @TempDir Path dir;

  private LocalObjectStore v1() {
    LocalObjectStore store = new LocalObjectStore(dir);
    Committer.commit(store, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(frag("a", 10))), 0, org.lance4j.CommitOptions.builder().enableV2ManifestPaths(false).build());
    return store;
  }

  private FragmentMetadata frag(String name, long rows) {
    return RealFragments.write(dir, name, rows);
  }

  private Operation.Append append(String name) {
    return new Operation.Append(List.of(frag(name, 1)));
  }

  @Test
  void appendRacingCommittedOverwriteIsIncompatible() {
    LocalObjectStore store = v1();
    Committer.commit(store, "ds", append("b"), 1);
    Committer.commit(store, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(frag("c", 4))), 2);
    Committer.commit(store, "ds", append("d"), 3);
    assertThatThrownBy(() -> Committer.commit(store, "ds", append("mine"), 1))
        .isInstanceOfSatisfying(CommitConflictException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.conflictingVersion()).isEqualTo(3);
        })
        .hasMessageContaining("version 3").hasMessageContaining("OVERWRITE");
    assertThat(Versions.latestVersion(store)).isEqualTo(4);
    // an overwrite built on an old version is fine
    Snapshot s = Committer.commit(store, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(frag("e", 2), frag("f", 2))), 1);
    assertThat(s.version()).isEqualTo(5);
    assertThat(s.fragments()).extracting(FragmentMetadata::id).containsExactly(0L, 1L);
    assertThat(s.manifest().getMaxFragmentId()).isEqualTo(2); // high-water mark kept
    // appends after the overwrite continue above the high-water mark
    assertThat(Committer.commit(store, "ds", append("g"), 5).fragments())
        .extracting(FragmentMetadata::id).containsExactly(0L, 1L, 3L);
  }

  @Test
  void appendRacingLanceCoreOverwriteIsIncompatibleButDeleteRebases() throws Exception {
    String uri = dir.toString();
    LocalObjectStore store = new LocalObjectStore(dir);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot rows = ManifestReadInteropTest.simpleRows(a, 0, 100);
        VectorSchemaRoot more = ManifestReadInteropTest.simpleRows(a, 100, 10)) {
      LanceCore.create(dir, a, rows, 50);
      List<FragmentMetadata> extra = LanceCore.writeFragments(uri, a, more, 50);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        ds.delete("id < 5");
      }
      Snapshot s = Committer.commit(store, uri, new Operation.Append(extra), 1);
      assertThat(s.version()).isEqualTo(3);
      assertThat(s.countRows()).isEqualTo(105);
      List<org.lance.FragmentMetadata> theirs =
          org.lance.Fragment.create(uri, a, more, LanceCore.params(50));
      new org.lance.FragmentOperation.Overwrite(theirs, more.getSchema())
          .commit(a, uri, Optional.of(3L), Map.of()).close();
      assertThatThrownBy(() -> Committer.commit(store, uri, new Operation.Append(extra), 3))
          .isInstanceOfSatisfying(CommitConflictException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.conflictingVersion()).isEqualTo(4);
          }).hasMessageContaining("version 4");
    }
  }

  @Test
  void missingTransactionIsARetryableConflictForAppends() throws Exception {
    LocalObjectStore store = v1();
    Snapshot v2 = Committer.commit(store, "ds", append("b"), 1);
    store.delete("_transactions/" + v2.manifest().getTransactionFile());
    // the inline copy in the manifest still tells what version 2 did: the Append rebases
    Snapshot v3 = Committer.commit(store, "ds", append("b2"), 1);
    assertThat(v3.version()).isEqualTo(3);
    // without the file and without the inline section nothing says what version 3 did
    store.delete("_transactions/" + v3.manifest().getTransactionFile());
    TableProtos.Manifest m3 = ManifestFiles.read(store, "_versions/3.manifest");
    Files.write(store.rootPath().resolve("_versions/3.manifest"),
        ManifestFiles.encode(m3, null, null));
    assertThatThrownBy(() -> Committer.commit(store, "ds", append("c"), 2))
        .isInstanceOfSatisfying(CommitConflictException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.conflictingVersion()).isEqualTo(3);
        }).hasMessageContaining("transaction file");
    assertThat(Committer.commit(store, "ds", append("c"), 3).version()).isEqualTo(4);
  }

  @Test
  void readVersionNewerThanLatestIsRejected() {
    LocalObjectStore store = v1();
    assertThatThrownBy(() -> Committer.commit(store, "ds", append("x"), 7))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("read version 7").hasMessageContaining("latest version 1");
    assertThatThrownBy(() -> Committer.commit(store, "ds", append("x"), -1))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void appendedFieldIdsMustBeInTheSchema() {
    LocalObjectStore store = v1();
    FragmentMetadata bad = new FragmentMetadata(0, List.of(new DataFile("bad.lance",
        List.of(0, 1, 2, 9), List.of(0, 1, 2, 3), 2, 0, 10, null)), 1, null);
    assertThatThrownBy(() -> Committer.commit(store, "ds",
        new Operation.Append(List.of(bad)), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bad.lance").hasMessageContaining("field id 9");
    FragmentMetadata wrongFormat = new FragmentMetadata(0, List.of(new DataFile("f21.lance",
        List.of(0), List.of(0), 2, 1, 10, null)), 1, null);
    assertThatThrownBy(() -> Committer.commit(store, "ds",
        new Operation.Append(List.of(wrongFormat)), 1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("2.1");
    assertThat(Versions.latestVersion(store)).isEqualTo(1);
  }

  @Test
  void emptyOverwriteIsAnEmptyDataset() {
    LocalObjectStore store = new LocalObjectStore(dir);
    Snapshot s = Committer.commit(store, "ds",
        new Operation.Overwrite(CommitFaultTest.schema(), List.of()), 0);
    assertThat(s.fragments()).isEmpty();
    assertThat(s.manifest().hasMaxFragmentId()).isFalse();
    assertThat(Versions.loadLatest(store, "ds").schema().toArrow())
        .isEqualTo(CommitFaultTest.schema());
    // an empty dataset gets lance4j's default file format (2.2; this module's build sets 2.0):
    // a 2.0 file is appended to a 2.0 dataset, and refused by a 2.2 one, leaving version 1
    String dflt = org.lance4j.WriteOptions.defaultDataStorageVersion();
    assertThat(s.manifest().getDataFormat().getVersion()).isEqualTo(dflt);
    if (dflt.equals("2.0")) {
      assertThat(Committer.commit(store, "ds", append("x"), 1).fragments())
          .extracting(FragmentMetadata::id).containsExactly(0L);
    } else {
      assertThatThrownBy(() -> Committer.commit(store, "ds", append("x"), 1))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("x.lance")
          .hasMessageContaining("2.0").hasMessageContaining(dflt);
      assertThat(Versions.latestVersion(store)).isEqualTo(1);
    }
  }

  @Test
  void missingDatasetAndVersion() {
    LocalObjectStore store = new LocalObjectStore(dir.resolve("nothing"));
    assertThat(Versions.latestVersion(store)).isZero();
    assertThatThrownBy(() -> Versions.loadLatest(store, "/some/uri"))
        .isInstanceOf(DatasetNotFoundException.class).hasMessageContaining("/some/uri");
    LocalObjectStore ds = v1();
    assertThatThrownBy(() -> Versions.load(ds, "ds", 5))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("version 5").hasMessageContaining("latest version is 1");
  }

  @Test
  void unknownFeatureFlagsAreRefused() throws Exception {
    LocalObjectStore store = v1();
    rewriteManifest(store, m -> m.setReaderFeatureFlags(64 | 1));
    assertThatThrownBy(() -> Versions.loadLatest(store, "ds"))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("ds").hasMessageContaining("version 1")
        .hasMessageContaining("flag 64");
    assertThatThrownBy(() -> Committer.commit(store, "ds", append("x"), 1))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("flag 64");
    rewriteManifest(store, m -> m.setReaderFeatureFlags(0).setWriterFeatureFlags(128));
    assertThat(Versions.loadLatest(store, "ds").version()).isEqualTo(1); // readable
    assertThatThrownBy(() -> Committer.commit(store, "ds", append("x"), 1))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("flag 128");
  }

  @Test
  void stableRowIdDatasetsOfLanceCoreAreReadAndCommittedTo() throws Exception {
    String uri = dir.toString();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot rows = ManifestReadInteropTest.simpleRows(a, 0, 20)) {
      // file format 2.0: the hand-made data file entry of append() says 2.0
      org.lance.WriteParams p = new org.lance.WriteParams.Builder()
          .withEnableStableRowIds(true).withDataStorageVersion(OracleVersions.LEGACY).build();
      java.io.ByteArrayOutputStream ipc = new java.io.ByteArrayOutputStream();
      try (org.apache.arrow.vector.ipc.ArrowStreamWriter w =
          new org.apache.arrow.vector.ipc.ArrowStreamWriter(rows, null, ipc)) {
        w.start();
        w.writeBatch();
        w.end();
      }
      try (org.apache.arrow.vector.ipc.ArrowStreamReader reader =
              new org.apache.arrow.vector.ipc.ArrowStreamReader(
                  new java.io.ByteArrayInputStream(ipc.toByteArray()), a);
          org.apache.arrow.c.ArrowArrayStream stream =
              org.apache.arrow.c.ArrowArrayStream.allocateNew(a)) {
        org.apache.arrow.c.Data.exportArrayStream(a, reader, stream);
        org.lance.Dataset.create(a, stream, uri, p).close();
      }
      LocalObjectStore store = new LocalObjectStore(dir);
      Snapshot s = Versions.loadLatest(store, uri);
      org.junit.jupiter.api.Assumptions.assumeTrue((s.manifest().getReaderFeatureFlags() & 2) != 0,
          "lance-core did not enable stable row ids through Fragment.create + Overwrite");
      assertThat(s.countRows()).isEqualTo(20);
      Snapshot next = Committer.commit(store, uri, append("x"), 1);
      assertThat(next.manifest().getReaderFeatureFlags() & 2).isEqualTo(2);
      assertThat(next.manifest().getNextRowId()).isEqualTo(next.countRows());
      TableProtos.DataFragment added = next.manifest().getFragments(
          next.manifest().getFragmentsCount() - 1);
      assertThat(RowIds.of(store, added, uri)).startsWith(20L);
    }
  }

  @Test
  void corruptManifestsNameThePath() throws Exception {
    LocalObjectStore store = v1();
    Path m = dir.resolve("_versions/1.manifest");
    byte[] good = Files.readAllBytes(m);
    Files.write(m, java.util.Arrays.copyOf(good, good.length - 3));
    assertThatThrownBy(() -> Versions.loadLatest(store, "ds"))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("_versions/1.manifest")
        .hasMessageContaining("magic");
    byte[] bad = good.clone();
    bad[bad.length - 1] = 'X';
    Files.write(m, bad);
    assertThatThrownBy(() -> Versions.loadLatest(store, "ds"))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("1.manifest");
    Files.write(m, java.util.Arrays.copyOfRange(good, 5, good.length)); // pos now wrong
    assertThatThrownBy(() -> Versions.loadLatest(store, "ds"))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("1.manifest");
    Files.write(m, new byte[] {'L', 'A', 'N', 'C'});
    assertThatThrownBy(() -> Versions.loadLatest(store, "ds"))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("4 bytes");
    Files.write(m, good);
    Files.write(dir.resolve(ManifestNaming.path(ManifestNaming.Scheme.V2, 2)), good);
    assertThatThrownBy(() -> Versions.loadLatest(store, "ds"))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("mixes V1 and V2");
  }

  @Test
  void namingIgnoresStagingDetachedAndTempFiles() throws Exception {
    LocalObjectStore store = v1();
    byte[] good = Files.readAllBytes(dir.resolve("_versions/1.manifest"));
    Files.write(dir.resolve("_versions/d5.manifest"), good);
    Files.write(dir.resolve("_versions/2.manifest-1b4e28ba-2fa1-11d2-883f-0016d3cca427"), good);
    Files.write(dir.resolve("_versions/3.manifest-x.tmp"), good);
    Files.write(dir.resolve("_versions/notes.txt"), good);
    assertThat(Versions.latestVersion(store)).isEqualTo(1);
    assertThat(ManifestNaming.parse("18446744073709551614.manifest")).isEqualTo(1);
    assertThat(ManifestNaming.path(ManifestNaming.Scheme.V2, 1))
        .isEqualTo("_versions/18446744073709551614.manifest");
    assertThat(ManifestNaming.parse("12.manifest")).isEqualTo(12);
  }

  @Test
  void indexSectionIsCarriedOverByAppends() {
    LocalObjectStore store = v1();
    TableProtos.IndexSection section = TableProtos.IndexSection.newBuilder()
        .addIndices(TableProtos.IndexMetadata.newBuilder().setName("idx").addFields(0)
            .setDatasetVersion(1)).build();
    rewriteManifestWithIndex(store, section.toByteArray());
    Snapshot s = Committer.commit(store, "ds", append("b"), 1);
    assertThat(s.manifest().hasIndexSection()).isTrue();
    byte[] carried = ManifestFiles.readIndexSection(store, s.manifestPath(),
        Versions.loadLatest(store, "ds").manifest());
    assertThat(carried).isEqualTo(section.toByteArray());
    Snapshot ow = Committer.commit(store, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of()), 2);
    assertThat(ow.manifest().hasIndexSection()).isFalse();
  }

  @Test
  void restoreGoesBackPastACorruptLatestManifest() throws Exception {
    LocalObjectStore store = v1();
    Committer.commit(store, "ds", append("b"), 1);
    Committer.commit(store, "ds", append("c"), 2);
    Files.write(store.rootPath().resolve("_versions/3.manifest"), new byte[] {1, 2, 3, 4, 5,
        6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 'L', 'A', 'N', 'C'});
    assertThatThrownBy(() -> Versions.loadLatest(store, "ds"))
        .isInstanceOf(CorruptFileException.class);
    // other operations still refuse to build on it
    assertThatThrownBy(() -> Committer.commit(store, "ds", append("d"), 2))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("3.manifest");
    Snapshot restored = Committer.commit(store, "ds", new Operation.Restore(2), 2);
    assertThat(restored.version()).isEqualTo(4);
    Snapshot latest = Versions.loadLatest(store, "ds");
    assertThat(latest.version()).isEqualTo(4);
    assertThat(latest.countRows()).isEqualTo(Versions.load(store, "ds", 2).countRows());
    assertThat(latest.fragments()).isEqualTo(Versions.load(store, "ds", 2).fragments());
  }

  private static void rewriteManifest(LocalObjectStore store,
      java.util.function.UnaryOperator<TableProtos.Manifest.Builder> edit) throws Exception {
    TableProtos.Manifest m = ManifestFiles.read(store, "_versions/1.manifest");
    Files.write(store.rootPath().resolve("_versions/1.manifest"),
        ManifestFiles.encode(edit.apply(m.toBuilder()).build(), null, null));
  }

  private static void rewriteManifestWithIndex(LocalObjectStore store, byte[] section) {
    TableProtos.Manifest m = ManifestFiles.read(store, "_versions/1.manifest");
    try {
      Files.write(store.rootPath().resolve("_versions/1.manifest"),
          ManifestFiles.encode(m, section, null));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}

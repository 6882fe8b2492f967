package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CommitConflictException;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.Operation;
import org.lance4j.VersionInfo;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * Transactions written inline ({@code Manifest.transaction_section}) as well as in
 * {@code _transactions/}; datasets with writer flag 32 (no transaction files) are committed to,
 * their conflicts checked from the inline copies.
 */
class InlineTransactionTest {
  @TempDir Path dir;

  @Test
  void everyCommitWritesTheTransactionInlineAndAsAFile() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = dir.toString();
      try (VectorSchemaRoot rows = ManifestReadInteropTest.simpleRows(a, 0, 100)) {
        LanceCore.create(dir, a, rows, 1000);
      }
      LocalObjectStore store = new LocalObjectStore(dir);
      List<FragmentMetadata> more = ProtocolFixtures.fragments(dir, a, 100, 50);
      Snapshot s = Committer.commit(store, uri, new Operation.Append(more), 1);
      TableProtos.Manifest m = s.manifest();
      TableProtos.Transaction inline = ManifestFiles.readTransactionSection(store,
          s.manifestPath(), ManifestFiles.read(store, s.manifestPath()));
      assertThat(inline).isNotNull();
      assertThat(inline.getReadVersion()).isEqualTo(1);
      assertThat(inline.hasAppend()).isTrue();
      TableProtos.Transaction file = Transactions.readOrNull(store, m.getTransactionFile());
      assertThat(inline).isEqualTo(file);
      try (org.lance.Dataset theirs = org.lance.Dataset.open(uri, a)) {
        assertThat(theirs.version()).isEqualTo(2);
        assertThat(theirs.countRows()).isEqualTo(150);
      }
    }
  }

  @Test
  void datasetsWithoutTransactionFilesAreCommittedToAndConflictChecked() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = dir.toString();
      try (VectorSchemaRoot rows = ManifestReadInteropTest.simpleRows(a, 0, 100)) {
        LanceCore.create(dir, a, rows, 1000);
      }
      LocalObjectStore store = new LocalObjectStore(dir);
      // version 2 by lance4j, then made to look like a flag-32 writer made it: no file, flag set
      Committer.commit(store, uri, new Operation.Append(ProtocolFixtures.fragments(dir, a, 100,
          10)), 1);
      Path v2 = dir.resolve("_versions/2.manifest");
      TableProtos.Manifest m2 = ManifestFiles.read(store, "_versions/2.manifest");
      TableProtos.Transaction t2 = ManifestFiles.readTransactionSection(store,
          "_versions/2.manifest", m2);
      Files.delete(dir.resolve("_transactions").resolve(m2.getTransactionFile()));
      Files.write(v2, ManifestFiles.encode(m2.toBuilder().clearTransactionFile()
          .setWriterFeatureFlags(m2.getWriterFeatureFlags()
              | Versions.FLAG_DISABLE_TRANSACTION_FILE).build(), null, t2.toByteArray()));
      long filesBefore = count(dir.resolve("_transactions"));

      // a commit on version 2 lands without a transaction file and keeps the flag
      Snapshot s3 = Committer.commit(store, uri, new Operation.UpdateConfig(Map.of("k", "v"),
          List.of()), 2);
      assertThat(s3.manifest().getTransactionFile()).isEmpty();
      assertThat(s3.manifest().getWriterFeatureFlags()
          & Versions.FLAG_DISABLE_TRANSACTION_FILE).isNotZero();
      assertThat(count(dir.resolve("_transactions"))).isEqualTo(filesBefore);

      // an Append built on version 1 rebases over the inline Append of v2 and the UpdateConfig
      Snapshot s4 = Committer.commit(store, uri, new Operation.Append(
          ProtocolFixtures.fragments(dir, a, 110, 5)), 1);
      assertThat(s4.version()).isEqualTo(4);
      // an Overwrite committed at version 5 (from the latest) makes an Append built on 4 fail:
      // the conflict is found from version 5's inline transaction alone
      Committer.commit(store, uri, new Operation.Overwrite(
          s4.schema(), ProtocolFixtures.fragments(dir, a, 500, 3)), 4);
      assertThatThrownBy(() -> Committer.commit(store, uri, new Operation.Append(
          ProtocolFixtures.fragments(dir, a, 900, 3)), 4))
          .isInstanceOf(CommitConflictException.class);

      try (Dataset ds = Dataset.open(uri)) {
        assertThat(ds.version()).isEqualTo(5);
        assertThat(ds.countRows()).isEqualTo(3);
        assertThat(ds.versions()).extracting(VersionInfo::operation)
            .containsExactly("Overwrite", "Append", "UpdateConfig", "Append", "Overwrite");
      }
      try (org.lance.Dataset theirs = org.lance.Dataset.open(uri, a)) {
        assertThat(theirs.version()).isEqualTo(5);
        assertThat(theirs.countRows()).isEqualTo(3);
      }
    }
  }

  private static long count(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }
}

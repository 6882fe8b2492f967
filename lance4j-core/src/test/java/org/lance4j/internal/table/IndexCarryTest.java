package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.CompactionOptions;
import org.lance4j.Dataset;
import org.lance4j.InvalidInputException;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.proto.FileProtos;
import org.lance4j.proto.TableProtos;
import org.roaringbitmap.RoaringBitmap;

/**
 * Index metadata through commits (lance4j writes no index; it carries lance-core's): every field,
 * unknown ones included, unchanged; 7.0.0's bookkeeping on Delete, Rewrite, Update, Project.
 */
class IndexCarryTest {
  @TempDir Path dir;

  /** A scalar index on "age" (field 1) over fragments 0 and 1, with files and an unknown field. */
  static TableProtos.IndexMetadata scalar(List<Integer> fragments) {
    return TableProtos.IndexMetadata.newBuilder().setName("age_idx").addFields(1)
        .setDatasetVersion(1).setFragmentBitmap(bitmap(fragments))
        .setUuid(TableProtos.UUID.newBuilder().setUuid(ByteString.copyFrom(new byte[16])))
        .setIndexDetails(Any.newBuilder().setTypeUrl("/lance.index.pb.BTreeIndexDetails"))
        .addFiles(TableProtos.IndexFile.newBuilder().setPath("page_data.lance").setSizeBytes(99))
        .setUnknownFields(UnknownFieldSet.newBuilder().addField(77,
            UnknownFieldSet.Field.newBuilder().addVarint(12345).build()).build())
        .build();
  }

  static TableProtos.IndexMetadata vector(List<Integer> fragments) {
    return TableProtos.IndexMetadata.newBuilder().setName("vec_idx").addFields(0)
        .setDatasetVersion(1).setFragmentBitmap(bitmap(fragments))
        .setIndexDetails(Any.newBuilder().setTypeUrl("/lance.table.VectorIndexDetails"))
        .build();
  }

  static ByteString bitmap(List<Integer> ids) {
    RoaringBitmap r = new RoaringBitmap();
    ids.forEach(r::add);
    return IndexCarry.encode(r);
  }

  private String people(BufferAllocator a, TableProtos.IndexMetadata... indices)
      throws Exception {
    String uri = dir.resolve("people.lance").toString();
    DataOpsSupport.createPeople(uri, a);
    LocalObjectStore store = new LocalObjectStore(Path.of(uri));
    Snapshot s = Versions.loadLatest(store, uri);
    byte[] section = TableProtos.IndexSection.newBuilder().addAllIndices(List.of(indices))
        .build().toByteArray();
    Files.write(Path.of(uri).resolve(s.manifestPath()), ManifestFiles.encode(s.manifest(),
        section, null));
    return uri;
  }

  private static List<TableProtos.IndexMetadata> indices(String uri) {
    LocalObjectStore store = new LocalObjectStore(Path.of(uri));
    Snapshot s = Versions.loadLatest(store, uri);
    byte[] section = ManifestFiles.readIndexSection(store, s.manifestPath(), s.manifest());
    return section == null ? List.of() : IndexCarry.parse(section, uri).getIndicesList();
  }

  @Test
  void appendDeleteAndCompactCarryEveryFieldAndKeepTheBitmapsOfMovedRows() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      String uri = people(a, scalar(List.of(0, 1)), vector(List.of(0)));
      try (Dataset ds = Dataset.open(uri)) {
        ds.addColumns(Map.of("x", "age + 1")).close();
      }
      assertThat(indices(uri)).containsExactly(scalar(List.of(0, 1)), vector(List.of(0)));
      assertThat(indices(uri).get(0).getUnknownFields().hasField(77)).isTrue();
      // fragment 0 (alice, bob, charlie) deleted whole: the vector index covers nothing left
      // and is dropped (7.0.0's retain_relevant_indices); the scalar one stays as it was
      try (Dataset ds = Dataset.open(uri); Dataset d = ds.delete("age < 50 OR age = 66")) {
        assertThat(d.fragments()).hasSize(1);
      }
      assertThat(indices(uri)).containsExactly(scalar(List.of(0, 1)));
      // compaction moves fragment 1's rows into a new fragment: without stable row ids the
      // bitmap keeps naming fragment 1 (gone, so readers block the index's rows there) and the
      // new fragment is unindexed
      try (Dataset ds = Dataset.open(uri);
          Dataset c = ds.compact(new CompactionOptions(1000, true, 0.1))) {
        assertThat(c.fragments()).extracting(f -> f.id()).doesNotContain(1L);
      }
      assertThat(indices(uri)).containsExactly(scalar(List.of(0, 1)));
      // dropping the indexed column drops its index
      try (Dataset ds = Dataset.open(uri); Dataset p = ds.dropColumns(List.of("age"))) {
        assertThat(p.schema().getFields()).extracting(f -> f.getName())
            .containsExactly("name", "x");
      }
      assertThat(indices(uri)).isEmpty();
    }
  }

  @Test
  void rewriteWithStableRowIdsMovesTheBitmapToTheNewFragments() {
    byte[] section = TableProtos.IndexSection.newBuilder().addIndices(scalar(List.of(0, 1, 5)))
        .build().toByteArray();
    byte[] out = IndexCarry.next(OpKind.REWRITE, section, List.of(), List.of(), true,
        List.of(new IndexCarry.Group(List.of(0L, 1L), List.of(7L))), List.of(), List.of(), "ds");
    TableProtos.IndexMetadata m = IndexCarry.parse(out, "ds").getIndices(0);
    assertThat(IndexCarry.ids(m)).containsExactly(5, 7);
    assertThat(m.getFilesList()).isEqualTo(scalar(List.of()).getFilesList());
    assertThat(m.getUnknownFields()).isEqualTo(scalar(List.of()).getUnknownFields());
    assertThatThrownBy(() -> IndexCarry.next(OpKind.REWRITE, section, List.of(), List.of(),
        true, List.of(new IndexCarry.Group(List.of(5L, 6L), List.of(8L))), List.of(), List.of(),
        "ds")).isInstanceOf(InvalidInputException.class).hasMessageContaining("age_idx");
    // without stable row ids nothing changes, byte for byte
    assertThat(IndexCarry.next(OpKind.REWRITE, section, List.of(), List.of(), false,
        List.of(new IndexCarry.Group(List.of(0L, 1L), List.of(7L))), List.of(), List.of(), "ds"))
        .isSameAs(section);
  }

  @Test
  void updateOfAnIndexedFieldTakesTheUpdatedFragmentsOutOfItsBitmap() {
    byte[] section = TableProtos.IndexSection.newBuilder().addIndices(scalar(List.of(0, 1)))
        .addIndices(vector(List.of(0, 1))).build().toByteArray();
    List<TableProtos.DataFragment> frags = List.of(
        TableProtos.DataFragment.newBuilder().setId(0).build(),
        TableProtos.DataFragment.newBuilder().setId(1).build());
    List<FileProtos.Field> fields = List.of(FileProtos.Field.newBuilder().setId(0).build(),
        FileProtos.Field.newBuilder().setId(1).setParentId(-1).build());
    byte[] out = IndexCarry.next(OpKind.UPDATE, section, frags, fields, false, List.of(),
        List.of(1), List.of(1L), "ds");
    List<TableProtos.IndexMetadata> got = IndexCarry.parse(out, "ds").getIndicesList();
    assertThat(IndexCarry.ids(got.get(0))).containsExactly(0);
    assertThat(got.get(1)).isEqualTo(vector(List.of(0, 1)));
  }
}

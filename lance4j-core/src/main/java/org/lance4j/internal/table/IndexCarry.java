package org.lance4j.internal.table;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lance4j.CorruptFileException;
import org.lance4j.InvalidInputException;
import org.lance4j.proto.FileProtos;
import org.lance4j.proto.TableProtos;
import org.roaringbitmap.RoaringBitmap;

/**
 * What a commit does to the indices of the version it builds on, as lance-core 7.0.0 does it.
 * lance4j never writes index files; it carries every {@code IndexMetadata} through unchanged
 * (unknown fields such as {@code files} included: the raw section is kept byte for byte when no
 * index changes) and only applies 7.0.0's bookkeeping:
 *
 * <ul>
 *   <li>Append, UpdateConfig, ReserveFragments: unchanged.
 *   <li>Rewrite (compaction) without stable row ids: unchanged. lance4j cannot remap index files,
 *       and 7.0.0 with no rewritten index leaves the fragment bitmaps as they were: they keep
 *       naming the fragments the index holds rows of, which no longer exist, so readers block
 *       those rows (prefilter of missing fragments) and scan the new fragments unindexed.
 *   <li>Rewrite with stable row ids: row ids do not move, so each bitmap replaces a group's old
 *       fragments by its new ones (a group only partly covered by an index is refused, as 7.0.0
 *       refuses it).
 *   <li>Update: fragments whose fields an index covers and the Update modified leave its bitmap.
 *   <li>Delete, Update, Merge, Project: indices of fields no longer in the schema are dropped
 *       (system indices stay), and so is a vector index with no remaining fragment; of several
 *       indices with one name only the non-empty ones stay (or the oldest scalar one).
 * </ul>
 */
final class IndexCarry {
  static final String FRAG_REUSE = "__lance_frag_reuse";
  static final String MEM_WAL = "__lance_mem_wal";

  /** A Rewrite group's fragment ids after numbering. */
  record Group(List<Long> oldIds, List<Long> newIds) {}

  private IndexCarry() {}

  /**
   * The index section of the next version.
   *
   * @param section raw IndexSection carried from the latest version (null: none)
   * @param groups for a Rewrite, its groups with the new fragments' ids; otherwise empty
   * @param fieldsModified for an Update, the field ids it modified; otherwise empty
   */
  static byte[] next(OpKind kind, byte[] section, List<TableProtos.DataFragment> fragments,
      List<FileProtos.Field> fields, boolean stableRowIds, List<Group> groups,
      List<Integer> fieldsModified, List<Long> updatedFragmentIds, String dataset) {
    if (section == null) {
      return null;
    }
    return switch (kind) {
      case APPEND, UPDATE_CONFIG, RESERVE_FRAGMENTS, OVERWRITE, RESTORE -> section;
      case REWRITE -> stableRowIds ? rewrite(section, groups, dataset) : section;
      case UPDATE -> retain(prune(section, fieldsModified, updatedFragmentIds, dataset),
          fragments, fields, dataset);
      case DELETE, MERGE, PROJECT -> retain(section, fragments, fields, dataset);
      // as an Update of those fields: indices over a replaced field lose the fragments
      case DATA_REPLACEMENT -> prune(section, fieldsModified, updatedFragmentIds, dataset);
    };
  }

  static TableProtos.IndexSection parse(byte[] section, String dataset) {
    try {
      return TableProtos.IndexSection.parseFrom(section);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFileException("index section of the latest manifest of " + dataset
          + " is not a valid IndexSection: " + e.getMessage(), e);
    }
  }

  /** The fragment ids of an index's bitmap, or null when it stores none (covers everything). */
  static RoaringBitmap bitmap(TableProtos.IndexMetadata index, String dataset) {
    ByteString b = index.getFragmentBitmap();
    if (b.isEmpty()) {
      return null;
    }
    RoaringBitmap r = new RoaringBitmap();
    try {
      r.deserialize(b.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException("index '" + index.getName() + "' of " + dataset
          + " has a fragment bitmap that is not a serialized roaring bitmap: " + e, e);
    }
    return r;
  }

  static ByteString encode(RoaringBitmap r) {
    r.runOptimize();
    ByteArrayOutputStream out = new ByteArrayOutputStream(r.serializedSizeInBytes());
    try {
      r.serialize(new DataOutputStream(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ByteString.copyFrom(out.toByteArray());
  }

  private static byte[] rewrite(byte[] section, List<Group> groups, String dataset) {
    TableProtos.IndexSection s = parse(section, dataset);
    TableProtos.IndexSection.Builder out = s.toBuilder();
    boolean changed = false;
    for (int i = 0; i < s.getIndicesCount(); i++) {
      TableProtos.IndexMetadata index = s.getIndices(i);
      RoaringBitmap old = bitmap(index, dataset);
      if (old == null) {
        continue;
      }
      RoaringBitmap next = old.clone();
      for (Group g : groups) {
        long covered = g.oldIds().stream().filter(id -> old.contains(id.intValue())).count();
        if (covered == 0) {
          continue;
        }
        if (covered != g.oldIds().size()) {
          throw new InvalidInputException("Rewrite on " + dataset + ": a group rewrites"
              + " fragments " + g.oldIds() + " of which only some are covered by index '"
              + index.getName() + "' (a compaction group must not mix indexed and unindexed"
              + " fragments)");
        }
        g.oldIds().forEach(id -> next.remove(id.intValue()));
        g.newIds().forEach(id -> next.add(id.intValue()));
      }
      if (!next.equals(old)) {
        out.setIndices(i, index.toBuilder().setFragmentBitmap(encode(next)));
        changed = true;
      }
    }
    return changed ? out.build().toByteArray() : section;
  }

  /** 7.0.0's prune of updated fragments from indices covering a modified field. */
  private static byte[] prune(byte[] section, List<Integer> fieldsModified,
      List<Long> updatedFragmentIds, String dataset) {
    if (fieldsModified.isEmpty() || updatedFragmentIds.isEmpty()) {
      return section;
    }
    Set<Integer> modified = new HashSet<>(fieldsModified);
    TableProtos.IndexSection s = parse(section, dataset);
    TableProtos.IndexSection.Builder out = s.toBuilder();
    boolean changed = false;
    for (int i = 0; i < s.getIndicesCount(); i++) {
      TableProtos.IndexMetadata index = s.getIndices(i);
      if (index.getFieldsList().stream().noneMatch(modified::contains)) {
        continue;
      }
      RoaringBitmap old = bitmap(index, dataset);
      if (old == null) {
        continue;
      }
      RoaringBitmap next = old.clone();
      updatedFragmentIds.forEach(id -> next.remove(id.intValue()));
      if (!next.equals(old)) {
        out.setIndices(i, index.toBuilder().setFragmentBitmap(encode(next)));
        changed = true;
      }
    }
    return changed ? out.build().toByteArray() : section;
  }

  /** 7.0.0's retain_relevant_indices. Returns null when no index is left. */
  private static byte[] retain(byte[] section, List<TableProtos.DataFragment> fragments,
      List<FileProtos.Field> fields, String dataset) {
    TableProtos.IndexSection s = parse(section, dataset);
    Set<Integer> fieldIds = ManifestBuilder.ids(fields);
    RoaringBitmap existing = new RoaringBitmap();
    fragments.forEach(f -> existing.add((int) f.getId()));
    List<TableProtos.IndexMetadata> inSchema = new ArrayList<>();
    for (TableProtos.IndexMetadata index : s.getIndicesList()) {
      if (system(index) || fieldIds.containsAll(index.getFieldsList())) {
        inSchema.add(index);
      }
    }
    Map<String, List<TableProtos.IndexMetadata>> byName = new LinkedHashMap<>();
    for (TableProtos.IndexMetadata index : inSchema) {
      if (!index.getName().equals(FRAG_REUSE)) {
        byName.computeIfAbsent(index.getName(), k -> new ArrayList<>()).add(index);
      }
    }
    Set<TableProtos.IndexMetadata> keep = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    for (List<TableProtos.IndexMetadata> same : byName.values()) {
      List<TableProtos.IndexMetadata> empty = new ArrayList<>();
      List<TableProtos.IndexMetadata> nonEmpty = new ArrayList<>();
      for (TableProtos.IndexMetadata index : same) {
        RoaringBitmap b = bitmap(index, dataset);
        (b == null || RoaringBitmap.and(b, existing).isEmpty() ? empty : nonEmpty).add(index);
      }
      if (same.size() == 1) {
        if (nonEmpty.size() == 1 || !vector(same.get(0))) {
          keep.add(same.get(0));
        }
      } else if (!nonEmpty.isEmpty()) {
        keep.addAll(nonEmpty);
      } else {
        TableProtos.IndexMetadata oldest = empty.stream()
            .min(Comparator.comparingLong(TableProtos.IndexMetadata::getDatasetVersion))
            .orElseThrow();
        if (!vector(oldest)) {
          keep.add(oldest);
        }
      }
    }
    List<TableProtos.IndexMetadata> kept = new ArrayList<>();
    for (TableProtos.IndexMetadata index : inSchema) {
      if (index.getName().equals(FRAG_REUSE) || keep.contains(index)) {
        kept.add(index);
      }
    }
    if (kept.size() == s.getIndicesCount()) {
      return section;
    }
    if (kept.isEmpty()) {
      return null;
    }
    return s.toBuilder().clearIndices().addAllIndices(kept).build().toByteArray();
  }

  private static boolean system(TableProtos.IndexMetadata index) {
    return index.getName().equals(FRAG_REUSE) || index.getName().equals(MEM_WAL);
  }

  private static boolean vector(TableProtos.IndexMetadata index) {
    return index.hasIndexDetails()
        && index.getIndexDetails().getTypeUrl().endsWith("VectorIndexDetails");
  }

  /** For tests: a bitmap's ids in order. */
  static List<Integer> ids(TableProtos.IndexMetadata index) {
    RoaringBitmap b = bitmap(index, "test");
    List<Integer> out = new ArrayList<>();
    if (b != null) {
      b.forEach((int i) -> out.add(i));
    }
    return out;
  }
}

package org.lance4j.internal.table;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.FileProtos;
import org.lance4j.proto.TableProtos;

/**
 * Builds the manifest of the next version from the LATEST committed manifest (never from the
 * version the operation was built on, so compatible concurrent commits are rebased over) and the
 * operation. What each operation does to the content is in {@link OperationApplier}; this class
 * does the common part: fragment numbering, max_fragment_id, feature flags, version, timestamp.
 */
final class ManifestBuilder {
  /** {@code writer_version.library}: not "lance", so Lance applies no lance-bug workarounds. */
  static final String WRITER_LIBRARY = "lance4j";
  /** {@code writer_version.version}: semver of this library. */
  static final String WRITER_VERSION = "0.1.0";
  static final long TOMBSTONE = -2;
  private static final long WRITABLE_FLAGS =
      Versions.FLAG_DELETION_FILES | Versions.FLAG_TABLE_CONFIG
          | Versions.FLAG_DISABLE_TRANSACTION_FILE | Versions.FLAG_STABLE_ROW_IDS
          | Versions.FLAG_BASE_PATHS;

  /** A manifest ready to frame, with the index section to carry (or null). */
  record Built(TableProtos.Manifest manifest, byte[] indexSection) {}

  /** A committed manifest with its raw index section (or null): the source of a Restore. */
  record Source(TableProtos.Manifest manifest, byte[] indexSection) {}

  /** The content of the next version while it is being assembled. */
  static final class Draft {
    final TableProtos.Manifest.Builder m = TableProtos.Manifest.newBuilder();
    final List<TableProtos.DataFragment> fragments = new ArrayList<>();
    byte[] indexSection;
    String formatVersion = "2.0";
    /** Next id for fragments given id 0. */
    long nextId;
    /** Raise max_fragment_id to at least this (ReserveFragments), -1 for none. */
    long reservedUpTo = -1;
    /** A Rewrite's groups with the ids its new fragments got. */
    final List<IndexCarry.Group> rewritten = new ArrayList<>();
    /** Next stable row id, or -1 when the dataset has no stable row ids. */
    long nextRowId = -1;
    /** The version being built. */
    long version = 1;
  }

  /**
   * What the next version is built from.
   *
   * @param latest the latest manifest, or null when the dataset does not exist yet
   * @param latestIndexSection raw IndexSection of the latest manifest, or null
   * @param restored for a Restore: the manifest of the version restored
   */
  record Inputs(ObjectStore store, String dataset, TableProtos.Manifest latest,
      byte[] latestIndexSection, Source restored) {}

  /**
   * Stable row ids: whether a dataset this commit creates uses them, and the row ids an Update
   * carries to its new fragments (by first data file path).
   */
  record RowIdOptions(boolean enable, java.util.Map<String, StableRowIds.Carried> carried) {
    static final RowIdOptions NONE = new RowIdOptions(false, java.util.Map.of());
  }

  private ManifestBuilder() {}

  /** The next version's manifest: {@code op} applied to {@code latest} (see {@link Inputs}). */
  static Built build(ObjectStore store, String dataset, Operation op,
      TableProtos.Manifest latest, byte[] latestIndexSection, String transactionFile,
      Source restored, RowIdOptions rowIds) {
    OpKind kind = OpKind.of(op);
    if (latest != null) {
      checkWritable(latest, dataset);
    } else if (!createsDataset(kind)) {
      throw new InvalidInputException("cannot commit " + op.getClass().getSimpleName() + " to "
          + dataset + ": the dataset does not exist (create it with an Overwrite or Append)");
    }
    Draft d = new Draft();
    if (latest != null) {
      d.nextId = nextFragmentId(latest);
      d.formatVersion = latest.hasDataFormat() ? latest.getDataFormat().getVersion() : "2.0";
      d.version = latest.getVersion() + 1;
    }
    boolean stable = latest != null && kind != OpKind.RESTORE ? Versions.stableRowIds(latest)
        : rowIds.enable();
    if (latest != null && kind != OpKind.RESTORE && !stable && rowIds.enable()) {
      throw new InvalidInputException("cannot enable stable row ids on existing dataset "
          + dataset + " (version " + latest.getVersion() + " has none); they can only be"
          + " enabled when the dataset is created");
    }
    if (stable) {
      d.nextRowId = latest == null ? 0 : latest.getNextRowId();
    }
    Inputs in = new Inputs(store, dataset, latest, latestIndexSection, restored);
    OperationApplier.apply(d, op, in);
    if (kind == OpKind.RESTORE) {
      TableProtos.Manifest old = restored.manifest();
      d.nextRowId = Versions.stableRowIds(old) ? Math.max(old.getNextRowId(),
          latest == null ? 0 : latest.getNextRowId()) : -1;
    } else if (d.nextRowId >= 0) {
      d.nextRowId = StableRowIds.assign(d.fragments, d.nextRowId, d.version, rowIds.carried(),
          dataset);
    }
    List<Integer> fieldsModified = List.of();
    List<Long> updatedIds = List.of();
    if (op instanceof Operation.Update up) {
      fieldsModified = up.fieldsModified();
      updatedIds = up.updatedFragments().stream().map(FragmentMetadata::id).toList();
    } else if (op instanceof Operation.DataReplacement dr) {
      fieldsModified = dr.replacements().get(0).newFile().fields();
      updatedIds = dr.replacements().stream().map(Operation.DataReplacementGroup::fragmentId)
          .toList();
    }
    d.indexSection = IndexCarry.next(kind, d.indexSection, d.fragments, d.m.getFieldsList(),
        d.nextRowId >= 0, d.rewritten, fieldsModified,
        updatedIds, dataset);
    return finish(d, latest, transactionFile, dataset);
  }

  /** May this kind of operation be the first commit of a dataset? */
  private static boolean createsDataset(OpKind kind) {
    return switch (kind) {
      case OVERWRITE, APPEND -> true;
      case MERGE, DELETE, UPDATE, PROJECT, RESTORE, REWRITE, UPDATE_CONFIG,
          RESERVE_FRAGMENTS, DATA_REPLACEMENT -> false;
    };
  }

  /** Adds new fragments at the end, numbering those with id 0. */
  static void addNew(Draft d, List<FragmentMetadata> fragments, String dataset) {
    // ids the caller chose (not 0) must not clash with each other or with the draft's; numbered
    // ones come from nextId, above every id the draft has, so only chosen ids need the lookup
    Set<Long> chosen = new HashSet<>();
    for (FragmentMetadata f : fragments) {
      if (f.id() != 0 && !chosen.add(f.id())) {
        throw twice(f.id(), dataset);
      }
    }
    if (!chosen.isEmpty()) {
      for (TableProtos.DataFragment f : d.fragments) {
        if (chosen.contains(f.getId())) {
          throw twice(f.getId(), dataset);
        }
      }
    }
    for (FragmentMetadata f : fragments) {
      FragmentMetadata numbered = f;
      if (f.id() == 0) {
        while (chosen.contains(d.nextId)) { // a chosen id ahead of the counter
          d.nextId++;
        }
        numbered = f.withId(d.nextId++);
      }
      d.fragments.add(FragmentProtos.toProto(numbered));
    }
  }

  private static InvalidInputException twice(long id, String dataset) {
    return new InvalidInputException("fragment id " + id + " would appear twice in"
        + " the new version of " + dataset + " (give new fragments id 0)");
  }

  private static Built finish(Draft d, TableProtos.Manifest latest, String transactionFile,
      String dataset) {
    TableProtos.Manifest.Builder m = d.m;
    m.clearFragments().addAllFragments(d.fragments);
    long highWater = d.reservedUpTo;
    if (latest != null && latest.hasMaxFragmentId()) {
      highWater = Math.max(highWater, Integer.toUnsignedLong(latest.getMaxFragmentId()));
    }
    if (m.hasMaxFragmentId()) { // a restored manifest's own high-water mark
      highWater = Math.max(highWater, Integer.toUnsignedLong(m.getMaxFragmentId()));
    }
    for (TableProtos.DataFragment f : d.fragments) {
      highWater = Math.max(highWater, f.getId());
    }
    if (highWater >= 0) {
      if (highWater > 0xFFFF_FFFFL) {
        throw new InvalidInputException("fragment id " + highWater + " exceeds u32 in the new"
            + " version of " + dataset);
      }
      m.setMaxFragmentId((int) highWater);
    }
    boolean deletions = false;
    for (TableProtos.DataFragment f : d.fragments) {
      deletions |= f.hasDeletionFile();
    }
    long readerFlags = (deletions ? Versions.FLAG_DELETION_FILES : 0)
        | (d.nextRowId >= 0 ? Versions.FLAG_STABLE_ROW_IDS : 0)
        | (m.getBasePathsCount() > 0 ? Versions.FLAG_BASE_PATHS : 0);
    if (d.nextRowId >= 0) {
      m.setNextRowId(d.nextRowId);
    } else {
      m.clearNextRowId();
    }
    long writerFlags = readerFlags | (m.getConfigCount() > 0 ? Versions.FLAG_TABLE_CONFIG : 0)
        | (latest == null ? 0
            : latest.getWriterFeatureFlags() & Versions.FLAG_DISABLE_TRANSACTION_FILE);
    Instant now = Instant.now();
    m.setVersion(latest == null ? 1 : latest.getVersion() + 1)
        .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond())
            .setNanos(now.getNano()))
        .setReaderFeatureFlags(readerFlags)
        .setWriterFeatureFlags(writerFlags)
        .setTransactionFile(transactionFile)
        .setWriterVersion(TableProtos.Manifest.WriterVersion.newBuilder()
            .setLibrary(WRITER_LIBRARY).setVersion(WRITER_VERSION))
        .setDataFormat(TableProtos.Manifest.DataStorageFormat.newBuilder()
            .setFileFormat("lance").setVersion(d.formatVersion));
    return new Built(m.build(), d.indexSection);
  }

  /** Lance's next id for new fragments: one past the high-water mark (or the max id). */
  static long nextFragmentId(TableProtos.Manifest latest) {
    if (latest.hasMaxFragmentId()) {
      return Integer.toUnsignedLong(latest.getMaxFragmentId()) + 1;
    }
    long max = -1;
    for (TableProtos.DataFragment f : latest.getFragmentsList()) {
      max = Math.max(max, f.getId());
    }
    return max + 1;
  }

  static void checkWritable(TableProtos.Manifest latest, String dataset) {
    Versions.checkReaderFlags(latest, dataset);
    long flags = latest.getWriterFeatureFlags() | latest.getReaderFeatureFlags();
    long unsupported = flags & ~WRITABLE_FLAGS;
    if (unsupported != 0) {
      long bit = Long.lowestOneBit(unsupported);
      String what = bit == Versions.FLAG_STABLE_ROW_IDS ? " (stable row ids)" : "";
      throw new UnsupportedFormatException("cannot commit to dataset " + dataset + ": version "
          + latest.getVersion() + " has writer feature flag " + Long.toUnsignedString(bit) + what
          + ", which lance4j does not write");
    }
  }

  static Set<Integer> ids(List<FileProtos.Field> fields) {
    Set<Integer> out = new HashSet<>();
    for (FileProtos.Field f : fields) {
      out.add(f.getId());
    }
    return out;
  }

  /** Field path ("a.b") -> id of every field of a schema. */
  static Map<String, Integer> paths(List<FileProtos.Field> fields) {
    Map<Integer, String> byId = new LinkedHashMap<>();
    Map<String, Integer> out = new LinkedHashMap<>();
    for (FileProtos.Field f : fields) {
      String parent = byId.get(f.getParentId());
      String path = parent == null ? f.getName() : parent + "." + f.getName();
      byId.put(f.getId(), path);
      out.put(path, f.getId());
    }
    return out;
  }

  static void checkFieldIds(List<FragmentMetadata> fragments, Set<Integer> schemaIds,
      String dataset) {
    for (FragmentMetadata f : fragments) {
      if (f.files().isEmpty()) {
        throw new InvalidInputException("fragment " + f.id() + " committed to " + dataset
            + " has no data files");
      }
      for (DataFile df : f.files()) {
        if (df.fields().isEmpty()) {
          throw new InvalidInputException("data file " + df.path() + " of fragment " + f.id()
              + " lists no fields");
        }
        for (int id : df.fields()) {
          if (id != TOMBSTONE && !schemaIds.contains(id)) {
            throw new InvalidInputException("data file " + df.path() + " stores field id " + id
                + ", which is not in the schema of " + dataset + " (field ids " + schemaIds
                + "): the data does not match the dataset's schema");
          }
        }
      }
    }
  }

  static void checkFormat(List<FragmentMetadata> fragments, String datasetFormat,
      String dataset) {
    if (!datasetFormat.matches("\\d+\\.\\d+")) {
      return;
    }
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        String v = df.fileVersion(); // 0.3 is how Lance labels 2.0 files
        if (!v.equals(datasetFormat)) {
          throw new InvalidInputException("data file " + df.path() + " has format version " + v
              + " but dataset " + dataset + " stores format " + datasetFormat);
        }
      }
    }
  }
}

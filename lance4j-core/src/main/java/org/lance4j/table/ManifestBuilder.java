package org.lance4j.table;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.file.LanceFileReader;
import org.lance4j.io.ObjectStore;
import org.lance4j.proto.FileProtos;
import org.lance4j.proto.TableProtos;

/**
 * Builds the manifest of the next version from the LATEST committed manifest (never from the
 * version the operation was built on, so concurrent appends are rebased) and the operation.
 */
final class ManifestBuilder {
  /** {@code writer_version.library}: not "lance", so Lance applies no lance-bug workarounds. */
  static final String WRITER_LIBRARY = "lance4j";
  /** {@code writer_version.version}: semver of this library. */
  static final String WRITER_VERSION = "0.1.0";
  private static final long TOMBSTONE = -2;
  private static final long WRITABLE_FLAGS =
      Versions.FLAG_DELETION_FILES | Versions.FLAG_TABLE_CONFIG;

  /** A manifest ready to frame, with the index section to carry (or null). */
  record Built(TableProtos.Manifest manifest, byte[] indexSection) {}

  private ManifestBuilder() {}

  /**
   * @param latest the latest manifest, or null when the dataset does not exist yet
   * @param latestIndexSection raw IndexSection of the latest manifest, or null
   */
  static Built build(ObjectStore store, String dataset, Operation op,
      TableProtos.Manifest latest, byte[] latestIndexSection, String transactionFile) {
    if (latest != null) {
      checkWritable(latest, dataset);
    }
    TableProtos.Manifest.Builder m = TableProtos.Manifest.newBuilder();
    long newVersion = latest == null ? 1 : latest.getVersion() + 1;
    long nextId;
    List<TableProtos.DataFragment> fragments = new ArrayList<>();
    byte[] indexSection = null;
    String formatVersion;
    if (op instanceof Operation.Overwrite ow) {
      LanceSchema schema = LanceSchema.fromArrow(ow.schema());
      m.addAllFields(schema.toProtos()).putAllSchemaMetadata(schema.metadataProtos());
      checkFieldIds(ow.fragments(), ids(schema.toProtos()), dataset);
      nextId = 0;
      formatVersion = formatOf(ow.fragments(), "2.0");
      if (latest != null) {
        m.putAllConfig(latest.getConfigMap()).putAllTableMetadata(latest.getTableMetadataMap());
        if (latest.hasBranch()) {
          m.setBranch(latest.getBranch());
        }
      }
    } else {
      Operation.Append ap = (Operation.Append) op;
      if (latest == null) {
        LanceSchema schema = schemaOfFirstFile(store, ap.fragments(), dataset);
        m.addAllFields(schema.toProtos()).putAllSchemaMetadata(schema.metadataProtos());
        formatVersion = formatOf(ap.fragments(), "2.0");
      } else {
        m.addAllFields(latest.getFieldsList()).putAllSchemaMetadata(latest.getSchemaMetadataMap())
            .putAllConfig(latest.getConfigMap()).putAllTableMetadata(latest.getTableMetadataMap())
            .setBlobDatasetVersion(latest.getBlobDatasetVersion());
        if (latest.hasBranch()) {
          m.setBranch(latest.getBranch());
        }
        fragments.addAll(latest.getFragmentsList());
        indexSection = latestIndexSection;
        formatVersion = latest.hasDataFormat() ? latest.getDataFormat().getVersion() : "2.0";
        checkFormat(ap.fragments(), formatVersion, dataset);
      }
      checkFieldIds(ap.fragments(), ids(m.getFieldsList()), dataset);
      nextId = latest == null ? 0 : nextFragmentId(latest);
    }

    Set<Long> used = new HashSet<>();
    for (TableProtos.DataFragment f : fragments) {
      used.add(f.getId());
    }
    for (FragmentMetadata f : op.fragments()) {
      FragmentMetadata numbered = f.id() == 0 ? f.withId(nextId++) : f;
      if (!used.add(numbered.id())) {
        throw new InvalidInputException("fragment id " + numbered.id() + " would appear twice in"
            + " the new version of " + dataset + " (give new fragments id 0)");
      }
      fragments.add(FragmentProtos.toProto(numbered));
    }
    fragments.sort((a, b) -> Long.compareUnsigned(a.getId(), b.getId()));
    m.addAllFragments(fragments);

    long highWater = -1;
    if (latest != null && latest.hasMaxFragmentId()) {
      highWater = Integer.toUnsignedLong(latest.getMaxFragmentId());
    }
    for (TableProtos.DataFragment f : fragments) {
      highWater = Math.max(highWater, f.getId());
    }
    if (highWater >= 0) {
      if (highWater > 0xFFFF_FFFFL) {
        throw new InvalidInputException("fragment id " + highWater + " exceeds u32 in " + dataset);
      }
      m.setMaxFragmentId((int) highWater);
    }

    boolean deletions = false;
    for (TableProtos.DataFragment f : fragments) {
      deletions |= f.hasDeletionFile();
    }
    long readerFlags = deletions ? Versions.FLAG_DELETION_FILES : 0;
    long writerFlags = readerFlags | (m.getConfigCount() > 0 ? Versions.FLAG_TABLE_CONFIG : 0);
    Instant now = Instant.now();
    m.setVersion(newVersion)
        .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond())
            .setNanos(now.getNano()))
        .setReaderFeatureFlags(readerFlags)
        .setWriterFeatureFlags(writerFlags)
        .setTransactionFile(transactionFile)
        .setWriterVersion(TableProtos.Manifest.WriterVersion.newBuilder()
            .setLibrary(WRITER_LIBRARY).setVersion(WRITER_VERSION))
        .setDataFormat(TableProtos.Manifest.DataStorageFormat.newBuilder()
            .setFileFormat("lance").setVersion(formatVersion));
    return new Built(m.build(), indexSection);
  }

  /** Lance's next id for new fragments: one past the high-water mark (or the max id). */
  private static long nextFragmentId(TableProtos.Manifest latest) {
    if (latest.hasMaxFragmentId()) {
      return Integer.toUnsignedLong(latest.getMaxFragmentId()) + 1;
    }
    long max = -1;
    for (TableProtos.DataFragment f : latest.getFragmentsList()) {
      max = Math.max(max, f.getId());
    }
    return max + 1;
  }

  private static void checkWritable(TableProtos.Manifest latest, String dataset) {
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

  private static Set<Integer> ids(List<FileProtos.Field> fields) {
    Set<Integer> out = new HashSet<>();
    for (FileProtos.Field f : fields) {
      out.add(f.getId());
    }
    return out;
  }

  private static void checkFieldIds(List<FragmentMetadata> fragments, Set<Integer> schemaIds,
      String dataset) {
    for (FragmentMetadata f : fragments) {
      if (f.files().isEmpty()) {
        throw new InvalidInputException("fragment " + f.id() + " committed to " + dataset
            + " has no data files");
      }
      for (DataFile df : f.files()) {
        if (df.fields().isEmpty()) {
          throw new InvalidInputException("data file " + df.path() + " lists no fields");
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

  private static String formatOf(List<FragmentMetadata> fragments, String dflt) {
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        return df.fileMajorVersion() + "." + df.fileMinorVersion();
      }
    }
    return dflt;
  }

  private static void checkFormat(List<FragmentMetadata> fragments, String datasetFormat,
      String dataset) {
    if (!datasetFormat.matches("\\d+\\.\\d+")) {
      return;
    }
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        String v = df.fileMajorVersion() + "." + df.fileMinorVersion();
        if (!v.equals(datasetFormat)) {
          throw new InvalidInputException("data file " + df.path() + " has format version " + v
              + " but dataset " + dataset + " stores format " + datasetFormat);
        }
      }
    }
  }

  /** Schema for a dataset created by an Append: read from the first data file's footer. */
  private static LanceSchema schemaOfFirstFile(ObjectStore store, List<FragmentMetadata> fragments,
      String dataset) {
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        try (LanceFileReader r = LanceFileReader.open(store, "data/" + df.path(),
            df.fileSizeBytes())) {
          return r.schema();
        }
      }
    }
    throw new InvalidInputException("cannot create dataset " + dataset + " with an Append of no"
        + " fragments: there is no schema (use an Overwrite with a schema)");
  }
}

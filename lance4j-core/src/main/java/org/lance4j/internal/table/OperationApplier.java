package org.lance4j.internal.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lance4j.CommitConflictException;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.WriteOptions;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.internal.SchemaProtos;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.internal.table.ManifestBuilder.Draft;
import org.lance4j.proto.FileProtos;
import org.lance4j.proto.TableProtos;
import org.lance4j.storage.ObjectStore;

/**
 * What each operation does to the content of the next version, applied to a draft that starts as
 * a copy of the latest version (except for Overwrite, Restore and an Append creating the
 * dataset); {@link ManifestBuilder} does the common part.
 */
final class OperationApplier {
  private OperationApplier() {}

  /** {@code op} applied to the draft; returns the draft. */
  static Draft apply(Draft d, Operation op, ManifestBuilder.Inputs in) {
    TableProtos.Manifest latest = in.latest();
    String dataset = in.dataset();
    return switch (OpKind.of(op)) {
      case OVERWRITE -> overwrite(d, (Operation.Overwrite) op, latest, dataset);
      case APPEND -> latest == null ? create(d, (Operation.Append) op, in.store(), dataset)
          : append(carryOver(d, in), (Operation.Append) op, dataset);
      case RESTORE -> restore(d, in.restored(), dataset);
      case MERGE -> merge(carryOver(d, in), (Operation.Merge) op, latest, dataset);
      case DELETE -> delete(carryOver(d, in), (Operation.Delete) op, dataset, latest.getVersion());
      case UPDATE -> update(carryOver(d, in), (Operation.Update) op, dataset, latest.getVersion());
      case PROJECT -> project(carryOver(d, in), (Operation.Project) op, dataset);
      case REWRITE ->
          rewrite(carryOver(d, in), (Operation.Rewrite) op, in.store(), dataset,
              latest.getVersion());
      case UPDATE_CONFIG -> updateConfig(carryOver(d, in), (Operation.UpdateConfig) op);
      case RESERVE_FRAGMENTS ->
          reserve(carryOver(d, in), (Operation.ReserveFragments) op);
      case DATA_REPLACEMENT -> DataReplacer.apply(carryOver(d, in),
          (Operation.DataReplacement) op, dataset, latest.getVersion());
    };
  }

  /** Copies schema, fragments, config and indices of the latest version into the draft. */
  private static Draft carryOver(Draft d, ManifestBuilder.Inputs in) {
    TableProtos.Manifest latest = in.latest();
    d.m.addAllFields(latest.getFieldsList()).putAllSchemaMetadata(latest.getSchemaMetadataMap())
        .putAllConfig(latest.getConfigMap()).putAllTableMetadata(latest.getTableMetadataMap())
        .setBlobDatasetVersion(latest.getBlobDatasetVersion())
        .addAllBasePaths(latest.getBasePathsList());
    if (latest.hasBranch()) {
      d.m.setBranch(latest.getBranch());
    }
    d.fragments.addAll(latest.getFragmentsList());
    d.indexSection = in.latestIndexSection();
    return d;
  }

  /** New schema and fragments; the latest version's config, table metadata and branch stay. */
  private static Draft overwrite(Draft d, Operation.Overwrite ow, TableProtos.Manifest latest,
      String dataset) {
    LanceSchema schema = ow.schema();
    List<FileProtos.Field> fields = SchemaProtos.toProtos(schema);
    d.m.addAllFields(fields).putAllSchemaMetadata(SchemaProtos.metadataProtos(schema));
    ManifestBuilder.checkFieldIds(ow.fragments(), ManifestBuilder.ids(fields), dataset);
    d.nextId = 0;
    d.formatVersion = formatOf(ow.fragments(), WriteOptions.defaultDataStorageVersion());
    ManifestBuilder.checkFormat(ow.fragments(), d.formatVersion, dataset);
    if (latest != null) {
      d.m.putAllConfig(latest.getConfigMap()).putAllTableMetadata(latest.getTableMetadataMap());
      if (latest.hasBranch()) {
        d.m.setBranch(latest.getBranch());
      }
    }
    ManifestBuilder.addNew(d, ow.fragments(), dataset);
    return d;
  }

  /** An Append creating the dataset: the schema is the first data file's. */
  private static Draft create(Draft d, Operation.Append ap, ObjectStore store, String dataset) {
    LanceSchema schema = schemaOfFirstFile(store, ap.fragments(), dataset);
    d.m.addAllFields(SchemaProtos.toProtos(schema))
        .putAllSchemaMetadata(SchemaProtos.metadataProtos(schema));
    d.formatVersion = formatOf(ap.fragments(), WriteOptions.defaultDataStorageVersion());
    ManifestBuilder.checkFormat(ap.fragments(), d.formatVersion, dataset);
    ManifestBuilder.checkFieldIds(ap.fragments(), ManifestBuilder.ids(d.m.getFieldsList()),
        dataset);
    ManifestBuilder.addNew(d, ap.fragments(), dataset);
    return d;
  }

  private static Draft append(Draft d, Operation.Append ap, String dataset) {
    ManifestBuilder.checkFormat(ap.fragments(), d.formatVersion, dataset);
    ManifestBuilder.checkFieldIds(ap.fragments(), ManifestBuilder.ids(d.m.getFieldsList()),
        dataset);
    ManifestBuilder.addNew(d, ap.fragments(), dataset);
    return d;
  }

  /** The restored version's content becomes the next version (renumbered by the builder). */
  private static Draft restore(Draft d, ManifestBuilder.Source restored, String dataset) {
    ManifestBuilder.checkWritable(restored.manifest(), dataset);
    TableProtos.Manifest old = restored.manifest();
    d.m.mergeFrom(old);
    d.m.clearTransactionSection().clearIndexSection().clearTransactionFile();
    d.fragments.clear();
    d.fragments.addAll(old.getFragmentsList());
    d.indexSection = restored.indexSection();
    d.formatVersion = old.hasDataFormat() ? old.getDataFormat().getVersion() : "2.0";
    return d;
  }

  private static Draft reserve(Draft d, Operation.ReserveFragments rf) {
    d.reservedUpTo = d.nextId - 1 + rf.numFragments();
    return d;
  }

  private static Draft updateConfig(Draft d, Operation.UpdateConfig uc) {
    Map<String, String> config = new HashMap<>(d.m.getConfigMap());
    config.putAll(uc.upserts());
    for (String k : uc.deleteKeys()) {
      if (!uc.upserts().containsKey(k)) {
        config.remove(k);
      }
    }
    d.m.clearConfig().putAllConfig(config);
    return d;
  }

  private static Draft merge(Draft d, Operation.Merge mg,
      TableProtos.Manifest latest, String dataset) {
    List<FileProtos.Field> newFields = SchemaProtos.toProtos(mg.schema());
    Map<String, Integer> oldPaths = ManifestBuilder.paths(latest.getFieldsList());
    Map<String, Integer> newPaths = ManifestBuilder.paths(newFields);
    for (Map.Entry<String, Integer> e : newPaths.entrySet()) {
      Integer old = oldPaths.get(e.getKey());
      if (old != null && !old.equals(e.getValue())) {
        throw new InvalidInputException("Merge into " + dataset + ": field '" + e.getKey()
            + "' has id " + e.getValue() + " in the new schema but id " + old
            + " in version " + latest.getVersion() + " (existing fields must keep their ids)");
      }
    }
    Map<Long, TableProtos.DataFragment> existing = new HashMap<>();
    for (TableProtos.DataFragment f : latest.getFragmentsList()) {
      existing.put(f.getId(), f);
    }
    Set<Long> listed = new HashSet<>();
    for (FragmentMetadata f : mg.fragments()) {
      TableProtos.DataFragment old = existing.get(f.id());
      if (old == null) {
        throw new InvalidInputException("Merge into " + dataset + " lists fragment " + f.id()
            + ", which version " + latest.getVersion() + " does not have");
      }
      if (!listed.add(f.id())) {
        throw new InvalidInputException("Merge into " + dataset + " lists fragment " + f.id()
            + " twice");
      }
      if (old.getPhysicalRows() != f.physicalRows()) {
        throw new InvalidInputException("Merge into " + dataset + ": fragment " + f.id()
            + " has " + f.physicalRows() + " physical rows but " + old.getPhysicalRows()
            + " in version " + latest.getVersion() + " (merged columns must cover every row)");
      }
    }
    for (Long id : existing.keySet()) {
      if (!listed.contains(id)) {
        throw new InvalidInputException("Merge into " + dataset + " does not list fragment " + id
            + " of version " + latest.getVersion() + ": a Merge must list every fragment");
      }
    }
    // Files already committed may hold ids of dropped columns (Lance keeps them on disk): only
    // the data files this Merge adds must store schema fields. And a new field must not take an
    // id that committed data still stores, or it would read the dropped column's values.
    Set<String> committedFiles = new HashSet<>();
    Set<Integer> committedIds = new HashSet<>();
    for (TableProtos.DataFragment f : latest.getFragmentsList()) {
      for (TableProtos.DataFile df : f.getFilesList()) {
        committedFiles.add(df.getPath());
        committedIds.addAll(df.getFieldsList());
      }
    }
    for (Map.Entry<String, Integer> e : newPaths.entrySet()) {
      if (!oldPaths.containsKey(e.getKey()) && committedIds.contains(e.getValue())) {
        throw new InvalidInputException("Merge into " + dataset + ": new field '" + e.getKey()
            + "' has id " + e.getValue() + ", which data files of version " + latest.getVersion()
            + " already store (a dropped column's data): new fields need ids above "
            + "every id in the schema and the data files");
      }
    }
    List<FragmentMetadata> added = new ArrayList<>();
    for (FragmentMetadata f : mg.fragments()) {
      added.add(new FragmentMetadata(f.id(), f.files().stream()
          .filter(df -> !committedFiles.contains(df.path())).toList(), f.physicalRows(),
          f.deletionFile()));
    }
    ManifestBuilder.checkFieldIds(added.stream().filter(f -> !f.files().isEmpty()).toList(),
        ManifestBuilder.ids(newFields), dataset);
    ManifestBuilder.checkFormat(mg.fragments(), d.formatVersion, dataset);
    d.m.clearFields().addAllFields(newFields)
        .clearSchemaMetadata().putAllSchemaMetadata(SchemaProtos.metadataProtos(mg.schema()));
    Map<Long, FragmentMetadata> byId = new HashMap<>();
    for (FragmentMetadata f : mg.fragments()) {
      byId.put(f.id(), f);
    }
    d.fragments.replaceAll(f -> StableRowIds.keepRowMeta(f,
        FragmentProtos.toProto(byId.get(f.getId()))));
    return d;
  }

  private static Draft delete(Draft d, Operation.Delete del, String dataset,
      long latestVersion) {
    return replace(d, del.updatedFragments(), del.deletedFragmentIds(), "Delete", dataset,
        latestVersion);
  }

  /** An Update: its rows' old copies deleted as a Delete would, the new copies appended. */
  private static Draft update(Draft d, Operation.Update up, String dataset, long latestVersion) {
    replace(d, up.updatedFragments(), up.removedFragmentIds(), "Update", dataset, latestVersion);
    ManifestBuilder.checkFormat(up.newFragments(), d.formatVersion, dataset);
    ManifestBuilder.checkFieldIds(up.newFragments(), ManifestBuilder.ids(d.m.getFieldsList()),
        dataset);
    ManifestBuilder.addNew(d, up.newFragments(), dataset);
    return d;
  }

  /** Replaces fragments by id (same physical rows, new deletion files) and removes others. */
  private static Draft replace(Draft d, List<FragmentMetadata> updatedFragments,
      List<Long> removedIds, String what, String dataset, long latestVersion) {
    Map<Long, FragmentMetadata> updated = new HashMap<>();
    for (FragmentMetadata f : updatedFragments) {
      updated.put(f.id(), f);
    }
    Set<Long> removed = new HashSet<>(removedIds);
    Set<Long> seen = new HashSet<>();
    List<TableProtos.DataFragment> out = new ArrayList<>();
    for (TableProtos.DataFragment f : d.fragments) {
      if (removed.contains(f.getId())) {
        seen.add(f.getId());
        continue;
      }
      FragmentMetadata u = updated.get(f.getId());
      if (u != null) {
        seen.add(f.getId());
        if (u.physicalRows() != f.getPhysicalRows()) {
          throw new InvalidInputException(what + " on " + dataset + ": updated fragment "
              + u.id() + " has " + u.physicalRows() + " physical rows, version " + latestVersion
              + " has " + f.getPhysicalRows());
        }
        out.add(StableRowIds.keepRowMeta(f, FragmentProtos.toProto(u)));
      } else {
        out.add(f);
      }
    }
    for (Long id : updated.keySet()) {
      missing(what, id, seen, dataset, latestVersion);
    }
    for (Long id : removed) {
      missing(what, id, seen, dataset, latestVersion);
    }
    d.fragments.clear();
    d.fragments.addAll(out);
    return d;
  }

  private static void missing(String what, long id, Set<Long> seen, String dataset,
      long version) {
    if (!seen.contains(id)) {
      throw new CommitConflictException(what + " on " + dataset + " names fragment " + id
          + ", which version " + version + " no longer has; re-read the dataset and retry",
          true, version);
    }
  }

  private static Draft project(Draft d, Operation.Project p, String dataset) {
    Set<Integer> old = ManifestBuilder.ids(d.m.getFieldsList());
    List<FileProtos.Field> fields = SchemaProtos.toProtos(p.schema());
    for (FileProtos.Field f : fields) {
      if (!old.contains(f.getId())) {
        throw new InvalidInputException("Project on " + dataset + ": field '" + f.getName()
            + "' (id " + f.getId() + ") is not in the current schema; Project can only keep or"
            + " drop fields (use Merge to add)");
      }
    }
    d.m.clearFields().addAllFields(fields)
        .clearSchemaMetadata().putAllSchemaMetadata(SchemaProtos.metadataProtos(p.schema()));
    return d;
  }

  private static Draft rewrite(Draft d, Operation.Rewrite rw, ObjectStore store,
      String dataset, long latestVersion) {
    Set<Integer> schemaIds = ManifestBuilder.ids(d.m.getFieldsList());
    Map<Long, Integer> position = new HashMap<>();
    for (int i = 0; i < d.fragments.size(); i++) {
      position.put(d.fragments.get(i).getId(), i);
    }
    // replacement for each old fragment position: the group's new fragments at the first one
    Map<Integer, List<TableProtos.DataFragment>> replacement = new HashMap<>();
    Set<Integer> dropped = new HashSet<>();
    Set<Long> used = new HashSet<>(position.keySet());
    for (Operation.RewriteGroup g : rw.groups()) {
      if (g.oldFragments().isEmpty()) {
        throw new InvalidInputException("Rewrite on " + dataset + ": a group has no old"
            + " fragments");
      }
      ManifestBuilder.checkFieldIds(g.newFragments(), schemaIds, dataset);
      ManifestBuilder.checkFormat(g.newFragments(), d.formatVersion, dataset);
      int first = Integer.MAX_VALUE;
      long oldRows = 0;
      List<TableProtos.DataFragment> oldProtos = new ArrayList<>();
      for (FragmentMetadata old : g.oldFragments()) {
        Integer pos = position.get(old.id());
        if (pos == null || dropped.contains(pos)) {
          throw new CommitConflictException("Rewrite on " + dataset + " replaces fragment "
              + old.id() + ", which version " + latestVersion + " no longer has; re-read the"
              + " dataset and retry", true, latestVersion);
        }
        dropped.add(pos);
        oldProtos.add(d.fragments.get(pos));
        first = Math.min(first, pos);
        oldRows += FragmentProtos.fromProto(d.fragments.get(pos)).numRows();
      }
      List<TableProtos.DataFragment> news = new ArrayList<>();
      List<Long> newIds = new ArrayList<>();
      long newRows = 0;
      for (FragmentMetadata f : g.newFragments()) {
        FragmentMetadata numbered = f.id() == 0 ? f.withId(d.nextId++) : f;
        if (!used.add(numbered.id())) {
          throw new InvalidInputException("Rewrite on " + dataset + ": new fragment id "
              + numbered.id() + " is already in use (give new fragments id 0)");
        }
        newRows += numbered.numRows();
        news.add(FragmentProtos.toProto(numbered));
        newIds.add(numbered.id());
      }
      if (d.nextRowId >= 0) { // stable row ids: the rows keep their ids and versions
        news = StableRowIds.rewrite(store, oldProtos, g.oldFragments(), news, d.version,
            dataset);
      }
      d.rewritten.add(new IndexCarry.Group(
          g.oldFragments().stream().map(FragmentMetadata::id).toList(), newIds));
      if (newRows != oldRows) {
        throw new InvalidInputException("Rewrite on " + dataset + ": a group replaces "
            + oldRows + " rows by " + newRows + " rows (compaction must keep every row)");
      }
      replacement.put(first, news);
    }
    List<TableProtos.DataFragment> out = new ArrayList<>();
    for (int i = 0; i < d.fragments.size(); i++) {
      List<TableProtos.DataFragment> r = replacement.get(i);
      if (r != null) {
        out.addAll(r);
      } else if (!dropped.contains(i)) {
        out.add(d.fragments.get(i));
      }
    }
    d.fragments.clear();
    d.fragments.addAll(out);
    return d;
  }

  private static String formatOf(List<FragmentMetadata> fragments, String dflt) {
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        return df.fileVersion();
      }
    }
    return dflt;
  }

  /** Schema for a dataset created by an Append: read from the first data file's footer. */
  private static LanceSchema schemaOfFirstFile(ObjectStore store, List<FragmentMetadata> fragments,
      String dataset) {
    for (FragmentMetadata f : fragments) {
      for (DataFile df : f.files()) {
        return LanceFileReader.readSchema(store, DataFileNames.path(df),
            df.fileSizeBytes());
      }
    }
    throw new InvalidInputException("cannot create dataset " + dataset + " with an Append of no"
        + " fragments: there is no schema (use an Overwrite with a schema)");
  }
}

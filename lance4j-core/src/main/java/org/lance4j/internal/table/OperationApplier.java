package org.lance4j.internal.table;

import org.lance4j.internal.SchemaProtos;

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
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.proto.FileProtos;
import org.lance4j.proto.TableProtos;

/**
 * What each operation does to the content of the next version, applied to a draft that starts as
 * a copy of the latest version ({@link ManifestBuilder}).
 */
final class OperationApplier {
  private OperationApplier() {}

  static void apply(ManifestBuilder.Draft d, Operation op, TableProtos.Manifest latest,
      String dataset) {
    if (op instanceof Operation.Append ap) {
      ManifestBuilder.checkFormat(ap.fragments(), d.formatVersion, dataset);
      ManifestBuilder.checkFieldIds(ap.fragments(), ManifestBuilder.ids(d.m.getFieldsList()),
          dataset);
      ManifestBuilder.addNew(d, ap.fragments(), dataset);
    } else if (op instanceof Operation.Merge mg) {
      merge(d, mg, latest, dataset);
    } else if (op instanceof Operation.Delete del) {
      delete(d, del, dataset, latest.getVersion());
    } else if (op instanceof Operation.Project p) {
      project(d, p, dataset);
    } else if (op instanceof Operation.Rewrite rw) {
      rewrite(d, rw, dataset, latest.getVersion());
    } else if (op instanceof Operation.UpdateConfig uc) {
      Map<String, String> config = new HashMap<>(d.m.getConfigMap());
      config.putAll(uc.upserts());
      for (String k : uc.deleteKeys()) {
        if (!uc.upserts().containsKey(k)) {
          config.remove(k);
        }
      }
      d.m.clearConfig().putAllConfig(config);
    } else if (op instanceof Operation.ReserveFragments rf) {
      d.reservedUpTo = d.nextId - 1 + rf.numFragments();
    } else {
      throw new IllegalStateException("unexpected operation " + op);
    }
  }

  /** The restored version's content becomes the next version (renumbered by the builder). */
  static void restore(ManifestBuilder.Draft d, ManifestBuilder.Source restored) {
    TableProtos.Manifest old = restored.manifest();
    d.m.mergeFrom(old);
    d.m.clearTransactionSection().clearIndexSection().clearTransactionFile();
    d.fragments.clear();
    d.fragments.addAll(old.getFragmentsList());
    d.indexSection = restored.indexSection();
    d.formatVersion = old.hasDataFormat() ? old.getDataFormat().getVersion() : "2.0";
  }

  private static void merge(ManifestBuilder.Draft d, Operation.Merge mg,
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
    ManifestBuilder.checkFieldIds(mg.fragments(), ManifestBuilder.ids(newFields), dataset);
    ManifestBuilder.checkFormat(mg.fragments(), d.formatVersion, dataset);
    d.m.clearFields().addAllFields(newFields)
        .clearSchemaMetadata().putAllSchemaMetadata(SchemaProtos.metadataProtos(mg.schema()));
    Map<Long, FragmentMetadata> byId = new HashMap<>();
    for (FragmentMetadata f : mg.fragments()) {
      byId.put(f.id(), f);
    }
    d.fragments.replaceAll(f -> FragmentProtos.toProto(byId.get(f.getId())));
  }

  private static void delete(ManifestBuilder.Draft d, Operation.Delete del, String dataset,
      long latestVersion) {
    Map<Long, FragmentMetadata> updated = new HashMap<>();
    for (FragmentMetadata f : del.updatedFragments()) {
      updated.put(f.id(), f);
    }
    Set<Long> removed = new HashSet<>(del.deletedFragmentIds());
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
          throw new InvalidInputException("Delete on " + dataset + ": updated fragment "
              + u.id() + " has " + u.physicalRows() + " physical rows, version " + latestVersion
              + " has " + f.getPhysicalRows());
        }
        out.add(FragmentProtos.toProto(u));
      } else {
        out.add(f);
      }
    }
    for (Long id : updated.keySet()) {
      missing(id, seen, dataset, latestVersion);
    }
    for (Long id : removed) {
      missing(id, seen, dataset, latestVersion);
    }
    d.fragments.clear();
    d.fragments.addAll(out);
  }

  private static void missing(long id, Set<Long> seen, String dataset, long version) {
    if (!seen.contains(id)) {
      throw new CommitConflictException("Delete on " + dataset + " names fragment " + id
          + ", which version " + version + " no longer has; re-read the dataset and retry",
          true, version);
    }
  }

  private static void project(ManifestBuilder.Draft d, Operation.Project p, String dataset) {
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
  }

  private static void rewrite(ManifestBuilder.Draft d, Operation.Rewrite rw, String dataset,
      long latestVersion) {
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
      for (FragmentMetadata old : g.oldFragments()) {
        Integer pos = position.get(old.id());
        if (pos == null || dropped.contains(pos)) {
          throw new CommitConflictException("Rewrite on " + dataset + " replaces fragment "
              + old.id() + ", which version " + latestVersion + " no longer has; re-read the"
              + " dataset and retry", true, latestVersion);
        }
        dropped.add(pos);
        first = Math.min(first, pos);
        oldRows += FragmentProtos.fromProto(d.fragments.get(pos)).numRows();
      }
      List<TableProtos.DataFragment> news = new ArrayList<>();
      long newRows = 0;
      for (FragmentMetadata f : g.newFragments()) {
        FragmentMetadata numbered = f.id() == 0 ? f.withId(d.nextId++) : f;
        if (!used.add(numbered.id())) {
          throw new InvalidInputException("Rewrite on " + dataset + ": new fragment id "
              + numbered.id() + " is already in use (give new fragments id 0)");
        }
        newRows += numbered.numRows();
        news.add(FragmentProtos.toProto(numbered));
      }
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
  }

}

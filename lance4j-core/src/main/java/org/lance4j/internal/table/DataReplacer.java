package org.lance4j.internal.table;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lance4j.CommitConflictException;
import org.lance4j.DataFile;
import org.lance4j.InvalidInputException;
import org.lance4j.Operation;
import org.lance4j.internal.table.ManifestBuilder.Draft;
import org.lance4j.proto.TableProtos;

/**
 * A DataReplacement applied to the draft, as lance-core 7.0.0 builds it: every new file stores
 * the same fields; in each named fragment, the data files storing exactly those fields with the
 * same file version get the new path and size, or, when the fragment stores none of those fields,
 * the new file is added; a replacement that changes nothing is refused. Row ids, versions and
 * deletion files of the fragments stay.
 */
final class DataReplacer {
  private DataReplacer() {}

  static Draft apply(Draft d, Operation.DataReplacement op, String dataset, long latestVersion) {
    List<Integer> fields = op.replacements().get(0).newFile().fields();
    Set<Long> seen = new HashSet<>();
    Map<Long, DataFile> byFragment = new HashMap<>();
    for (Operation.DataReplacementGroup g : op.replacements()) {
      if (!g.newFile().fields().equals(fields)) {
        throw new InvalidInputException("DataReplacement on " + dataset + ": all new data files"
            + " must store the same fields, but " + g.newFile().path() + " stores "
            + g.newFile().fields() + " and " + op.replacements().get(0).newFile().path()
            + " stores " + fields);
      }
      if (byFragment.put(g.fragmentId(), g.newFile()) != null) {
        throw new InvalidInputException("DataReplacement on " + dataset + " replaces fragment "
            + g.fragmentId() + " twice");
      }
    }
    ManifestBuilder.checkFormat(List.of(new org.lance4j.FragmentMetadata(0,
        List.copyOf(byFragment.values()), 0, null)), d.formatVersion, dataset);
    Set<Integer> schemaIds = ManifestBuilder.ids(d.m.getFieldsList());
    for (int id : fields) {
      if (!schemaIds.contains(id)) {
        throw new InvalidInputException("DataReplacement on " + dataset + ": field id " + id
            + " is not in the schema (field ids " + schemaIds + ")");
      }
    }
    for (int i = 0; i < d.fragments.size(); i++) {
      TableProtos.DataFragment f = d.fragments.get(i);
      DataFile nf = byFragment.get(f.getId());
      if (nf == null) {
        continue;
      }
      seen.add(f.getId());
      TableProtos.DataFragment.Builder b = f.toBuilder();
      Set<Integer> covered = new HashSet<>();
      boolean changed = false;
      for (int k = 0; k < b.getFilesCount(); k++) {
        TableProtos.DataFile old = b.getFiles(k);
        if (old.getFieldsList().equals(nf.fields())
            && old.getFileMajorVersion() == nf.fileMajorVersion()
            && old.getFileMinorVersion() == nf.fileMinorVersion()) {
          b.setFiles(k, old.toBuilder().setPath(nf.path()).setFileSizeBytes(nf.fileSizeBytes())
              .clearBaseId());
          changed = true;
        }
        covered.addAll(old.getFieldsList());
      }
      if (nf.fields().stream().noneMatch(covered::contains)) {
        b.addFiles(FragmentProtos.toProto(nf));
        changed = true;
      }
      if (!changed) {
        throw new InvalidInputException("DataReplacement on " + dataset + ": new file "
            + nf.path() + " (fields " + nf.fields() + ", format " + nf.fileVersion()
            + ") matches no data file of fragment " + f.getId() + " (the fields and the file"
            + " version must equal an existing file's, or be a column the fragment has no file"
            + " for)");
      }
      d.fragments.set(i, b.build());
    }
    for (Long id : byFragment.keySet()) {
      if (!seen.contains(id)) {
        throw new CommitConflictException("DataReplacement on " + dataset + " names fragment "
            + id + ", which version " + latestVersion + " no longer has; re-read the dataset"
            + " and retry", true, latestVersion);
      }
    }
    return d;
  }
}

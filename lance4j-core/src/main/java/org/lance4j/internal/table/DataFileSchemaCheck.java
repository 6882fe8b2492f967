package org.lance4j.internal.table;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lance4j.DataFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceField;
import org.lance4j.LanceSchema;
import org.lance4j.internal.file.LanceFileReader;
import org.lance4j.storage.ObjectStore;

/**
 * Before new fragments are committed, checks that their data files really store what the dataset
 * schema says under each field id (same name, same logical type) and that together they cover
 * every field. Field ids alone are not enough: fragments written for another schema (e.g. with
 * fresh ids from 0) reuse the same ids for different columns, and committing them would make
 * every reader misinterpret the data. Each distinct data file's footer is read once.
 */
final class DataFileSchemaCheck {
  private final ObjectStore store;
  private final String dataset;
  private final Map<String, LanceSchema> fileSchemas = new LinkedHashMap<>();

  DataFileSchemaCheck(ObjectStore store, String dataset) {
    this.store = store;
    this.dataset = dataset;
  }

  /**
   * @throws InvalidInputException naming the data file and field that disagree with the schema
   */
  void require(List<FragmentMetadata> fragments, LanceSchema schema) {
    require(fragments, schema, schema);
  }

  /**
   * Like {@link #require(List, LanceSchema)}, but only the fields of {@code mustCover} (the schema
   * the fragments were written for) must have data: an Append built on an older version may land
   * after a concurrent Merge added columns, and its rows read those columns as null (as in Lance,
   * where Append and Merge are compatible).
   */
  void require(List<FragmentMetadata> fragments, LanceSchema schema, LanceSchema mustCover) {
    for (FragmentMetadata f : fragments) {
      Set<Integer> covered = new HashSet<>();
      for (DataFile df : f.files()) {
        LanceSchema stored = fileSchema(df);
        for (int id : df.fields()) {
          if (id < 0) {
            continue; // tombstone
          }
          LanceField want = schema.fieldById(id);
          if (want == null) {
            continue; // not in the schema: never read (reported elsewhere when it matters)
          }
          LanceField got = stored.fieldById(id);
          if (got == null) {
            throw new InvalidInputException("data file " + df.path() + " of " + dataset
                + " lists field id " + id + " ('" + want.name() + "') but does not store it");
          }
          if (!got.name().equals(want.name()) || !got.logicalType().equals(want.logicalType())) {
            throw new InvalidInputException("schema mismatch committing to " + dataset
                + ": data file " + df.path() + " stores field id " + id + " as '" + got.name()
                + "' (" + got.logicalType() + ") but the dataset's field " + id + " is '"
                + want.name() + "' (" + want.logicalType() + "); write fragments for an existing"
                + " dataset with WriteOptions mode APPEND so they use its field ids");
          }
          covered.add(id);
          // 2.1+ files list only leaf fields: a struct is stored through its leaves
          for (LanceField p = schema.fieldById(want.parentId()); p != null && p.isStruct();
              p = schema.fieldById(p.parentId())) {
            covered.add(p.id());
          }
        }
      }
      for (LanceField want : schema.allFields()) {
        if (!covered.contains(want.id()) && mustCover.fieldById(want.id()) != null) {
          throw new InvalidInputException("schema mismatch committing to " + dataset
              + ": fragment with data files " + f.files().stream().map(DataFile::path).toList()
              + " has no data for field '" + want.name() + "' (id " + want.id() + ")");
        }
      }
    }
  }

  /** The schema stored in the first data file of the first fragment (Append creating a dataset). */
  LanceSchema schemaOfFirstFile(List<FragmentMetadata> fragments) {
    for (FragmentMetadata f : fragments) {
      if (!f.files().isEmpty()) {
        return fileSchema(f.files().get(0));
      }
    }
    throw new InvalidInputException("cannot create " + dataset
        + " from an Append whose fragments have no data files");
  }

  private LanceSchema fileSchema(DataFile df) {
    // schema-only footer read: the column metadata LanceFileReader.open parses is not needed
    return fileSchemas.computeIfAbsent(df.path(),
        p -> LanceFileReader.readSchema(store, "data/" + p, df.fileSizeBytes()));
  }
}

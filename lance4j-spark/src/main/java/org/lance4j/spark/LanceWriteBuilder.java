package org.lance4j.spark;

import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lance4j.Dataset;
import org.lance4j.InvalidInputException;
import org.lance4j.DatasetNotFoundException;
import org.lance4j.WriteOptions;

/**
 * Plans a write on the driver: pins the dataset's current version (so a concurrent commit during
 * the job is caught by the commit's conflict rules) and fixes the Arrow schema of the rows.
 * Appends to an existing dataset convert rows to the dataset's own schema; overwrites and creates
 * use the query's schema (plus the {@code vector.dim.*} options).
 */
final class LanceWriteBuilder implements WriteBuilder, SupportsTruncate {
  private final String uri;
  private final LogicalWriteInfo info;
  private final LanceOptions options;
  private boolean overwrite;

  LanceWriteBuilder(String uri, LogicalWriteInfo info, LanceOptions options, boolean overwrite) {
    this.uri = uri;
    this.info = info;
    this.options = options;
    this.overwrite = overwrite;
  }

  @Override
  public WriteBuilder truncate() {
    overwrite = true;
    return this;
  }

  @Override
  public Write build() {
    return new Write() {
      @Override
      public BatchWrite toBatch() {
        return new LanceBatchWrite(plan());
      }

      @Override
      public org.apache.spark.sql.connector.write.streaming.StreamingWrite toStreaming() {
        return new LanceStreamingWrite(plan(), info.queryId(), overwrite);
      }
    };
  }

  WriteSpec plan() {
    String uri = this.uri;
    Dataset existing;
    if (options.branch() != null) {
      // a branch write goes into tree/<name>/ (files and commit); the branch must exist
      try {
        existing = Dataset.open(uri, org.lance4j.OpenOptions.builder()
            .storageOptions(options.storageOptions()).branch(options.branch()).build());
      } catch (DatasetNotFoundException e) {
        throw new InvalidInputException("writing to branch '" + options.branch() + "' of " + uri
            + ": no such branch (create it with Dataset.createBranch or `lance4j branches "
            + "create`)");
      }
      uri = existing.uri();
    } else {
      existing = openLatest(uri, options.storageOptions());
    }
    try {
      return plan(uri, existing);
    } finally {
      if (existing != null) {
        existing.close(); // the spec keeps what it needs (version, schema)
      }
    }
  }

  private WriteSpec plan(String uri, Dataset existing) {
    long readVersion = existing == null ? 0 : existing.version();
    Schema schema;
    WriteOptions.Mode mode;
    StructType input = info.schema();
    int[] ordinals;
    if (existing != null && !overwrite) {
      mode = WriteOptions.Mode.APPEND;
      schema = existing.schema();
      ordinals = appendOrdinals(schema, input);
    } else {
      mode = WriteOptions.Mode.OVERWRITE;
      schema = SparkArrowTypes.toArrow(input, options.vectorDims());
      ordinals = new int[input.fields().length];
      for (int i = 0; i < ordinals.length; i++) {
        ordinals[i] = i;
      }
    }
    return new WriteSpec(uri, schema.toJson(), mode, readVersion, options, ordinals);
  }

  /** Matches the query's columns to the dataset's by name; types must agree. */
  private int[] appendOrdinals(Schema dataset, StructType input) {
    StructType target = SparkArrowTypes.toSpark(dataset);
    if (input.fields().length != target.fields().length) {
      throw new InvalidInputException("appending to " + uri + ": the data has columns "
          + java.util.Arrays.toString(input.fieldNames()) + " but the dataset has "
          + java.util.Arrays.toString(target.fieldNames()));
    }
    int[] out = new int[target.fields().length];
    for (int i = 0; i < out.length; i++) {
      StructField t = target.fields()[i];
      int found = -1;
      for (int j = 0; j < input.fields().length; j++) {
        if (input.fields()[j].name().equalsIgnoreCase(t.name())) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        throw new InvalidInputException("appending to " + uri + ": the data has no column "
            + t.name());
      }
      DataType have = input.fields()[found].dataType();
      if (!have.catalogString().equals(t.dataType().catalogString())) {
        throw new InvalidInputException("appending to " + uri + ": column " + t.name()
            + " is " + t.dataType().catalogString() + " in the dataset but "
            + have.catalogString() + " in the data");
      }
      out[i] = found;
    }
    return out;
  }

  static Dataset openLatest(String uri, org.lance4j.StorageOptions storage) {
    try {
      return Dataset.open(uri, org.lance4j.OpenOptions.builder().storageOptions(storage).build());
    } catch (DatasetNotFoundException e) {
      return null;
    }
  }
}

package org.lance4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.lance4j.StorageOptions;

/**
 * What every read task of one scan does.
 *
 * @param uri dataset URI
 * @param version the version pinned on the driver
 * @param readSchema the Spark schema of the batches (data columns, then metadata columns)
 * @param dataColumns dataset columns to read (top-level names)
 * @param filter lance4j filter, or null
 * @param limit rows per task at most, or -1
 * @param batchSize rows per batch
 * @param storage storage options (resolved on the driver)
 */
record ReadSpec(String uri, long version, StructType readSchema, List<String> dataColumns,
    String filter, long limit, int batchSize, StorageOptions storage) implements Serializable {

  boolean wants(String metadataColumn) {
    for (String n : readSchema.fieldNames()) {
      if (n.equals(metadataColumn)) {
        return true;
      }
    }
    return false;
  }
}

package org.lance4j.spark;

import java.io.Serializable;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.WriteOptions;

/**
 * Everything a write task needs, planned once on the driver.
 *
 * @param uri dataset URI
 * @param arrowSchemaJson the Arrow schema the rows are converted to (Schema#toJson)
 * @param mode APPEND, or OVERWRITE (also used when the dataset does not exist yet)
 * @param readVersion the version the write was planned against (0 = no dataset)
 * @param options data source options
 * @param inputOrdinals for each column of the Arrow schema, the ordinal of the Spark row field
 */
record WriteSpec(String uri, String arrowSchemaJson, WriteOptions.Mode mode, long readVersion,
    LanceOptions options, int[] inputOrdinals) implements Serializable {

  Schema arrowSchema() {
    try {
      return Schema.fromJSON(arrowSchemaJson);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("bad schema JSON", e);
    }
  }
}

package org.lance4j.spark;

import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The bytes a lance scan read from storage (memory-mapped reads included), summed over its
 * tasks: shown in the Spark UI's SQL tab on the scan node. Spark creates it by class name.
 */
public final class BytesReadMetric extends CustomSumMetric {
  static final String NAME = "lanceBytesRead";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "lance bytes read from storage";
  }

  /** One task's value. */
  static CustomTaskMetric of(long bytes) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public long value() {
        return bytes;
      }
    };
  }
}

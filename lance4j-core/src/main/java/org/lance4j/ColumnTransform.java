package org.lance4j;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Computes new columns from a batch of existing ones (the user function of
 * {@link Fragment#mergeColumns(ColumnTransform, java.util.List, BufferAllocator)}). It returns only
 * the new columns, with the same row count as the input, allocated from {@code allocator}; lance4j
 * closes the returned root. It must not close or keep the input batch.
 */
@FunctionalInterface
public interface ColumnTransform {
  VectorSchemaRoot apply(VectorSchemaRoot batch, BufferAllocator allocator);
}

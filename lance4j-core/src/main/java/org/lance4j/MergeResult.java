package org.lance4j;

/**
 * Result of adding columns to one fragment: the fragment with one more data file (same id, same
 * physical rows) and the new schema (what {@link Operation.Merge} takes). Every worker that starts
 * from the same dataset version gets the same schema and field ids.
 */
public record MergeResult(FragmentMetadata fragment, LanceSchema schema) {}

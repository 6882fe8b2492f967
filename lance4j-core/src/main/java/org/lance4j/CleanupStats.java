package org.lance4j;

/**
 * What {@link Dataset#cleanupOldVersions(java.time.Duration)} removed.
 *
 * @param manifestsRemoved old versions removed
 * @param dataFilesRemoved data files no kept version referenced
 * @param deletionFilesRemoved deletion files no kept version referenced
 * @param transactionFilesRemoved transaction files of removed versions and orphans
 * @param bytesRemoved total size of the removed files
 */
public record CleanupStats(int manifestsRemoved, int dataFilesRemoved, int deletionFilesRemoved,
    int transactionFilesRemoved, long bytesRemoved) {}

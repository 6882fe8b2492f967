package org.lance4j;

import java.time.Instant;

/**
 * Facts about one version of a dataset that its manifest records (what {@code lance4j info}
 * prints). A plain value: {@link Dataset#info()}.
 *
 * @param version the version described
 * @param fileFormat the data file format, {@code "lance"}, or {@code "legacy"} when the manifest
 *     does not say (datasets older than file format 2.0)
 * @param dataStorageVersion the data files' format version, e.g. {@code "2.0"}, {@code "2.1"}, or
 *     {@code "legacy"}
 * @param writerLibrary the library that wrote the version, e.g. {@code "lance"} or
 *     {@code "lance4j"}; null when not recorded
 * @param writerVersion that library's version; null when not recorded
 * @param readerFeatureFlags feature flags a reader must understand
 * @param writerFeatureFlags feature flags a writer must understand
 * @param v2ManifestNames whether the dataset names manifests with Lance's V2 scheme
 * @param createdAt when the version was committed; null when not recorded
 */
public record DatasetInfo(long version, String fileFormat, String dataStorageVersion,
    String writerLibrary, String writerVersion, long readerFeatureFlags,
    long writerFeatureFlags, boolean v2ManifestNames, Instant createdAt) {}

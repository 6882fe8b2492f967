package org.lance4j;

import java.time.Instant;

/**
 * One committed version, as listed by {@link Dataset#versions()}.
 *
 * @param version version number
 * @param timestamp commit time recorded in the manifest
 * @param operation the committed operation's kind ("Overwrite", "Append", "Delete", ...), or
 *     "Unknown" when its transaction file is missing
 */
public record VersionInfo(long version, Instant timestamp, String operation) {}

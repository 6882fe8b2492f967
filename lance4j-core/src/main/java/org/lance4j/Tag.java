package org.lance4j;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A named version of a dataset ({@code _refs/tags/{name}.json}, as Lance keeps them). Tagged
 * versions are never removed by {@link Dataset#cleanupOldVersions}.
 *
 * @param name the tag's name
 * @param version the version it names
 * @param branch the branch that version belongs to, or null for the main line
 * @param manifestSize size in bytes of that version's manifest
 * @param createdAt when the tag was created; null when the writer did not record it
 * @param updatedAt when it last moved; null when not recorded
 * @param metadata free-form key/value pairs stored with the tag
 */
public record Tag(String name, long version, String branch, long manifestSize, Instant createdAt,
    Instant updatedAt, Map<String, String> metadata) {
  public Tag {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
  }
}

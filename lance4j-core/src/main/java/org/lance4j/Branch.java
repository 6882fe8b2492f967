package org.lance4j;

import java.time.Instant;
import java.util.Objects;

/**
 * A branch of a dataset, as Lance records it in {@code _refs/branches/{name}.json}: its data
 * and versions live under {@code tree/{name}/}, and it started as a copy of
 * {@code parentVersion} of {@code parentBranch} (null: the main branch).
 */
public record Branch(String name, String parentBranch, long parentVersion, Instant createdAt,
    long manifestSize) {
  public Branch {
    Objects.requireNonNull(name, "name");
  }
}

package org.lance4j;

import java.util.List;
import org.lance4j.internal.table.TagStore;
import org.lance4j.storage.ObjectStore;

/**
 * The tags of a dataset: {@link Dataset#tags()}. Each call reads or writes storage directly
 * (tags are not versioned: they name versions). Tag names are 1-255 characters of letters,
 * digits, {@code .}, {@code _} and {@code -}, not starting with {@code .}, without {@code ..}
 * and not ending in {@code .lock}.
 */
public final class Tags {
  private final ObjectStore store;
  private final String dataset;

  Tags(ObjectStore store, String dataset) {
    this.store = store;
    this.dataset = dataset;
  }

  /** Every tag, by name. */
  public List<Tag> list() {
    return TagStore.list(store, dataset);
  }

  /** The tag with this name, or {@link InvalidInputException} naming it when there is none. */
  public Tag get(String name) {
    return TagStore.get(store, dataset, name);
  }

  /**
   * Creates a tag for an existing version.
   *
   * @throws InvalidInputException when the tag exists already (atomically: of two concurrent
   *     creates exactly one succeeds), the name is not valid or the version does not exist
   */
  public Tag create(String name, long version) {
    return TagStore.create(store, dataset, name, version);
  }

  /** Moves an existing tag to another existing version. */
  public Tag update(String name, long version) {
    return TagStore.update(store, dataset, name, version);
  }

  /** Deletes a tag; the version it named stays (until a cleanup removes it, if old enough). */
  public void delete(String name) {
    TagStore.delete(store, dataset, name);
  }
}

package org.lance4j.storage;

import java.io.IOException;
import java.util.Set;
import org.lance4j.StorageOptions;

/**
 * Opens {@link ObjectStore}s for the URI schemes a storage module serves ({@code s3} for
 * {@code s3://bucket/prefix}, ...). Providers are found with {@link java.util.ServiceLoader}:
 * a module lists its implementation in
 * {@code META-INF/services/org.lance4j.storage.ObjectStoreProvider}, and putting the module's
 * jar on the class path is all a user does. Local paths and {@code file:} URIs need no provider.
 *
 * <p>Implementations must be thread-safe and have a public no-argument constructor.
 */
public interface ObjectStoreProvider {

  /** The URI schemes served, lower case, without {@code ://} (e.g. {@code s3}, {@code s3a}). */
  Set<String> schemes();

  /**
   * The store rooted at {@code uri} (the dataset's root: paths given to the store are relative
   * to it), configured by {@code options} and, where the options say nothing, by the
   * environment the platform's own tools read.
   *
   * @throws IOException when the store cannot be set up (bad configuration is better reported as
   *     {@link org.lance4j.InvalidInputException} naming the option)
   */
  ObjectStore open(String uri, StorageOptions options) throws IOException;
}

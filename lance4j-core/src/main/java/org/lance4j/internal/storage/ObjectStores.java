package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;

/** Resolves a dataset URI to the {@link ObjectStore} that holds it. */
public final class ObjectStores {
  private ObjectStores() {}

  /** {@link #forUri(String, StorageOptions)} with no storage options. */
  public static ObjectStore forUri(String uri) {
    return forUri(uri, StorageOptions.empty());
  }

  /** Accepts plain paths ({@code /data/ds}, {@code ./ds}) and {@code file:} URIs. */
  public static ObjectStore forUri(String uri, StorageOptions options) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidInputException("dataset URI must not be empty");
    }
    if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") && !uri.startsWith("file:")) {
      throw new InvalidInputException(
          "unsupported storage scheme in '" + uri + "': lance4j supports local paths and file: URIs");
    }
    Path path;
    try {
      path = uri.startsWith("file:") ? Paths.get(URI.create(uri)) : Paths.get(uri);
    } catch (IllegalArgumentException e) { // includes InvalidPathException
      throw new InvalidInputException("invalid dataset URI '" + uri + "': " + e.getMessage(), e);
    }
    boolean fsyncDefault = !"false".equalsIgnoreCase(
        System.getProperty(StorageOptions.LOCAL_FSYNC, "true"));
    return new LocalObjectStore(path, options.getBoolean(StorageOptions.LOCAL_FSYNC,
        fsyncDefault));
  }
}

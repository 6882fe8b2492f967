package org.lance4j.internal.storage;

import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lance4j.InvalidInputException;
import org.lance4j.LanceException;
import org.lance4j.LanceIOException;
import org.lance4j.StorageOptions;

/** Resolves a dataset URI to the {@link ObjectStore} that holds it. */
public final class ObjectStores {
  private ObjectStores() {}

  /** {@link #forUri(String, StorageOptions)} with no storage options. */
  public static ObjectStore forUri(String uri) {
    return forUri(uri, StorageOptions.empty());
  }

  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+)://.*");

  /** The module that serves each well-known scheme, for the error when it is missing. */
  private static final Map<String, String> MODULES = Map.of(
      "s3", "lance4j-s3", "s3a", "lance4j-s3",
      "az", "lance4j-azure", "abfs", "lance4j-azure", "abfss", "lance4j-azure",
      "gs", "lance4j-gcs");

  /**
   * Accepts plain paths ({@code /data/ds}, {@code ./ds}) and {@code file:} URIs; any other
   * {@code scheme://} goes to the {@link ObjectStoreProvider} (found through
   * {@link ServiceLoader}) that serves the scheme.
   */
  public static ObjectStore forUri(String uri, StorageOptions options) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidInputException("dataset URI must not be empty");
    }
    Matcher m = SCHEME.matcher(uri);
    if (m.matches() && !uri.startsWith("file:")) {
      return fromProvider(uri, m.group(1).toLowerCase(Locale.ROOT), options);
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

  private static ObjectStore fromProvider(String uri, String scheme, StorageOptions options) {
    ObjectStoreProvider provider = providers().get(scheme);
    if (provider == null) {
      String module = MODULES.get(scheme);
      throw new InvalidInputException("unsupported storage scheme '" + scheme + "' in '" + uri
          + "': " + (module != null
              ? "add the module org.lance4j:" + module + " (its jar) to the class path"
              : "no storage module on the class path serves it")
          + " (local paths and file: URIs need none)");
    }
    try {
      return provider.open(uri, options);
    } catch (LanceException e) {
      throw e;
    } catch (IOException e) {
      throw new LanceIOException("cannot open storage for " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * The providers on the class path by scheme, looked up on each call (cheap next to opening a
   * store; a class path that changes at run time, as in tests or notebooks, is seen). The first
   * provider found for a scheme wins.
   */
  static Map<String, ObjectStoreProvider> providers() {
    Map<String, ObjectStoreProvider> out = new HashMap<>();
    ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(),
        ObjectStores.class.getClassLoader()};
    for (ClassLoader cl : loaders) {
      if (cl == null) {
        continue;
      }
      for (ObjectStoreProvider p : ServiceLoader.load(ObjectStoreProvider.class, cl)) {
        for (String s : p.schemes()) {
          out.putIfAbsent(s.toLowerCase(Locale.ROOT), p);
        }
      }
    }
    return out;
  }
}

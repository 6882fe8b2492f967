package org.lance4j.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.ServiceLoader;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreProvider;

/**
 * Worker outputs (fragment JSON) on an object store: {@code write-fragments --output
 * s3://bucket/work/task-3.json} and {@code commit URI s3://bucket/work/task-*.json} (no
 * wildcards: name each file), so that workers and the committing step share nothing but the
 * bucket. Goes through the storage providers (ServiceLoader) with the invocation's
 * {@code --storage-option}s and the environment.
 */
final class RemoteFiles {
  private RemoteFiles() {}

  /** Whether {@code name} is an object store URI ({@code scheme://...}, not file:). */
  static boolean isRemote(String name) {
    return !Storage.isLocal(name);
  }

  static byte[] read(String uri) throws IOException {
    int slash = uri.lastIndexOf('/');
    try (ObjectStore store = open(uri.substring(0, slash))) {
      ByteBuffer b = store.readAll(uri.substring(slash + 1));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (FileNotFoundException e) {
      throw new NoSuchFileException(uri);
    }
  }

  static void write(String uri, byte[] data) throws IOException {
    int slash = uri.lastIndexOf('/');
    try (ObjectStore store = open(uri.substring(0, slash))) {
      store.put(uri.substring(slash + 1), data);
    }
  }

  private static ObjectStore open(String dirUri) throws IOException {
    String scheme = dirUri.substring(0, dirUri.indexOf(':')).toLowerCase(Locale.ROOT);
    for (ObjectStoreProvider p : ServiceLoader.load(ObjectStoreProvider.class)) {
      if (p.schemes().contains(scheme)) {
        return p.open(dirUri, Storage.options());
      }
    }
    throw Errors.invalid("no storage provider for " + scheme + ":// on the class path",
        "lance4j.jar bundles s3, az and gs");
  }
}

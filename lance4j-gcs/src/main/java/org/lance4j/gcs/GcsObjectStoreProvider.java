package org.lance4j.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.lance4j.InvalidInputException;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreProvider;

/**
 * {@code gs://bucket/prefix} for lance4j, through {@code google-cloud-storage} over the HTTP
 * JSON API (the gRPC transport is excluded from the dependency tree). Registered through
 * {@code META-INF/services}: having this jar on the class path is enough. See
 * {@link GcsSettings} for the configuration keys.
 */
public final class GcsObjectStoreProvider implements ObjectStoreProvider {
  private static final Map<GcsSettings.Client, Storage> CLIENTS = new ConcurrentHashMap<>();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(new java.util
      .concurrent.ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
          Thread t = new Thread(r, "lance4j-gcs-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }
      });

  /** Used by {@link java.util.ServiceLoader}. */
  public GcsObjectStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("gs", "gcs");
  }

  @Override
  public ObjectStore open(String uri, org.lance4j.StorageOptions options) throws IOException {
    GcsSettings settings = GcsSettings.of(uri, options);
    Storage storage;
    try {
      storage = CLIENTS.computeIfAbsent(settings.client(), c -> {
        try {
          return build(c);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw new InvalidInputException("cannot set up the GCS client (" + settings.client()
          + "): " + e.getCause().getMessage(), e.getCause());
    }
    return new GcsObjectStore(storage, POOL, settings);
  }

  static Storage build(GcsSettings.Client c) throws IOException {
    StorageOptions.Builder b = StorageOptions.http();
    if (c.endpoint() != null) {
      b.setHost(c.endpoint());
    }
    switch (c.auth()) {
      case ANONYMOUS -> b.setCredentials(NoCredentials.getInstance());
      case KEY_JSON -> {
        try (InputStream in = new ByteArrayInputStream(c.credential()
            .getBytes(StandardCharsets.UTF_8))) {
          b.setCredentials(scoped(GoogleCredentials.fromStream(in)));
        }
      }
      case KEY_FILE -> {
        try (InputStream in = new FileInputStream(c.credential())) {
          b.setCredentials(scoped(GoogleCredentials.fromStream(in)));
        }
      }
      case DEFAULT -> b.setCredentials(scoped(GoogleCredentials.getApplicationDefault()));
      default -> throw new IllegalStateException(c.auth().toString());
    }
    if (c.projectId() != null) {
      b.setProjectId(c.projectId());
    } else if (c.auth() == GcsSettings.Auth.ANONYMOUS || c.endpoint() != null) {
      // object operations need no project; spare the library's project discovery
      b.setProjectId("lance4j-no-project");
    }
    if (c.timeout() != null) {
      int ms = (int) Math.min(Integer.MAX_VALUE, c.timeout().toMillis());
      b.setTransportOptions(HttpTransportOptions.newBuilder().setReadTimeout(ms)
          .setConnectTimeout(ms).build());
    }
    if (c.maxAttempts() > 0 || c.retryDelay() != null) {
      RetrySettings.Builder r = StorageOptions.getDefaultRetrySettings().toBuilder();
      if (c.maxAttempts() > 0) {
        r.setMaxAttempts(c.maxAttempts());
      }
      if (c.retryDelay() != null) {
        r.setInitialRetryDelayDuration(c.retryDelay());
        r.setMaxRetryDelayDuration(c.retryDelay().multipliedBy(8));
      }
      b.setRetrySettings(r.build());
    }
    return b.build().getService();
  }

  private static GoogleCredentials scoped(GoogleCredentials g) {
    return g.createScopedRequired()
        ? g.createScoped("https://www.googleapis.com/auth/devstorage.read_write") : g;
  }
}

package org.lance4j.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreProvider;
import reactor.core.publisher.Mono;

/**
 * {@code az://container/prefix} (and {@code abfs://}, {@code abfss://}) for lance4j, through the
 * Azure SDK for Java ({@code azure-storage-blob}) with the JDK HTTP client (no Netty). Registered
 * through {@code META-INF/services}: having this jar on the class path is enough. See
 * {@link AzureSettings} for the configuration keys.
 *
 * <p>Blob service clients are built once per distinct endpoint, credentials and connection
 * settings and shared by every store that has them; all share one JDK HTTP client per connect
 * timeout.
 */
public final class AzureObjectStoreProvider implements ObjectStoreProvider {
  private static final Map<AzureSettings.Client, BlobServiceClient> CLIENTS =
      new ConcurrentHashMap<>();
  private static final Map<Duration, HttpClient> HTTP = new ConcurrentHashMap<>();
  private static final Duration NO_TIMEOUT = Duration.ZERO;
  private static final ExecutorService POOL = Executors.newCachedThreadPool(new java.util
      .concurrent.ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
          Thread t = new Thread(r, "lance4j-azure-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }
      });

  /** Used by {@link java.util.ServiceLoader}. */
  public AzureObjectStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("az", "abfs", "abfss");
  }

  @Override
  public ObjectStore open(String uri, StorageOptions options) {
    AzureSettings settings = AzureSettings.of(uri, options);
    return new AzureObjectStore(service(settings.client()).getBlobContainerClient(
        settings.container()), POOL, settings);
  }

  /** The shared blob service client for these settings. */
  BlobServiceClient service(AzureSettings.Client c) {
    return CLIENTS.computeIfAbsent(c, AzureObjectStoreProvider::build);
  }

  private static HttpClient http(Duration connectTimeout) {
    return HTTP.computeIfAbsent(connectTimeout == null ? NO_TIMEOUT : connectTimeout, t -> {
      JdkHttpClientBuilder b = new JdkHttpClientBuilder();
      if (!t.isZero()) {
        b.connectionTimeout(t);
      }
      return b.build();
    });
  }

  private static BlobServiceClient build(AzureSettings.Client c) {
    BlobServiceClientBuilder b = new BlobServiceClientBuilder().httpClient(http(c
        .connectTimeout()));
    Integer tries = c.maxAttempts() > 0 ? c.maxAttempts() : null;
    Integer tryTimeout = c.requestTimeout() == null ? null
        : (int) Math.max(1, c.requestTimeout().toSeconds());
    Long delay = c.retryDelay() == null ? null : Math.max(1, c.retryDelay().toMillis());
    if (tries != null || tryTimeout != null || delay != null) {
      b.retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, tries, tryTimeout,
          delay, delay == null ? null : Math.max(delay, 120_000L), null));
    }
    try {
      switch (c.auth()) {
        case CONNECTION_STRING -> b.connectionString(c.secret());
        case SHARED_KEY -> b.endpoint(c.endpoint())
            .credential(new StorageSharedKeyCredential(c.account(), c.secret()));
        case SAS -> b.endpoint(c.endpoint()).sasToken(c.secret());
        case BEARER_TOKEN -> {
          String token = c.secret();
          TokenCredential credential = request -> Mono.just(new AccessToken(token,
              OffsetDateTime.now().plusHours(1)));
          b.endpoint(c.endpoint()).credential(credential);
        }
        case ANONYMOUS -> b.endpoint(c.endpoint());
        default -> throw new IllegalStateException(c.auth().toString());
      }
      return b.buildClient();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidInputException("cannot set up the Azure Blob client (" + c + "): "
          + e.getMessage(), e);
    }
  }
}

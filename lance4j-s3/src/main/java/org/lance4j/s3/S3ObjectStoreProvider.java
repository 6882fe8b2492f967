package org.lance4j.s3;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;
import org.lance4j.storage.ObjectStore;
import org.lance4j.storage.ObjectStoreProvider;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * {@code s3://bucket/prefix} (and {@code s3a://}) for lance4j, through the AWS SDK for Java v2
 * with the Apache 5 HTTP client. Registered through {@code META-INF/services}: having this jar on
 * the class path is enough. See {@link S3Settings} for the configuration keys.
 *
 * <p>Clients are built once per distinct endpoint and connection configuration and shared by
 * every store that has it, for the life of the process; credentials travel with each store's
 * requests.
 */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
  private static final Map<S3Settings.Client, S3Client> CLIENTS = new ConcurrentHashMap<>();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(new ThreadFactory() {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "lance4j-s3-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

  /** Used by {@link java.util.ServiceLoader}. */
  public S3ObjectStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("s3", "s3a");
  }

  @Override
  public ObjectStore open(String uri, StorageOptions options) {
    S3Settings settings = S3Settings.of(uri, options);
    AwsCredentialsProvider creds = credentials(settings.credentials());
    AwsRequestOverrideConfiguration auth = creds == null ? null
        : AwsRequestOverrideConfiguration.builder().credentialsProvider(creds).build();
    return new S3ObjectStore(client(settings.client()), auth, POOL, settings);
  }

  /** The shared client for these settings. */
  static S3Client client(S3Settings.Client c) {
    return CLIENTS.computeIfAbsent(c, S3ObjectStoreProvider::build);
  }

  private static S3Client build(S3Settings.Client c) {
    Apache5HttpClient.Builder http = Apache5HttpClient.builder().maxConnections(c.maxConnections());
    if (c.connectTimeout() != null) {
      http.connectionTimeout(c.connectTimeout());
    }
    if (c.requestTimeout() != null) {
      http.socketTimeout(c.requestTimeout());
    }
    SdkHttpClient httpClient = c.trustAllCertificates()
        ? http.buildWithDefaults(AttributeMap.builder()
            .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build())
        : http.build();
    S3ClientBuilder b = S3Client.builder()
        .httpClient(httpClient)
        .region(region(c))
        .credentialsProvider(defaultChain()) // stores with their own credentials override it
        .forcePathStyle(c.pathStyle())
        // older S3-compatible servers reject the SDK's default CRC trailers
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        // every body is an array of known length: a plain signed body (one SHA-256 of the
        // payload over http, none over https) instead of aws-chunked signed chunks, which cost
        // more CPU on both ends and which some S3-compatible servers do not accept
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
    if (c.endpoint() != null) {
      b.endpointOverride(c.endpoint());
    }
    if (c.maxAttempts() > 0) {
      b.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(c.maxAttempts())));
    }
    try {
      return b.build();
    } catch (SdkClientException e) {
      httpClient.close();
      throw new InvalidInputException("cannot set up the S3 client (" + c + "): "
          + e.getMessage(), e);
    }
  }

  private static Region region(S3Settings.Client c) {
    if (c.region() != null) {
      return Region.of(c.region());
    }
    if (c.endpoint() != null) {
      return Region.US_EAST_1; // S3-compatible stores mostly ignore it; no region lookup
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException none) {
      // S3-compatible stores mostly ignore the region; AWS redirects to the bucket's own
      return Region.US_EAST_1;
    }
  }

  /** The provider for these credentials, or null for the client's default chain. */
  private static AwsCredentialsProvider credentials(S3Settings.Credentials c) {
    if (c.anonymous()) {
      return AnonymousCredentialsProvider.create();
    }
    if (c.accessKeyId() != null) {
      return StaticCredentialsProvider.create(c.sessionToken() != null
          ? AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())
          : AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
    }
    return null;
  }

  private static volatile AwsCredentialsProvider defaultChain;

  /** One default credential chain for the process (it caches what it resolves). */
  private static AwsCredentialsProvider defaultChain() {
    AwsCredentialsProvider p = defaultChain;
    if (p == null) {
      synchronized (S3ObjectStoreProvider.class) {
        if (defaultChain == null) {
          defaultChain = DefaultCredentialsProvider.builder().build();
        }
        p = defaultChain;
      }
    }
    return p;
  }
}

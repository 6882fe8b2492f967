package org.lance4j.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.lance4j.StorageOptions;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3Proxy for the whole test run (filesystem-nio2 backend in a temporary directory,
 * 127.0.0.1 on a random port, SigV4 credentials), stopped and deleted when the JVM exits. Each
 * test takes its own bucket.
 */
public final class S3TestServer {
  public static final String ACCESS_KEY = "lance4j-test-access";
  public static final String SECRET_KEY = "lance4j-test-secret";
  private static S3TestServer instance;
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final S3Proxy proxy;
  private final URI endpoint;
  private final Path dir;

  private S3TestServer() throws Exception {
    dir = Files.createTempDirectory("lance4j-s3proxy");
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    p.setProperty("jclouds.identity", ACCESS_KEY);
    p.setProperty("jclouds.credential", SECRET_KEY);
    BlobStore blobs = BlobStores.create("filesystem-nio2", p);
    proxy = S3Proxy.builder().blobStore(blobs)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public static synchronized S3TestServer get() {
    if (instance == null) {
      try {
        instance = new S3TestServer();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start S3Proxy", e);
      }
      S3TestServer s = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
    }
    return instance;
  }

  private void stop() {
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // exiting anyway
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }

  /**
   * Runs the server in this JVM for another one (a test whose own class path cannot host
   * S3Proxy): prints {@code ENDPOINT <uri>} on stdout and serves until stdin closes.
   */
  public static void main(String[] args) throws Exception {
    S3TestServer s = get();
    System.out.println("ENDPOINT " + s.endpoint());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the parent closes stdin or exits
    }
    System.exit(0);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Storage options that reach this server (Lance's key names). */
  public StorageOptions options() {
    return options(endpoint);
  }

  /** Storage options for another endpoint in front of this server (a fault proxy). */
  public static StorageOptions options(URI endpoint) {
    return StorageOptions.of(java.util.Map.of(
        "aws_access_key_id", ACCESS_KEY,
        "aws_secret_access_key", SECRET_KEY,
        "aws_region", "us-east-1",
        "aws_endpoint", endpoint.toString(),
        "allow_http", "true"));
  }

  private S3Client admin;

  /** An S3 client on this server with the test credentials, for setup and inspection. */
  public synchronized S3Client client() {
    if (admin == null) {
      admin = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
          .region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
              .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                  ACCESS_KEY, SECRET_KEY)))
          .httpClient(software.amazon.awssdk.http.apache5.Apache5HttpClient.create())
          .build();
    }
    return admin;
  }

  /** A new, empty bucket. */
  public String newBucket() {
    String name = "b" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    try {
      client().createBucket(b -> b.bucket(name));
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("cannot create bucket " + name, e));
    }
    return name;
  }
}

package org.lance4j.spark;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.lance4j.s3.S3TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy on loopback in a child JVM: Spark's Jetty needs Servlet 5 and S3Proxy's Jetty 12
 * Servlet 6, so the child runs {@link S3TestServer#main} on this test class path with the Servlet
 * 6 API in place of 5. One for the test run; stopped when this JVM exits.
 */
final class ChildS3Server {
  private static ChildS3Server instance;
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private final Process process;
  private final URI endpoint;
  private final S3Client client;

  private ChildS3Server() throws Exception {
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.contains("jakarta.servlet-api")) {
        Path six = Paths.get(e).getParent().getParent().resolve("6.0.0")
            .resolve("jakarta.servlet-api-6.0.0.jar");
        if (!Files.isRegularFile(six)) {
          throw new IllegalStateException("S3Proxy needs " + six);
        }
        cp.add(six.toString());
      } else {
        cp.add(e);
      }
    }
    process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        String.join(File.pathSeparator, cp),
        S3TestServer.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    String line;
    URI found = null;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("ENDPOINT ")) {
        found = URI.create(line.substring("ENDPOINT ".length()).trim());
        break;
      }
    }
    if (found == null) {
      throw new IllegalStateException("S3Proxy child exited with " + process.waitFor());
    }
    endpoint = found;
    client = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .httpClient(Apache5HttpClient.create()).build();
  }

  static synchronized ChildS3Server get() {
    if (instance == null) {
      try {
        instance = new ChildS3Server();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start S3Proxy in a child JVM", e);
      }
    }
    return instance;
  }

  URI endpoint() {
    return endpoint;
  }

  String newBucket() {
    String name = "spark" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    client.createBucket(b -> b.bucket(name));
    return name;
  }
}

package org.lance4j.s3;

import static org.lance4j.storage.SettingValues.bool;
import static org.lance4j.storage.SettingValues.bytes;
import static org.lance4j.storage.SettingValues.duration;
import static org.lance4j.storage.SettingValues.integer;
import static org.lance4j.storage.SettingValues.trimSlashes;
import static org.lance4j.storage.SettingValues.value;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;

/**
 * The S3 configuration of one dataset URI, from the storage options (Lance's key names, matched
 * case-insensitively, with the aliases Lance accepts) and, where they say nothing, the
 * environment variables Lance and the AWS SDK read. Anything still unset is left to the AWS SDK's
 * own defaults (credential chain, region chain).
 *
 * @param bucket the bucket of {@code s3://bucket/prefix}
 * @param prefix the key prefix of the dataset root, without leading or trailing '/' (may be empty)
 * @param client what the S3 client is built from (shared by every dataset with equal settings)
 * @param credentials who the requests are signed as
 * @param partSize bytes per multipart-upload part of {@code create()} streams
 * @param readConcurrency ranged GETs in flight for one {@code readRanges} call, and background
 *     read-ahead GETs in flight per open file
 * @param uploadConcurrency multipart parts uploading at once per {@code create()} stream
 */
record S3Settings(String bucket, String prefix, Client client, Credentials credentials,
    int partSize, int readConcurrency, int uploadConcurrency) {

  /** Lance's storage option names, with their aliases (first name is the one documented). */
  static final List<String> ACCESS_KEY_ID = List.of("aws_access_key_id", "access_key_id");
  static final List<String> SECRET_ACCESS_KEY =
      List.of("aws_secret_access_key", "secret_access_key");
  static final List<String> SESSION_TOKEN =
      List.of("aws_session_token", "aws_token", "session_token", "token");
  static final List<String> REGION =
      List.of("aws_region", "region", "aws_default_region", "default_region");
  static final List<String> ENDPOINT = List.of("aws_endpoint", "aws_endpoint_url", "endpoint",
      "endpoint_url", "aws_endpoint_url_s3");
  static final List<String> ALLOW_HTTP = List.of("allow_http", "aws_allow_http");
  static final List<String> VIRTUAL_HOSTED = List.of("aws_virtual_hosted_style_request",
      "virtual_hosted_style_request");
  static final List<String> SKIP_SIGNATURE = List.of("aws_skip_signature", "skip_signature");
  static final List<String> CONNECT_TIMEOUT = List.of("connect_timeout");
  static final List<String> TIMEOUT = List.of("timeout");
  static final List<String> ALLOW_INVALID_CERTIFICATES = List.of("allow_invalid_certificates");
  /** lance4j's own keys. */
  static final String PART_SIZE = "lance4j.s3.part_size";
  static final String MAX_CONNECTIONS = "lance4j.s3.max_connections";
  static final String READ_CONCURRENCY = "lance4j.s3.read_concurrency";
  static final String UPLOAD_CONCURRENCY = "lance4j.s3.upload_concurrency";
  static final String MAX_ATTEMPTS = "lance4j.s3.max_attempts";

  /** S3's smallest part (all but the last), and lance4j's default. */
  static final int MIN_PART_SIZE = 5 << 20;
  static final int DEFAULT_PART_SIZE = 8 << 20;

  /**
   * Who requests are signed as.
   *
   * @param accessKeyId static credentials, or null for the SDK's default credential chain
   * @param secretAccessKey secret of the static credentials
   * @param sessionToken session token of temporary static credentials, or null
   * @param anonymous unsigned requests (public buckets)
   */
  record Credentials(String accessKeyId, String secretAccessKey, String sessionToken,
      boolean anonymous) {
    /** Without secrets. */
    @Override
    public String toString() {
      return anonymous ? "anonymous" : accessKeyId != null ? "static" : "default chain";
    }
  }

  /**
   * What an S3 client is built from; equal settings share one client.
   *
   * @param endpoint custom endpoint (S3-compatible store), or null for AWS
   * @param region region, or null for the SDK's region chain (us-east-1 when that finds none)
   * @param pathStyle path-style requests ({@code endpoint/bucket/key})
   * @param connectTimeout connect timeout, or null for the SDK default
   * @param requestTimeout socket timeout, or null for the SDK default
   * @param maxConnections connection pool size
   * @param maxAttempts attempts per request (SDK retries), or 0 for the SDK default
   * @param trustAllCertificates skip TLS certificate validation (testing only)
   */
  record Client(URI endpoint, String region, boolean pathStyle, Duration connectTimeout,
      Duration requestTimeout, int maxConnections, int maxAttempts,
      boolean trustAllCertificates) {}

  /** Without secrets. */
  @Override
  public String toString() {
    return "S3Settings[s3://" + bucket + "/" + prefix + ", " + client + ", credentials="
        + credentials + "]";
  }

  /** The settings for {@code uri} from {@code options} and the process environment. */
  static S3Settings of(String uri, StorageOptions options) {
    return of(uri, options, System.getenv());
  }

  /** As {@link #of(String, StorageOptions)} with the environment given (for tests). */
  static S3Settings of(String uri, StorageOptions options, Map<String, String> env) {
    Map<String, String> opts = new HashMap<>();
    for (Map.Entry<String, String> e : options.asMap().entrySet()) {
      opts.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    Matcher m = Pattern.compile("^(?i)(s3a?)://([^/]+)(/.*)?$").matcher(uri);
    if (!m.matches()) {
      throw new InvalidInputException("invalid S3 URI '" + uri
          + "': expected s3://bucket or s3://bucket/prefix");
    }
    String bucket = m.group(2);
    String prefix = m.group(3) == null ? "" : m.group(3);
    prefix = trimSlashes(prefix);
    if (prefix.contains("//")) {
      throw new InvalidInputException("invalid S3 URI '" + uri + "': empty path segment");
    }

    String endpoint = value(opts, ENDPOINT, env, "AWS_ENDPOINT", "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3");
    boolean allowHttp = bool(value(opts, ALLOW_HTTP, env, "AWS_ALLOW_HTTP", "ALLOW_HTTP"),
        "allow_http");
    URI endpointUri = null;
    if (endpoint != null && !endpoint.isBlank()) {
      try {
        endpointUri = URI.create(endpoint.trim());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("storage option aws_endpoint is not a URL: '" + endpoint
            + "'", e);
      }
      String scheme = endpointUri.getScheme();
      if (scheme == null || endpointUri.getHost() == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new InvalidInputException("storage option aws_endpoint must be an http:// or"
            + " https:// URL, got '" + endpoint + "'");
      }
      if (scheme.equalsIgnoreCase("http") && !allowHttp) {
        throw new InvalidInputException("the S3 endpoint " + endpoint + " is plain http: set the"
            + " storage option allow_http=true (or AWS_ALLOW_HTTP=true) to allow it");
      }
    }
    String region = value(opts, REGION, env, "AWS_REGION", "AWS_DEFAULT_REGION");
    String keyId = value(opts, ACCESS_KEY_ID, env, "AWS_ACCESS_KEY_ID");
    String secret = value(opts, SECRET_ACCESS_KEY, env, "AWS_SECRET_ACCESS_KEY");
    String token = value(opts, SESSION_TOKEN, env, "AWS_SESSION_TOKEN");
    if ((keyId == null) != (secret == null)) {
      throw new InvalidInputException("S3 credentials need both aws_access_key_id and"
          + " aws_secret_access_key (or neither, for the default credential chain)");
    }
    boolean anonymous = bool(value(opts, SKIP_SIGNATURE, env, "AWS_SKIP_SIGNATURE"),
        "aws_skip_signature");
    String vh = value(opts, VIRTUAL_HOSTED, env, "AWS_VIRTUAL_HOSTED_STYLE_REQUEST");
    // Lance's default is path-style; AWS itself is addressed virtual-hosted unless told otherwise
    boolean pathStyle = vh != null ? !bool(vh, "aws_virtual_hosted_style_request")
        : endpointUri != null;
    Duration connect = duration(value(opts, CONNECT_TIMEOUT, env, "CONNECT_TIMEOUT"),
        "connect_timeout");
    Duration timeout = duration(value(opts, TIMEOUT, env, "TIMEOUT"), "timeout");
    boolean insecure = bool(value(opts, ALLOW_INVALID_CERTIFICATES, env,
        "ALLOW_INVALID_CERTIFICATES"), "allow_invalid_certificates");
    int maxConnections = integer(opts.get(MAX_CONNECTIONS), MAX_CONNECTIONS, 64, 1, 10_000);
    int maxAttempts = integer(opts.get(MAX_ATTEMPTS), MAX_ATTEMPTS, 0, 1, 100);
    long partSize = bytes(opts.get(PART_SIZE), PART_SIZE, DEFAULT_PART_SIZE);
    if (partSize < MIN_PART_SIZE || partSize > (1L << 30)) {
      throw new InvalidInputException("storage option " + PART_SIZE + " must be between 5MiB and"
          + " 1GiB (S3's smallest part is 5 MiB), got " + opts.get(PART_SIZE));
    }
    int readConcurrency = integer(opts.get(READ_CONCURRENCY), READ_CONCURRENCY, 8, 1, 256);
    int uploadConcurrency = integer(opts.get(UPLOAD_CONCURRENCY), UPLOAD_CONCURRENCY, 3, 1, 64);
    Client client = new Client(endpointUri, blankToNull(region), pathStyle, connect, timeout,
        maxConnections, maxAttempts, insecure);
    Credentials credentials = new Credentials(keyId, secret, blankToNull(token), anonymous);
    return new S3Settings(bucket, prefix, client, credentials, (int) partSize, readConcurrency,
        uploadConcurrency);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

}

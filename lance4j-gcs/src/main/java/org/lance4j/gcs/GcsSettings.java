package org.lance4j.gcs;

import static org.lance4j.storage.SettingValues.bool;
import static org.lance4j.storage.SettingValues.bytes;
import static org.lance4j.storage.SettingValues.duration;
import static org.lance4j.storage.SettingValues.integer;
import static org.lance4j.storage.SettingValues.trimSlashes;
import static org.lance4j.storage.SettingValues.value;

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
 * The Google Cloud Storage configuration of one {@code gs://bucket/prefix} URI, from the storage
 * options (Lance's key names, matched case-insensitively with their aliases) and, where they say
 * nothing, the {@code GOOGLE_*} environment variables of the same names; without any, the
 * library's Application Default Credentials.
 *
 * @param bucket the bucket
 * @param prefix the object name prefix of the dataset root, without leading or trailing '/'
 * @param client what the Storage client is built from (shared by equal settings)
 * @param chunkSize bytes buffered before a {@code create()} stream becomes a resumable upload
 *     (and the upload's chunk size)
 * @param readConcurrency ranged GETs in flight for one {@code readRanges} call
 */
record GcsSettings(String bucket, String prefix, Client client, int chunkSize,
    int readConcurrency) {

  static final List<String> SERVICE_ACCOUNT = List.of("google_service_account",
      "service_account", "google_service_account_path", "service_account_path");
  static final List<String> SERVICE_ACCOUNT_KEY = List.of("google_service_account_key",
      "service_account_key");
  static final List<String> APPLICATION_CREDENTIALS = List.of("google_application_credentials");
  static final List<String> SKIP_SIGNATURE = List.of("google_skip_signature", "skip_signature");
  static final List<String> PROJECT = List.of("google_project_id", "project_id");
  static final List<String> TIMEOUT = List.of("timeout");
  /** lance4j's own keys. */
  static final String ENDPOINT = "lance4j.gcs.endpoint";
  static final String CHUNK_SIZE = "lance4j.gcs.chunk_size";
  static final String READ_CONCURRENCY = "lance4j.gcs.read_concurrency";
  static final String MAX_ATTEMPTS = "lance4j.gcs.max_attempts";
  static final String RETRY_DELAY = "lance4j.gcs.retry_delay";

  static final int DEFAULT_CHUNK_SIZE = 16 << 20;

  /** Where credentials come from. */
  enum Auth {
    /** a service account key file (path) */
    KEY_FILE,
    /** a service account key (JSON text) */
    KEY_JSON,
    /** Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata) */
    DEFAULT,
    /** no credentials (public buckets, test servers) */
    ANONYMOUS
  }

  /**
   * What a Storage client is built from.
   *
   * @param endpoint the JSON API's base URL, or null for Google's
   * @param auth where credentials come from
   * @param credential key file path or key JSON (per auth)
   * @param projectId project, or null
   * @param timeout read timeout, or null for the library default
   * @param maxAttempts attempts per request, or 0 for the library default
   * @param retryDelay first retry delay, or null for the library default
   */
  record Client(String endpoint, Auth auth, String credential, String projectId,
      Duration timeout, int maxAttempts, Duration retryDelay) {
    /** Without secrets. */
    @Override
    public String toString() {
      return "Client[" + (endpoint != null ? endpoint : "storage.googleapis.com") + ", " + auth
          + (auth == Auth.KEY_FILE ? " " + credential : "") + "]";
    }
  }

  @Override
  public String toString() {
    return "GcsSettings[gs://" + bucket + "/" + prefix + ", " + client + "]";
  }

  static GcsSettings of(String uri, StorageOptions options) {
    return of(uri, options, System.getenv());
  }

  static GcsSettings of(String uri, StorageOptions options, Map<String, String> env) {
    Map<String, String> opts = new HashMap<>();
    for (Map.Entry<String, String> e : options.asMap().entrySet()) {
      opts.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    Matcher m = Pattern.compile("^(?i)(gs|gcs)://([^/]+)(/.*)?$").matcher(uri);
    if (!m.matches()) {
      throw new InvalidInputException("invalid GCS URI '" + uri
          + "': expected gs://bucket or gs://bucket/prefix");
    }
    String bucket = m.group(2);
    String prefix = trimSlashes(m.group(3) == null ? "" : m.group(3));
    if (prefix.contains("//")) {
      throw new InvalidInputException("invalid GCS URI '" + uri + "': empty path segment");
    }
    String keyJson = value(opts, SERVICE_ACCOUNT_KEY, env, "GOOGLE_SERVICE_ACCOUNT_KEY");
    String keyFile = value(opts, SERVICE_ACCOUNT, env, "GOOGLE_SERVICE_ACCOUNT",
        "GOOGLE_SERVICE_ACCOUNT_PATH");
    String adc = value(opts, APPLICATION_CREDENTIALS, env);
    boolean anonymous = bool(value(opts, SKIP_SIGNATURE, env, "GOOGLE_SKIP_SIGNATURE"),
        "google_skip_signature");
    String endpoint = value(opts, List.of(ENDPOINT), env);
    if (endpoint == null) {
      String emulator = env.get("STORAGE_EMULATOR_HOST"); // what the Google libraries read
      if (emulator != null && !emulator.isBlank()) {
        endpoint = emulator.contains("://") ? emulator : "http://" + emulator;
      }
    }
    if (endpoint != null) {
      endpoint = endpoint.trim();
      if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        throw new InvalidInputException("storage option " + ENDPOINT + " must be an http:// or"
            + " https:// URL, got '" + endpoint + "'");
      }
      while (endpoint.endsWith("/")) {
        endpoint = endpoint.substring(0, endpoint.length() - 1);
      }
    }
    Auth auth;
    String credential;
    if (anonymous) {
      auth = Auth.ANONYMOUS;
      credential = null;
    } else if (keyJson != null) {
      auth = Auth.KEY_JSON;
      credential = keyJson;
    } else if (keyFile != null) {
      auth = Auth.KEY_FILE;
      credential = keyFile;
    } else if (adc != null) {
      auth = Auth.KEY_FILE;
      credential = adc;
    } else {
      auth = Auth.DEFAULT;
      credential = null;
    }
    String project = value(opts, PROJECT, env, "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT");
    Duration timeout = duration(value(opts, TIMEOUT, env), "timeout");
    int maxAttempts = integer(opts.get(MAX_ATTEMPTS), MAX_ATTEMPTS, 0, 1, 100);
    Duration retryDelay = duration(opts.get(RETRY_DELAY), RETRY_DELAY);
    long chunk = bytes(opts.get(CHUNK_SIZE), CHUNK_SIZE, DEFAULT_CHUNK_SIZE);
    if (chunk < (256 << 10) || chunk > (1L << 30) || chunk % (256 << 10) != 0) {
      throw new InvalidInputException("storage option " + CHUNK_SIZE + " must be a multiple of"
          + " 256KiB between 256KiB and 1GiB (GCS's resumable chunk rule), got "
          + opts.get(CHUNK_SIZE));
    }
    int readConcurrency = integer(opts.get(READ_CONCURRENCY), READ_CONCURRENCY, 8, 1, 256);
    return new GcsSettings(bucket, prefix, new Client(endpoint, auth, credential, project,
        timeout, maxAttempts, retryDelay), (int) chunk, readConcurrency);
  }

}

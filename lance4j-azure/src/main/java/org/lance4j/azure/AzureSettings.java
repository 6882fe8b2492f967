package org.lance4j.azure;

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
 * The Azure Blob Storage configuration of one dataset URI, from the storage options (Lance's key
 * names, which are the Rust {@code object_store} crate's, matched case-insensitively with their
 * aliases) and, where they say nothing, the {@code AZURE_*} environment variables of the same
 * names.
 *
 * <p>URIs: {@code az://container/prefix} (the account from {@code azure_storage_account_name}),
 * and {@code abfs[s]://container/prefix} or
 * {@code abfs[s]://container@account.dfs.core.windows.net/prefix} (Hadoop's form, the account in
 * the host; the Blob endpoint is used either way).
 *
 * @param container the container of the URI
 * @param prefix the blob name prefix of the dataset root, without leading or trailing '/'
 * @param client what the blob service client is built from (shared by equal settings)
 * @param blockSize bytes per staged block of {@code create()} streams
 * @param readConcurrency ranged GETs in flight for one {@code readRanges} call
 * @param uploadConcurrency blocks of one {@code create()} stream being staged at once
 * @param listPageSize blobs asked for per List Blobs page (at most 5000)
 */
record AzureSettings(String container, String prefix, Client client, int blockSize,
    int readConcurrency, int listPageSize, int uploadConcurrency) {

  static final List<String> ACCOUNT_NAME = List.of("azure_storage_account_name", "account_name");
  static final List<String> ACCOUNT_KEY = List.of("azure_storage_account_key",
      "azure_storage_access_key", "azure_storage_master_key", "account_key", "access_key",
      "master_key");
  static final List<String> SAS = List.of("azure_storage_sas_token", "azure_storage_sas_key",
      "sas_token", "sas_key");
  static final List<String> TOKEN = List.of("azure_storage_token", "bearer_token", "token");
  static final List<String> USE_EMULATOR = List.of("azure_storage_use_emulator", "use_emulator");
  static final List<String> ENDPOINT = List.of("azure_storage_endpoint", "azure_endpoint",
      "endpoint");
  static final List<String> SKIP_SIGNATURE = List.of("azure_skip_signature", "skip_signature");
  static final List<String> ALLOW_HTTP = List.of("allow_http", "azure_allow_http");
  static final List<String> CONNECTION_STRING = List.of("azure_storage_connection_string",
      "connection_string");
  static final List<String> TIMEOUT = List.of("timeout");
  static final List<String> CONNECT_TIMEOUT = List.of("connect_timeout");
  /** lance4j's own keys. */
  static final String BLOCK_SIZE = "lance4j.azure.block_size";
  static final String READ_CONCURRENCY = "lance4j.azure.read_concurrency";
  static final String UPLOAD_CONCURRENCY = "lance4j.azure.upload_concurrency";
  static final String MAX_ATTEMPTS = "lance4j.azure.max_attempts";
  static final String LIST_PAGE_SIZE = "lance4j.azure.list_page_size";
  static final String RETRY_DELAY = "lance4j.azure.retry_delay";

  static final int DEFAULT_BLOCK_SIZE = 8 << 20;
  /** Azurite's (and the public emulator's) well-known development account. */
  static final String EMULATOR_ACCOUNT = "devstoreaccount1";
  static final String EMULATOR_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq"
      + "/K1SZFPTOtr/KBHBeksoGMGw==";

  /** How requests are authorized. */
  enum Auth {
    SHARED_KEY, SAS, BEARER_TOKEN, CONNECTION_STRING, ANONYMOUS
  }

  /**
   * What a blob service client is built from; equal settings share one client.
   *
   * @param endpoint the account's Blob endpoint URL, or null with a connection string
   * @param auth how requests are authorized
   * @param account the account name (may be null with SAS, token or connection string)
   * @param secret the account key, SAS token, bearer token or connection string (per auth)
   * @param requestTimeout timeout of one try, or null for the SDK default
   * @param connectTimeout connect timeout, or null for the JDK default
   * @param maxAttempts tries per request (SDK retries), or 0 for the SDK default
   * @param retryDelay the first retry's delay (exponential after), or null for the SDK's 4s
   */
  record Client(String endpoint, Auth auth, String account, String secret,
      Duration requestTimeout, Duration connectTimeout, int maxAttempts, Duration retryDelay) {
    /** Without secrets. */
    @Override
    public String toString() {
      return "Client[" + (endpoint != null ? endpoint : "connection string") + ", " + auth
          + (account != null ? ", account=" + account : "") + "]";
    }
  }

  /** Without secrets. */
  @Override
  public String toString() {
    return "AzureSettings[az://" + container + "/" + prefix + ", " + client + "]";
  }

  static AzureSettings of(String uri, StorageOptions options) {
    return of(uri, options, System.getenv());
  }

  private static final Pattern URI_PATTERN =
      Pattern.compile("^(?i)(az|abfss?)://(?:([^/@]+)@)?([^/]+)(/.*)?$");

  /** As {@link #of(String, StorageOptions)} with the environment given (for tests). */
  static AzureSettings of(String uri, StorageOptions options, Map<String, String> env) {
    Map<String, String> opts = new HashMap<>();
    for (Map.Entry<String, String> e : options.asMap().entrySet()) {
      opts.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    Matcher m = URI_PATTERN.matcher(uri);
    if (!m.matches()) {
      throw new InvalidInputException("invalid Azure URI '" + uri + "': expected"
          + " az://container/prefix or abfss://container@account.dfs.core.windows.net/prefix");
    }
    String container;
    String accountFromHost = null;
    if (m.group(2) != null) {
      container = m.group(2);
      String host = m.group(3).toLowerCase(Locale.ROOT);
      int dot = host.indexOf('.');
      String domain = dot < 0 ? "" : host.substring(dot + 1);
      if (!domain.equals("dfs.core.windows.net") && !domain.equals("blob.core.windows.net")) {
        throw new InvalidInputException("invalid Azure URI '" + uri + "': the host after '@'"
            + " must be <account>.dfs.core.windows.net or <account>.blob.core.windows.net");
      }
      accountFromHost = host.substring(0, dot);
    } else {
      container = m.group(3);
    }
    String prefix = trimSlashes(m.group(4) == null ? "" : m.group(4));
    if (prefix.contains("//")) {
      throw new InvalidInputException("invalid Azure URI '" + uri + "': empty path segment");
    }

    String account = value(opts, ACCOUNT_NAME, env, "AZURE_STORAGE_ACCOUNT_NAME",
        "AZURE_STORAGE_ACCOUNT");
    if (accountFromHost != null) {
      account = accountFromHost;
    }
    String key = value(opts, ACCOUNT_KEY, env, "AZURE_STORAGE_ACCOUNT_KEY",
        "AZURE_STORAGE_ACCESS_KEY", "AZURE_STORAGE_KEY");
    String sas = value(opts, SAS, env, "AZURE_STORAGE_SAS_TOKEN", "AZURE_STORAGE_SAS_KEY");
    String token = value(opts, TOKEN, env, "AZURE_STORAGE_TOKEN");
    String connection = value(opts, CONNECTION_STRING, env, "AZURE_STORAGE_CONNECTION_STRING");
    boolean emulator = bool(value(opts, USE_EMULATOR, env, "AZURE_STORAGE_USE_EMULATOR"),
        "azure_storage_use_emulator");
    boolean anonymous = bool(value(opts, SKIP_SIGNATURE, env, "AZURE_SKIP_SIGNATURE"),
        "azure_skip_signature");
    boolean allowHttp = bool(value(opts, ALLOW_HTTP, env, "AZURE_ALLOW_HTTP", "ALLOW_HTTP"),
        "allow_http");
    String endpoint = value(opts, ENDPOINT, env, "AZURE_STORAGE_ENDPOINT", "AZURE_ENDPOINT");

    if (emulator) {
      if (account == null) {
        account = EMULATOR_ACCOUNT;
        if (key == null && sas == null && token == null) {
          key = EMULATOR_KEY;
        }
      }
      if (endpoint == null) {
        String base = env.getOrDefault("AZURITE_BLOB_STORAGE_URL", "http://127.0.0.1:10000");
        endpoint = trimTrailingSlashes(base) + "/" + account;
      }
      allowHttp = true;
    }

    Auth auth;
    String secret;
    if (anonymous) {
      auth = Auth.ANONYMOUS;
      secret = null;
    } else if (key != null) {
      if (account == null) {
        throw new InvalidInputException("azure_storage_account_key needs"
            + " azure_storage_account_name (or AZURE_STORAGE_ACCOUNT_NAME)");
      }
      auth = Auth.SHARED_KEY;
      secret = key;
    } else if (sas != null) {
      auth = Auth.SAS;
      secret = sas.startsWith("?") ? sas.substring(1) : sas;
    } else if (token != null) {
      auth = Auth.BEARER_TOKEN;
      secret = token;
    } else if (connection != null && endpoint == null) {
      auth = Auth.CONNECTION_STRING;
      secret = connection;
    } else {
      throw new InvalidInputException("no Azure credentials for '" + uri + "': set"
          + " azure_storage_account_key, azure_storage_sas_token, azure_storage_token or"
          + " azure_storage_connection_string (storage options or AZURE_STORAGE_* environment"
          + " variables), azure_storage_use_emulator=true for Azurite, or"
          + " azure_skip_signature=true for a public container");
    }

    if (auth != Auth.CONNECTION_STRING) {
      if (endpoint == null) {
        if (account == null) {
          throw new InvalidInputException("no Azure storage account for '" + uri + "': set"
              + " azure_storage_account_name (or AZURE_STORAGE_ACCOUNT_NAME), or"
              + " azure_storage_endpoint");
        }
        endpoint = "https://" + account + ".blob.core.windows.net";
      }
      endpoint = checkEndpoint(trimTrailingSlashes(endpoint.trim()), allowHttp);
    }

    Duration timeout = duration(value(opts, TIMEOUT, env, "AZURE_TIMEOUT"), "timeout");
    Duration connect = duration(value(opts, CONNECT_TIMEOUT, env, "AZURE_CONNECT_TIMEOUT"),
        "connect_timeout");
    int maxAttempts = integer(opts.get(MAX_ATTEMPTS), MAX_ATTEMPTS, 0, 1, 100);
    long blockSize = bytes(opts.get(BLOCK_SIZE), BLOCK_SIZE, DEFAULT_BLOCK_SIZE);
    if (blockSize < (64 << 10) || blockSize > (1L << 30)) {
      throw new InvalidInputException("storage option " + BLOCK_SIZE + " must be between 64KiB"
          + " and 1GiB, got " + opts.get(BLOCK_SIZE));
    }
    int readConcurrency = integer(opts.get(READ_CONCURRENCY), READ_CONCURRENCY, 8, 1, 256);
    Duration retryDelay = duration(opts.get(RETRY_DELAY), RETRY_DELAY);
    Client client = new Client(endpoint, auth, account, secret, timeout, connect, maxAttempts,
        retryDelay);
    int pageSize = integer(opts.get(LIST_PAGE_SIZE), LIST_PAGE_SIZE, 5000, 1, 5000);
    int uploadConcurrency = integer(opts.get(UPLOAD_CONCURRENCY), UPLOAD_CONCURRENCY, 3, 1, 64);
    return new AzureSettings(container, prefix, client, (int) blockSize, readConcurrency,
        pageSize, uploadConcurrency);
  }

  private static String checkEndpoint(String endpoint, boolean allowHttp) {
    URI u;
    try {
      u = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("storage option azure_storage_endpoint is not a URL: '"
          + endpoint + "'", e);
    }
    String scheme = u.getScheme();
    if (scheme == null || u.getHost() == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new InvalidInputException("storage option azure_storage_endpoint must be an http://"
          + " or https:// URL, got '" + endpoint + "'");
    }
    if (scheme.equalsIgnoreCase("http") && !allowHttp) {
      throw new InvalidInputException("the Azure endpoint " + endpoint + " is plain http: set"
          + " the storage option allow_http=true (or azure_storage_use_emulator=true) to allow"
          + " it");
    }
    return endpoint;
  }

  private static String trimTrailingSlashes(String s) {
    int b = s.length();
    while (b > 0 && s.charAt(b - 1) == '/') {
      b--;
    }
    return s.substring(0, b);
  }

}

package org.lance4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;

/** Configuration from Lance's option names and the AZURE_* environment variables. */
class AzureSettingsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  private static AzureSettings of(String uri, Map<String, String> opts, Map<String, String> env) {
    return AzureSettings.of(uri, StorageOptions.of(opts), env);
  }

  @Test
  void accountAndKeyFromOptionsGiveTheAccountsBlobEndpoint() {
    AzureSettings s = of("az://data/tables/events/", Map.of("azure_storage_account_name", "acct",
        "AZURE_STORAGE_ACCOUNT_KEY", "a2V5"), NO_ENV);
    assertThat(s.container()).isEqualTo("data");
    assertThat(s.prefix()).isEqualTo("tables/events");
    assertThat(s.client().endpoint()).isEqualTo("https://acct.blob.core.windows.net");
    assertThat(s.client().auth()).isEqualTo(AzureSettings.Auth.SHARED_KEY);
    assertThat(s.client().account()).isEqualTo("acct");
    assertThat(s.toString()).doesNotContain("a2V5");
  }

  @Test
  void environmentFillsWhatTheOptionsLeaveOut() {
    AzureSettings s = of("az://c", Map.of(), Map.of("AZURE_STORAGE_ACCOUNT_NAME", "envacct",
        "AZURE_STORAGE_SAS_TOKEN", "?sv=2024&sig=x"));
    assertThat(s.client().auth()).isEqualTo(AzureSettings.Auth.SAS);
    assertThat(s.client().secret()).isEqualTo("sv=2024&sig=x");
    assertThat(s.client().endpoint()).isEqualTo("https://envacct.blob.core.windows.net");
    // options win over the environment
    AzureSettings o = of("az://c", Map.of("account_name", "optacct", "sas_token", "sig=y"),
        Map.of("AZURE_STORAGE_ACCOUNT_NAME", "envacct"));
    assertThat(o.client().account()).isEqualTo("optacct");
  }

  @Test
  void hadoopStyleAbfssUriNamesTheAccountInTheHost() {
    AzureSettings s = of("abfss://fs@myacct.dfs.core.windows.net/a/b",
        Map.of("azure_storage_account_key", "a2V5"), NO_ENV);
    assertThat(s.container()).isEqualTo("fs");
    assertThat(s.prefix()).isEqualTo("a/b");
    assertThat(s.client().endpoint()).isEqualTo("https://myacct.blob.core.windows.net");
    AzureSettings fsspec = of("abfs://fs/a", Map.of("azure_storage_account_name", "x",
        "azure_storage_token", "t"), NO_ENV);
    assertThat(fsspec.container()).isEqualTo("fs");
    assertThat(fsspec.client().auth()).isEqualTo(AzureSettings.Auth.BEARER_TOKEN);
    assertThatThrownBy(() -> of("abfss://fs@example.com/a", Map.of(), NO_ENV))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("dfs.core.windows.net");
  }

  @Test
  void emulatorUsesAzuritesWellKnownAccountAndAddress() {
    AzureSettings s = of("az://c/p", Map.of("azure_storage_use_emulator", "true"), NO_ENV);
    assertThat(s.client().endpoint()).isEqualTo("http://127.0.0.1:10000/devstoreaccount1");
    assertThat(s.client().account()).isEqualTo("devstoreaccount1");
    assertThat(s.client().secret()).isEqualTo(AzureSettings.EMULATOR_KEY);
    AzureSettings env = of("az://c", Map.of(), Map.of("AZURE_STORAGE_USE_EMULATOR", "1",
        "AZURITE_BLOB_STORAGE_URL", "http://127.0.0.1:4321/"));
    assertThat(env.client().endpoint()).isEqualTo("http://127.0.0.1:4321/devstoreaccount1");
  }

  @Test
  void plainHttpEndpointNeedsAllowHttp() {
    Map<String, String> opts = Map.of("azure_storage_account_name", "a",
        "azure_storage_account_key", "a2V5", "azure_storage_endpoint", "http://10.0.0.1:1/a");
    assertThatThrownBy(() -> of("az://c", opts, NO_ENV))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("allow_http");
    Map<String, String> allowed = new java.util.HashMap<>(opts);
    allowed.put("allow_http", "true");
    assertThat(of("az://c", allowed, NO_ENV).client().endpoint())
        .isEqualTo("http://10.0.0.1:1/a");
  }

  @Test
  void missingCredentialsOrAccountAreClearErrors() {
    assertThatThrownBy(() -> of("az://c", Map.of("azure_storage_account_name", "a"), NO_ENV))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("azure_storage_account_key")
        .hasMessageContaining("azure_storage_sas_token");
    assertThatThrownBy(() -> of("az://c", Map.of("azure_storage_sas_token", "s"), NO_ENV))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("azure_storage_account_name");
    assertThatThrownBy(() -> of("az://c", Map.of("azure_storage_account_key", "k"), NO_ENV))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("azure_storage_account_name");
    assertThatThrownBy(() -> of("s3://c", Map.of(), NO_ENV))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("az://container");
  }

  @Test
  void connectionStringAnonymousTimeoutsAndBlockSize() {
    AzureSettings cs = of("az://c", Map.of(), Map.of("AZURE_STORAGE_CONNECTION_STRING",
        "UseDevelopmentStorage=true"));
    assertThat(cs.client().auth()).isEqualTo(AzureSettings.Auth.CONNECTION_STRING);
    AzureSettings anon = of("az://c", Map.of("azure_storage_account_name", "a",
        "azure_skip_signature", "true", "timeout", "30s", "connect_timeout", "250ms",
        "lance4j.azure.block_size", "16MiB"), NO_ENV);
    assertThat(anon.client().auth()).isEqualTo(AzureSettings.Auth.ANONYMOUS);
    assertThat(anon.client().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(anon.client().connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(anon.blockSize()).isEqualTo(16 << 20);
    assertThat(anon.uploadConcurrency()).as("blocks staged at once by default").isEqualTo(3);
    assertThat(of("az://c", Map.of("azure_storage_account_name", "a", "azure_skip_signature",
        "true", "lance4j.azure.upload_concurrency", "6"), NO_ENV).uploadConcurrency())
        .isEqualTo(6);
    assertThatThrownBy(() -> of("az://c", Map.of("azure_storage_account_name", "a",
        "azure_skip_signature", "true", "lance4j.azure.upload_concurrency", "0"), NO_ENV))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lance4j.azure.upload_concurrency");
    assertThatThrownBy(() -> of("az://c", Map.of("azure_storage_use_emulator", "maybe"), NO_ENV))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("azure_storage_use_emulator");
  }

  @Test
  void theProviderIsFoundByScheme() {
    var found = java.util.ServiceLoader.load(org.lance4j.storage.ObjectStoreProvider.class)
        .stream().map(p -> p.get()).filter(p -> p.schemes().contains("az")).toList();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).schemes()).contains("abfs", "abfss");
  }
}

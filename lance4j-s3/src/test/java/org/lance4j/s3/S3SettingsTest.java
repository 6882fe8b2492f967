package org.lance4j.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lance4j.InvalidInputException;
import org.lance4j.StorageOptions;

/** Configuration from Lance's storage option names and the environment. */
class S3SettingsTest {
  private static S3Settings of(String uri, Map<String, String> opts, Map<String, String> env) {
    return S3Settings.of(uri, StorageOptions.of(opts), env);
  }

  @Test
  void bucketAndPrefixFromTheUri() {
    S3Settings s = of("s3://bucket/a/b/", Map.of(), Map.of());
    assertThat(s.bucket()).isEqualTo("bucket");
    assertThat(s.prefix()).isEqualTo("a/b");
    assertThat(of("s3://bucket", Map.of(), Map.of()).prefix()).isEmpty();
    assertThat(of("S3A://bucket/x", Map.of(), Map.of()).prefix()).isEqualTo("x");
    assertThatThrownBy(() -> of("s3:///x", Map.of(), Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("s3://bucket");
  }

  @Test
  void lanceOptionNamesWithTheirAliasesCaseInsensitive() {
    S3Settings s = of("s3://b/ds", Map.of("AWS_ACCESS_KEY_ID", "AK", "secret_access_key", "SK",
        "aws_session_token", "TOK", "region", "eu-west-3", "aws_endpoint",
        "http://127.0.0.1:9000", "allow_http", "true", "connect_timeout", "3s",
        "timeout", "2m", "lance4j.s3.part_size", "16MiB"), Map.of());
    S3Settings.Client c = s.client();
    assertThat(s.credentials().accessKeyId()).isEqualTo("AK");
    assertThat(s.credentials().secretAccessKey()).isEqualTo("SK");
    assertThat(s.credentials().sessionToken()).isEqualTo("TOK");
    assertThat(c.region()).isEqualTo("eu-west-3");
    assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(c.pathStyle()).as("path-style by default with a custom endpoint").isTrue();
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.partSize()).isEqualTo(16 << 20);
    assertThat(s.uploadConcurrency()).as("default").isEqualTo(3);
    assertThat(of("s3://b", Map.of("lance4j.s3.upload_concurrency", "5"), Map.of())
        .uploadConcurrency()).isEqualTo(5);
    assertThatThrownBy(() -> of("s3://b", Map.of("lance4j.s3.upload_concurrency", "0"),
        Map.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lance4j.s3.upload_concurrency");
    assertThat(s.toString()).doesNotContain("SK").doesNotContain("TOK").contains("static");
  }

  @Test
  void environmentFillsWhatTheOptionsLeaveOut() {
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "envAK", "AWS_SECRET_ACCESS_KEY",
        "envSK", "AWS_REGION", "ap-south-1", "AWS_ENDPOINT_URL", "http://localhost:4566",
        "AWS_ALLOW_HTTP", "true");
    S3Settings e = of("s3://b", Map.of(), env);
    S3Settings.Client c = e.client();
    assertThat(e.credentials().accessKeyId()).isEqualTo("envAK");
    assertThat(e.credentials().secretAccessKey()).isEqualTo("envSK");
    assertThat(c.region()).isEqualTo("ap-south-1");
    assertThat(c.endpoint()).isEqualTo(URI.create("http://localhost:4566"));
    // options win over the environment; AWS_ENDPOINT is read too
    S3Settings.Client o = of("s3://b", Map.of("aws_region", "us-west-2"),
        Map.of("AWS_REGION", "x", "AWS_ENDPOINT", "https://minio.example:9000")).client();
    assertThat(o.region()).isEqualTo("us-west-2");
    assertThat(o.endpoint()).isEqualTo(URI.create("https://minio.example:9000"));
    // nothing set: the SDK's own chains decide
    S3Settings nothing = of("s3://b", Map.of(), Map.of());
    S3Settings.Client none = nothing.client();
    assertThat(nothing.credentials().accessKeyId()).isNull();
    assertThat(none.region()).isNull();
    assertThat(none.endpoint()).isNull();
    assertThat(none.pathStyle()).as("AWS itself: virtual-hosted").isFalse();
  }

  @Test
  void virtualHostedStyleAndAnonymousAccess() {
    S3Settings s = of("s3://b", Map.of("aws_endpoint", "https://s3.example",
        "aws_virtual_hosted_style_request", "true", "aws_skip_signature", "true"), Map.of());
    assertThat(s.client().pathStyle()).isFalse();
    assertThat(s.credentials().anonymous()).isTrue();
  }

  @Test
  void credentialsDoNotSplitTheClient() {
    // rotating session tokens (or different users) share one client and its connection pool
    S3Settings a = of("s3://b/x", Map.of("aws_access_key_id", "A", "aws_secret_access_key", "1",
        "aws_session_token", "t1", "aws_region", "us-east-1"), Map.of());
    S3Settings b = of("s3://c/y", Map.of("aws_access_key_id", "B", "aws_secret_access_key", "2",
        "aws_session_token", "t2", "aws_region", "us-east-1"), Map.of());
    assertThat(a.client()).isEqualTo(b.client());
    assertThat(S3ObjectStoreProvider.client(a.client()))
        .isSameAs(S3ObjectStoreProvider.client(b.client()));
  }

  @Test
  void badSettingsNameTheOption() {
    assertThatThrownBy(() -> of("s3://b", Map.of("aws_endpoint", "http://127.0.0.1:9"),
        Map.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("allow_http");
    assertThatThrownBy(() -> of("s3://b", Map.of("aws_endpoint", "ftp://x"), Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("aws_endpoint");
    assertThatThrownBy(() -> of("s3://b", Map.of("aws_access_key_id", "a"), Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("aws_secret_access_key");
    assertThatThrownBy(() -> of("s3://b", Map.of("allow_http", "maybe"), Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("allow_http");
    assertThatThrownBy(() -> of("s3://b", Map.of("timeout", "soon"), Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> of("s3://b", Map.of("lance4j.s3.part_size", "1MiB"), Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("5MiB");
  }
}

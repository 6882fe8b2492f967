package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lance4j.InvalidInputException;

class LanceOptionsTest {
  @Test
  void numericOptionsOutOfRangeNameTheOptionInsteadOfTruncating() {
    // 2^32 + 1 would have been truncated to 1 by an int cast
    assertThatThrownBy(() -> new LanceOptions(Map.of("maxRowsPerFile", "4294967297")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("maxrowsperfile").hasMessageContaining("4294967297");
    assertThatThrownBy(() -> new LanceOptions(Map.of("batchSize", "0")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("batchsize");
    assertThatThrownBy(() -> new LanceOptions(Map.of("vector.dim.emb", "-3")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("vector.dim.emb");
  }

  @Test
  void storageOptionsComeFromTheStoragePrefixWithLanceKeyNames() {
    LanceOptions o = new LanceOptions(Map.of("path", "s3://b/t", "Storage.AWS_Endpoint",
        "http://127.0.0.1:9000", "storage.allow_http", "true", "batchSize", "10"));
    org.assertj.core.api.Assertions.assertThat(o.storageOptions().asMap()).containsOnly(
        Map.entry("aws_endpoint", "http://127.0.0.1:9000"), Map.entry("allow_http", "true"));
    org.assertj.core.api.Assertions.assertThat(o.openOptions().storageOptions())
        .isEqualTo(o.storageOptions());
    org.assertj.core.api.Assertions.assertThat(o.commitOptions().storageOptions())
        .isEqualTo(o.storageOptions());
    org.assertj.core.api.Assertions.assertThat(o.writeOptions(org.lance4j.WriteOptions.Mode.APPEND)
        .storageOptions()).isEqualTo(o.storageOptions());
  }
}

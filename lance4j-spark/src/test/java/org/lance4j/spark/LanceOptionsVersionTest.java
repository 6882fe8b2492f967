package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lance4j.UnsupportedFormatException;
import org.lance4j.WriteOptions;

/** The {@code data_storage_version} write option reaches the WriteOptions of every task. */
class LanceOptionsVersionTest {
  @Test
  void dataStorageVersionIsPassedOnAndChecked() {
    assertThat(new LanceOptions(Map.of()).writeOptions(WriteOptions.Mode.CREATE)
        .dataStorageVersion()).isEqualTo("2.2");
    assertThat(new LanceOptions(Map.of("data_storage_version", "2.1"))
        .writeOptions(WriteOptions.Mode.CREATE).dataStorageVersion()).isEqualTo("2.1");
    assertThat(new LanceOptions(Map.of("dataStorageVersion", "stable"))
        .writeOptions(WriteOptions.Mode.OVERWRITE).dataStorageVersion()).isEqualTo("2.2");
    assertThatThrownBy(() -> new LanceOptions(Map.of("data_storage_version", "1.9")))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("1.9");
  }
}

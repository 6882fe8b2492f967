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
}

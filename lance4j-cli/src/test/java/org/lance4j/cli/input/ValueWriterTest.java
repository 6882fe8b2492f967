package org.lance4j.cli.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.junit.jupiter.api.Test;

class ValueWriterTest {
  @Test
  void decimalsMustFitTheColumnsPrecision() {
    try (BufferAllocator a = new RootAllocator();
        DecimalVector v = new DecimalVector("price", a, 5, 2)) {
      v.allocateNew(2);
      ValueWriter.set(v, 0, "123.45");
      assertThat(v.getObject(0)).isEqualByComparingTo(new BigDecimal("123.45"));
      // too many digits for decimal(5, 2): an input error naming the value, not "not implemented"
      assertThatThrownBy(() -> ValueWriter.set(v, 1, "12345.67"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'12345.67' does not fit decimal(5, 2)");
    }
  }
}

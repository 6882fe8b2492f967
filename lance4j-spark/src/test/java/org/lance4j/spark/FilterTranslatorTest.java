package org.lance4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
import org.junit.jupiter.api.Test;

class FilterTranslatorTest {
  @Test
  void literalsAndIdentifiersAreEscaped() {
    assertThat(FilterTranslator.translate(new EqualTo("name", "O'Brien")))
        .isEqualTo("name = 'O''Brien'");
    assertThat(FilterTranslator.translate(new EqualTo("`odd col`", 1)))
        .isEqualTo("`odd col` = 1");
    assertThat(FilterTranslator.translate(new EqualTo("`a``b`.c", 1L)))
        .isEqualTo("`a``b`.c = 1");
    assertThat(FilterTranslator.translate(new GreaterThan("x", 1e-7)))
        .isEqualTo("x > 0.00000010");
    assertThat(FilterTranslator.translate(new EqualTo("d", LocalDate.of(2024, 2, 29))))
        .isEqualTo("d = date '2024-02-29'");
    assertThat(FilterTranslator.translate(new In("k", new Object[] {"a", "b'"})))
        .isEqualTo("k IN ('a', 'b''')");
    assertThat(FilterTranslator.translate(new EqualTo("p", new BigDecimal("12.50"))))
        .isEqualTo("p = 12.50");
    assertThat(FilterTranslator.translate(new Not(new Or(new IsNull("a"),
        new StringStartsWith("s", "pre"))))).isEqualTo("NOT ((a IS NULL OR s LIKE 'pre%'))");
  }

  @Test
  void untranslatableFiltersStayWithSpark() {
    assertThat(FilterTranslator.translate(new StringStartsWith("s", "50%"))).isNull();
    assertThat(FilterTranslator.translate(new GreaterThan("x", Double.NaN))).isNull();
    assertThat(FilterTranslator.translate(new EqualTo("b", new byte[] {1}))).isNull();
    assertThat(FilterTranslator.translate(new And(new EqualTo("a", 1),
        new EqualTo("b", new byte[] {1})))).isNull();
    List<Filter> pushed = new ArrayList<>();
    String f = FilterTranslator.translateAll(new Filter[] {new EqualTo("a", 1),
        new EqualTo("b", new byte[] {1})}, pushed);
    assertThat(f).isEqualTo("a = 1");
    assertThat(pushed).hasSize(1);
  }

  @Test
  void typedTranslationIsExactOrNothing() {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("f", "float").add("d", "double").add("small", "decimal(10,2)")
        .add("big", "decimal(38,10)").add("ts", "timestamp").add("ntz", "timestamp_ntz")
        .add("s", "struct<a:int,b:string>").add("bin", "binary").add("i", "bigint");
    // a float literal is written as the exact decimal of the float, so the widened column matches
    assertThat(FilterTranslator.translate(new EqualTo("f", 0.1f), schema))
        .isEqualTo("f = " + new BigDecimal((double) 0.1f).toPlainString());
    // zero: lance4j orders -0.0 before 0.0, Spark does not
    assertThat(FilterTranslator.translate(new GreaterThan("d", 0.0), schema)).isNull();
    assertThat(FilterTranslator.translate(new EqualTo("small", new BigDecimal("12.34")), schema))
        .isEqualTo("small = 12.34");
    assertThat(FilterTranslator.translate(new EqualTo("big", new BigDecimal("12.34")), schema))
        .isNull();
    assertThat(FilterTranslator.translate(new GreaterThan("ts",
        java.time.Instant.parse("2021-01-01T00:00:01.5Z")), schema))
        .isEqualTo("ts > timestamp '2021-01-01 00:00:01.500000'");
    assertThat(FilterTranslator.translate(new EqualTo("ntz",
        java.time.LocalDateTime.parse("1999-12-31T23:59:59")), schema))
        .isEqualTo("ntz = timestamp '1999-12-31 23:59:59.000000'");
    assertThat(FilterTranslator.translate(new EqualTo("s.b", "x"), schema))
        .isEqualTo("s.b = 'x'");
    assertThat(FilterTranslator.translate(new EqualTo("s.a", "x"), schema)).isNull();
    assertThat(FilterTranslator.translate(new IsNull("bin"), schema)).isEqualTo("bin IS NULL");
    assertThat(FilterTranslator.translate(new EqualTo("_rowid", 1L), schema)).isNull();
    assertThat(FilterTranslator.translate(new EqualTo("nope", 1L), schema)).isNull();
    assertThat(FilterTranslator.translate(new EqualTo("i", Long.MIN_VALUE), schema)).isNull();
    assertThat(FilterTranslator.translate(new StringStartsWith("bin", "a"), schema)).isNull();
  }
}

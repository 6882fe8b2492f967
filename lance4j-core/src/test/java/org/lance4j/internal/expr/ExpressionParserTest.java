package org.lance4j.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lance4j.InvalidInputException;
import org.lance4j.testing.ArrowAssert;

/** Parsing, precedence, escaping, functions and error positions of the expression language. */
class ExpressionParserTest {
  private BufferAllocator allocator;
  private VectorSchemaRoot batch;

  private static Field f(String name, ArrowType t, Field... children) {
    return new Field(name, FieldType.nullable(t), List.of(children));
  }

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    Schema schema = new Schema(List.of(
        f("id", new ArrowType.Int(32, true)),
        f("name", ArrowType.Utf8.INSTANCE),
        f("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        f("flag", ArrowType.Bool.INSTANCE),
        f("d", new ArrowType.Date(DateUnit.DAY)),
        f("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
        f("my col", new ArrowType.Int(64, true)),
        f("s", ArrowType.Struct.INSTANCE, f("a", new ArrowType.Int(32, true)),
            f("b", ArrowType.Utf8.INSTANCE))));
    batch = VectorSchemaRoot.create(schema, allocator);
    batch.allocateNew();
    // rows: 0..3; row 3 is mostly null
    IntVector id = (IntVector) batch.getVector("id");
    VarCharVector name = (VarCharVector) batch.getVector("name");
    Float8Vector score = (Float8Vector) batch.getVector("score");
    BitVector flag = (BitVector) batch.getVector("flag");
    DateDayVector d = (DateDayVector) batch.getVector("d");
    TimeStampMicroVector ts = (TimeStampMicroVector) batch.getVector("ts");
    BigIntVector my = (BigIntVector) batch.getVector("my col");
    StructVector s = (StructVector) batch.getVector("s");
    IntVector sa = (IntVector) s.getChild("a");
    VarCharVector sb = (VarCharVector) s.getChild("b");
    String[] names = {"alice", "a_b", "Bob", null};
    for (int i = 0; i < 4; i++) {
      if (i < 3) {
        id.setSafe(i, i + 1);
        score.setSafe(i, i * 1.5);
        flag.setSafe(i, i % 2);
        d.setSafe(i, 18262 + i); // 2020-01-01 + i
        ts.setSafe(i, 1_577_872_800_000_000L + i * 500_000L); // 2020-01-01 10:00:00 + i/2 s
        my.setSafe(i, 10L * i);
        s.setIndexDefined(i);
        sa.setSafe(i, 100 + i);
        sb.setSafe(i, ("x" + i).getBytes(StandardCharsets.UTF_8));
      } else {
        id.setNull(i);
        score.setNull(i);
        flag.setNull(i);
        d.setNull(i);
        ts.setNull(i);
        my.setNull(i);
        s.setNull(i);
      }
      if (names[i] != null) {
        name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
      } else {
        name.setNull(i);
      }
    }
    // row 3: a struct that is null although its child holds a value
    sa.setSafe(3, 999);
    batch.setRowCount(4);
  }

  @AfterEach
  void tearDown() {
    batch.close();
    allocator.close();
  }

  private List<Object> eval(String sql) {
    try (FieldVector v = Expression.parse(sql).evaluate(batch, "out", allocator)) {
      assertThat(v.getValueCount()).isEqualTo(4);
      return ArrowAssert.values(v);
    }
  }

  private Object scalar(String sql) {
    return eval(sql).get(0);
  }

  private List<Integer> rows(String sql) {
    List<Integer> out = new ArrayList<>();
    Expression.parse(sql).matches(batch, allocator).forEach((int i) -> out.add(i));
    return out;
  }

  @Test
  void longInListsEvaluateWithoutDeepRecursion() {
    StringBuilder in = new StringBuilder("id IN (");
    for (int k = 0; k < 5000; k++) {
      in.append(k == 0 ? "" : ", ").append(k * 2 + 1); // odd numbers: ids 1 and 3 match
    }
    in.append(')');
    assertThat(rows(in.toString())).containsExactly(0, 2);
    assertThat(rows("NOT (" + in + ")")).containsExactly(1); // row 3: id NULL
  }

  @Test
  void arithmeticPrecedenceAndPromotion() {
    assertThat(scalar("1 + 2 * 3")).isEqualTo(7L);
    assertThat(scalar("(1 + 2) * 3")).isEqualTo(9L);
    assertThat(scalar("10 - 4 - 3")).isEqualTo(3L);
    assertThat(scalar("-2 * 3")).isEqualTo(-6L);
    assertThat(scalar("- (2 + 3)")).isEqualTo(-5L);
    assertThat(scalar("7 / 2")).isEqualTo(3L);
    assertThat(scalar("-7 / 2")).isEqualTo(-3L);
    assertThat(scalar("-7 % 3")).isEqualTo(-1L);
    assertThat(scalar("7.0 / 2")).isEqualTo(3.5);
    assertThat(scalar("1e3")).isEqualTo(1000.0);
    assertThat(scalar("2.5E-1 + .5")).isEqualTo(0.75);
    assertThat(scalar("1 / 0")).isNull();
    assertThat(scalar("1.0 % 0")).isNull();
    assertThat(scalar("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(eval("id * 2")).containsExactly(2L, 4L, 6L, null);
    assertThat(eval("score + id")).containsExactly(1.0, 3.5, 6.0, null);
  }

  @Test
  void stringsAndEscaping() {
    assertThat(scalar("'it''s'")).isEqualTo("it's");
    assertThat(scalar("'a' || 'b' || 1")).isEqualTo("ab1");
    assertThat(scalar("'' || NULL")).isNull();
    assertThat(scalar("length('δέλτα')")).isEqualTo(5);
    assertThat(scalar("char_length('')")).isEqualTo(0);
    assertThat(scalar("upper('abc') || lower('DEF')")).isEqualTo("ABCdef");
    assertThat(eval("length(name)")).containsExactly(5, 3, 3, null);
    assertThat(eval("name || '!'")).containsExactly("alice!", "a_b!", "Bob!", null);
    assertThat(eval("coalesce(name, 'none')")).containsExactly("alice", "a_b", "Bob", "none");
    assertThat(eval("concat(name, '-', id)")).containsExactly("alice-1", "a_b-2", "Bob-3", "-");
  }

  @Test
  void booleanPrecedenceAndThreeValuedLogic() {
    assertThat(scalar("NOT TRUE OR TRUE")).isEqualTo(true);
    assertThat(scalar("TRUE OR FALSE AND FALSE")).isEqualTo(true);
    assertThat(scalar("NOT 1 + 1 = 2")).isEqualTo(false);
    assertThat(scalar("NULL AND FALSE")).isEqualTo(false);
    assertThat(scalar("NULL AND TRUE")).isNull();
    assertThat(scalar("NULL OR TRUE")).isEqualTo(true);
    assertThat(scalar("NULL OR FALSE")).isNull();
    assertThat(scalar("NOT NULL")).isNull();
    assertThat(scalar("NULL = 1")).isNull();
    assertThat(scalar("NULL IS NULL")).isEqualTo(true);
    assertThat(eval("id > 1 OR flag")).containsExactly(false, true, true, null);
    assertThat(eval("id > 1 AND flag")).containsExactly(false, true, false, null);
  }

  @Test
  void predicates() {
    assertThat(rows("id = 2")).containsExactly(1);
    assertThat(rows("id != 2")).containsExactly(0, 2);
    assertThat(rows("id <> 2")).containsExactly(0, 2);
    assertThat(rows("id >= 2 AND id <= 3")).containsExactly(1, 2);
    assertThat(rows("id BETWEEN 2 AND 3")).containsExactly(1, 2);
    assertThat(rows("id NOT BETWEEN 2 AND 3")).containsExactly(0);
    assertThat(rows("id IN (1, 3)")).containsExactly(0, 2);
    assertThat(rows("id IN (1, NULL)")).containsExactly(0);
    assertThat(rows("id NOT IN (1, 3)")).containsExactly(1);
    assertThat(rows("id NOT IN (1, NULL)")).isEmpty();
    assertThat(rows("id IS NULL")).containsExactly(3);
    assertThat(rows("name IS NOT NULL")).containsExactly(0, 1, 2);
    assertThat(rows("score > 1")).containsExactly(1, 2);
    assertThat(rows("score = 1.5")).containsExactly(1);
    assertThat(rows("id = 2.0")).containsExactly(1);
    assertThat(rows("id = '2'")).containsExactly(1);
    assertThat(rows("flag")).containsExactly(1);
    assertThat(rows("flag = false")).containsExactly(0, 2);
    assertThat(rows("name > 'B'")).containsExactly(0, 1, 2);
    assertThat(rows("name < 'a'")).containsExactly(2);
    assertThat(rows("NOT (id = 2)")).containsExactly(0, 2);
    assertThat(rows("NULL")).isEmpty();
  }

  @Test
  void likePatterns() {
    assertThat(rows("name LIKE 'a%'")).containsExactly(0, 1);
    assertThat(rows("name LIKE '_o_'")).containsExactly(2);
    assertThat(rows("name LIKE '%'")).containsExactly(0, 1, 2);
    assertThat(rows("name LIKE 'a\\_b'")).containsExactly(1);
    assertThat(rows("name LIKE 'a!_%' ESCAPE '!'")).containsExactly(1);
    assertThat(rows("name LIKE 'a_b'")).containsExactly(1);
    assertThat(rows("name NOT LIKE 'a%'")).containsExactly(2);
    assertThat(rows("name LIKE 'bob'")).isEmpty();
    assertThat(rows("name ILIKE 'bob'")).containsExactly(2);
    assertThat(rows("name NOT ILIKE 'B%'")).containsExactly(0, 1);
    assertThat(rows("name LIKE '%li%e'")).containsExactly(0);
  }

  @Test
  void datesTimestampsAndCasts() {
    assertThat(rows("d > DATE '2020-01-01'")).containsExactly(1, 2);
    assertThat(rows("d = '2020-01-02'")).containsExactly(1);
    assertThat(rows("ts >= TIMESTAMP '2020-01-01 10:00:00.5'")).containsExactly(1, 2);
    assertThat(rows("ts = '2020-01-01 10:00:01'")).containsExactly(2);
    assertThat(rows("ts < DATE '2020-01-02'")).containsExactly(0, 1, 2);
    assertThat(scalar("cast('12' AS INT) + 1")).isEqualTo(13L);
    assertThat(scalar("CAST(3.7 AS BIGINT)")).isEqualTo(3L);
    assertThat(scalar("cast(7 AS DOUBLE) / 2")).isEqualTo(3.5);
    assertThat(scalar("cast(1 AS VARCHAR) || 'x'")).isEqualTo("1x");
    assertThat(scalar("cast('true' AS BOOLEAN)")).isEqualTo(true);
    assertThat(scalar("abs(-3) + abs(-1.5)")).isEqualTo(4.5);
    assertThat(scalar("coalesce(NULL, 2, 3.5)")).isEqualTo(2.0);
    assertThat(eval("cast(d AS VARCHAR)")).containsExactly("2020-01-01", "2020-01-02",
        "2020-01-03", null);
    assertThatThrownBy(() -> scalar("cast('x' AS INT)")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> scalar("cast(300 AS TINYINT)"))
        .hasMessageContaining("out of range");
  }

  @Test
  void identifiersAndStructs() {
    assertThat(rows("\"my col\" >= 10")).containsExactly(1, 2);
    assertThat(rows("`my col` = 20")).containsExactly(2);
    assertThat(rows("ID = 1")).containsExactly(0);
    assertThat(rows("s.a > 100")).containsExactly(1, 2);
    assertThat(rows("s.b = 'x1'")).containsExactly(1);
    // the struct of row 3 is null, so its field is null although the child vector holds 999
    assertThat(eval("s.a")).containsExactly(100, 101, 102, null);
    assertThat(rows("s.a IS NULL")).containsExactly(3);
    assertThat(rows("s IS NULL")).containsExactly(3);
    assertThat(Expression.parse("s.a > 1 AND c IN (d, \"my col\")").columns())
        .containsExactly("s.a", "c", "d", "my col");
    assertThat(Expression.parse("S.A > 1 AND Id = 2").columns(batch.getSchema()))
        .containsExactly("s.a", "id");
  }

  @Test
  void resultTypes() {
    Schema in = batch.getSchema();
    assertThat(Expression.parse("id * 2").resultField(in, "x").getType())
        .isEqualTo(new ArrowType.Int(64, true));
    assertThat(Expression.parse("length(name)").resultField(in, "n").getType())
        .isEqualTo(new ArrowType.Int(32, true));
    assertThat(Expression.parse("score / 2").resultField(in, "n").getType())
        .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    assertThat(Expression.parse("id").resultField(in, "n").getType())
        .isEqualTo(new ArrowType.Int(32, true));
    assertThat(Expression.parse("name LIKE 'a%'").resultField(in, "n").getName()).isEqualTo("n");
    try (FieldVector v = Expression.parse("s").evaluate(batch, "copy", allocator)) {
      assertThat(v).isInstanceOf(StructVector.class);
      assertThat(v.getName()).isEqualTo("copy");
      assertThat(v.isNull(3)).isTrue();
      assertThat(ArrowAssert.value(v, 1).toString()).contains("x1");
    }
    assertThat(Expression.parse(" id  > 1 ").toString()).isEqualTo(" id  > 1 ");
  }

  private static void fails(String sql, int position, String message) {
    assertThatThrownBy(() -> {
      Expression e = Expression.parse(sql);
      e.checkPredicate(new Schema(List.of(f("id", new ArrowType.Int(32, true)),
          f("name", ArrowType.Utf8.INSTANCE), f("age", new ArrowType.Int(32, true)))));
    }).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message).hasMessageContaining(" at position " + position + ":\n")
        .satisfies(e -> {
          String[] lines = e.getMessage().split("\n");
          assertThat(lines[1]).isEqualTo("  " + sql);
          assertThat(lines[2]).isEqualTo("  " + " ".repeat(position) + "^");
        });
  }

  @Test
  void errorPositions() {
    fails("age > (3 + )", 11, "unexpected token ')'");
    fails("id = 'abc", 5, "unterminated string literal");
    fails("id = = 3", 5, "unexpected token '='");
    fails("id > 1 AND", 10, "unexpected end of input");
    fails("id > 1 )", 7, "unexpected token ')'");
    fails("id # 2", 3, "unexpected character '#'");
    fails("foo > 1", 0, "unknown column 'foo'");
    fails("id > 1 AND name.x = 1", 11, "'name.x' does not exist");
    fails("name + 1 > 2", 5, "operator + needs numbers");
    fails("length(id) > 1", 0, "length needs a STRING argument");
    fails("id = 'abc'", 5, "'abc' is not a valid INTEGER");
    fails("name > 3", 5, "cannot compare STRING with INTEGER");
    fails("nosuch(id)", 0, "unknown function 'nosuch'");
    fails("id IN (1, 2", 11, "expected ')'");
    fails("id + 1", 0, "filter must be a boolean expression");
    fails("name LIKE id", 10, "LIKE pattern must be a string literal");
    fails("12abc > 1", 2, "unexpected character 'a' in number");
    fails("id AND TRUE", 0, "AND needs a BOOLEAN argument");
    fails("", 0, "empty expression");
    fails("DATE 'x' > 1", 5, "invalid DATE literal");
  }
}

package org.lance4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Nested column pruning. When Spark needs only some fields of a struct column, the scan asks
 * lance4j for the dotted paths of those fields ({@code "s.a"}, {@code "s.t.x"}): lance4j reads
 * only their columns and returns each as a top-level column named by its path. The partition
 * reader then rebuilds the pruned struct Spark expects from those columns, without copying.
 *
 * <p>Pruning is pushed when every pruned level is a struct whose names contain no dot or back
 * quote; otherwise (e.g. a pruned struct inside an array) the whole top-level column is read.
 * Lance 2.0 files store no struct-level nulls, so a rebuilt struct is never null, exactly like a
 * struct read whole.
 */
final class NestedColumns {
  private NestedColumns() {}

  /**
   * The dataset paths to read for a required column of type {@code pruned} whose full type is
   * {@code full}, or null to read the whole column (nothing pruned, or not expressible).
   */
  static List<String> paths(String name, DataType pruned, DataType full) {
    if (pruned.equals(full) || !plain(name)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    return collect(name, pruned, full, out) ? out : null;
  }

  private static boolean collect(String prefix, DataType pruned, DataType full, List<String> out) {
    if (!(pruned instanceof StructType p) || !(full instanceof StructType f)
        || p.fields().length == 0) {
      return false;
    }
    for (StructField child : p.fields()) {
      if (!plain(child.name())) {
        return false;
      }
      StructField fullChild = null;
      for (StructField c : f.fields()) {
        if (c.name().equals(child.name())) {
          fullChild = c;
        }
      }
      if (fullChild == null) {
        return false;
      }
      String path = prefix + "." + child.name();
      if (child.dataType().equals(fullChild.dataType())) {
        out.add(path);
      } else if (!collect(path, child.dataType(), fullChild.dataType(), out)) {
        return false;
      }
    }
    return true;
  }

  private static boolean plain(String name) {
    return name.indexOf('.') < 0 && name.indexOf('`') < 0;
  }

  /**
   * The Spark column for a read field: the batch's column of that name, or a struct rebuilt from
   * the columns of its fields' paths.
   */
  static ColumnVector column(VectorSchemaRoot root, String name, DataType type) {
    FieldVector v = root.getVector(name);
    if (v != null) {
      return ArrowVectors.wrap(v);
    }
    if (!(type instanceof StructType s)) {
      throw new IllegalStateException("the scan returned no column " + name);
    }
    ColumnVector[] children = new ColumnVector[s.fields().length];
    for (int i = 0; i < children.length; i++) {
      StructField c = s.fields()[i];
      children[i] = column(root, name + "." + c.name(), c.dataType());
    }
    return new Rebuilt(s, children);
  }

  /** A never-null struct column whose fields are other columns. */
  static final class Rebuilt extends ColumnVector {
    private final ColumnVector[] children;

    Rebuilt(StructType type, ColumnVector[] children) {
      super(type);
      this.children = children;
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      return children[ordinal];
    }

    @Override
    public void close() {
      // the Arrow vectors belong to the reader
    }

    @Override
    public boolean hasNull() {
      return false;
    }

    @Override
    public int numNulls() {
      return 0;
    }

    @Override
    public boolean isNullAt(int rowId) {
      return false;
    }

    private static UnsupportedOperationException notScalar() {
      return new UnsupportedOperationException("a struct column has no scalar values");
    }

    @Override
    public boolean getBoolean(int rowId) {
      throw notScalar();
    }

    @Override
    public byte getByte(int rowId) {
      throw notScalar();
    }

    @Override
    public short getShort(int rowId) {
      throw notScalar();
    }

    @Override
    public int getInt(int rowId) {
      throw notScalar();
    }

    @Override
    public long getLong(int rowId) {
      throw notScalar();
    }

    @Override
    public float getFloat(int rowId) {
      throw notScalar();
    }

    @Override
    public double getDouble(int rowId) {
      throw notScalar();
    }

    @Override
    public ColumnarArray getArray(int rowId) {
      throw notScalar();
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
      throw notScalar();
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
      throw notScalar();
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      throw notScalar();
    }

    @Override
    public byte[] getBinary(int rowId) {
      throw notScalar();
    }
  }
}

package org.lance4j.internal.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance4j.InvalidInputException;

/** Type-checks a syntax tree against a schema and turns it into evaluable {@link Op}s. */
final class Compiler {
  private static final Set<String> COMPARISONS = Set.of("=", "!=", "<", "<=", ">", ">=");

  final String sql;
  private final Schema schema;

  private Compiler(String sql, Schema schema) {
    this.sql = sql;
    this.schema = schema;
  }

  static Op compile(String sql, Node node, Schema schema) {
    return new Compiler(sql, schema).compile(node);
  }

  InvalidInputException error(int pos, String message) {
    return Errors.at(sql, pos, message);
  }

  Op compile(Node node) {
    if (node instanceof Node.Lit l) {
      return literal(l);
    }
    if (node instanceof Node.Col c) {
      return column(c);
    }
    if (node instanceof Node.Unary u) {
      Op arg = compile(u.arg());
      if (u.op().equals("NOT")) {
        arg = expect(arg, Type.BOOL, u.arg().pos(), "NOT");
        Op a = arg;
        return new Op(Type.BOOL, b -> Ops.not(a.eval(b)));
      }
      if (arg.type == Type.NULL) {
        return arg;
      }
      if (!arg.type.numeric()) {
        throw error(u.pos(), "cannot negate a " + arg.type.sqlName() + " value");
      }
      Op a = arg;
      return new Op(arg.type, b -> Ops.negate(a.eval(b)));
    }
    if (node instanceof Node.Binary bin) {
      return binary(bin);
    }
    if (node instanceof Node.IsNull n) {
      Op arg = compile(n.arg());
      return new Op(Type.BOOL, b -> Ops.isNull(arg.eval(b), n.negated()));
    }
    if (node instanceof Node.InList in) {
      // a balanced OR tree: depth log2(items), so long IN lists cannot overflow the stack
      List<Node> level = new ArrayList<>();
      for (Node item : in.items()) {
        level.add(new Node.Binary("=", in.arg(), item, in.pos()));
      }
      while (level.size() > 1) {
        List<Node> next = new ArrayList<>((level.size() + 1) / 2);
        for (int i = 0; i < level.size(); i += 2) {
          next.add(i + 1 < level.size()
              ? new Node.Binary("OR", level.get(i), level.get(i + 1), in.pos()) : level.get(i));
        }
        level = next;
      }
      Node any = level.get(0);
      return compile(in.negated() ? new Node.Unary("NOT", any, in.pos()) : any);
    }
    if (node instanceof Node.Between bt) {
      Node both = new Node.Binary("AND", new Node.Binary(">=", bt.arg(), bt.low(), bt.pos()),
          new Node.Binary("<=", bt.arg(), bt.high(), bt.pos()), bt.pos());
      return compile(bt.negated() ? new Node.Unary("NOT", both, bt.pos()) : both);
    }
    if (node instanceof Node.Like like) {
      return like(like);
    }
    if (node instanceof Node.Call call) {
      return Functions.call(this, call);
    }
    Node.Cast cast = (Node.Cast) node;
    return Functions.cast(this, compile(cast.arg()), cast.type(), cast.typePos());
  }

  private Op literal(Node.Lit l) {
    switch (l.type()) {
      case INT: return Op.literal(Type.INT, l.value());
      case FLOAT: return Op.literal(Type.FLOAT, l.value());
      case STRING: return Op.literal(Type.STRING, l.value());
      case BOOL: return Op.literal(Type.BOOL, l.value());
      case DATE: return Op.literal(Type.DATE, l.value());
      case TIMESTAMP: return Op.literal(Type.TIMESTAMP, l.value());
      default: return Op.literal(Type.NULL, null);
    }
  }

  /** {@code op} as a value of {@code want}: NULL literals become typed nulls; else a type error. */
  Op expect(Op op, Type want, int pos, String what) {
    if (op.type == want) {
      return op;
    }
    if (op.type == Type.NULL) {
      return Op.literal(want, null);
    }
    throw error(pos, what + " needs a " + want.sqlName() + " argument, got "
        + op.type.sqlName());
  }

  private Op column(Node.Col c) {
    List<Field> fields = schema.getFields();
    Field top = find(fields, c.name());
    List<String> children = new ArrayList<>();
    if (top == null) {
      top = find(fields, c.path().get(0));
      if (top == null) {
        throw error(c.pos(), "unknown column '" + c.name() + "'");
      }
      Field f = top;
      for (String part : c.path().subList(1, c.path().size())) {
        if (!(f.getType() instanceof ArrowType.Struct)) {
          throw error(c.pos(), "column '" + f.getName() + "' is not a struct; '" + c.name()
              + "' does not exist");
        }
        Field child = find(f.getChildren(), part);
        if (child == null) {
          throw error(c.pos(), "unknown field '" + part + "' in '" + c.name() + "'");
        }
        children.add(child.getName());
        f = child;
      }
      return new Op.Column(Vectors.typeOf(f.getType()), f.getType(), top.getName(),
          List.copyOf(children));
    }
    return new Op.Column(Vectors.typeOf(top.getType()), top.getType(), top.getName(), List.of());
  }

  /** Exact name first, then a unique case-insensitive match. */
  private static Field find(List<Field> fields, String name) {
    Field ci = null;
    int ciCount = 0;
    for (Field f : fields) {
      if (f.getName().equals(name)) {
        return f;
      }
      if (f.getName().equalsIgnoreCase(name)) {
        ci = f;
        ciCount++;
      }
    }
    return ciCount == 1 ? ci : null;
  }

  private Op binary(Node.Binary bin) {
    String op = bin.op();
    if (op.equals("AND") || op.equals("OR")) {
      Op l = expect(compile(bin.left()), Type.BOOL, bin.left().pos(), op);
      Op r = expect(compile(bin.right()), Type.BOOL, bin.right().pos(), op);
      boolean and = op.equals("AND");
      return new Op(Type.BOOL, b -> Ops.logic(and, l.eval(b), r.eval(b)));
    }
    if (COMPARISONS.contains(op)) {
      return comparison(bin);
    }
    Op l = compile(bin.left());
    Op r = compile(bin.right());
    if (op.equals("||")) {
      Op ls = Functions.cast(this, l, "STRING", bin.left().pos());
      Op rs = Functions.cast(this, r, "STRING", bin.right().pos());
      return new Op(Type.STRING, b -> Functions.concat(ls.eval(b), rs.eval(b), true));
    }
    if (l.type == Type.NULL || r.type == Type.NULL) {
      Type t = l.type == Type.NULL ? r.type : l.type;
      if (t != Type.NULL && !t.numeric()) {
        throw error(bin.pos(), "operator " + op + " needs numbers, got " + t.sqlName());
      }
      return Op.literal(t == Type.NULL ? Type.NULL : t, null);
    }
    if (!l.type.numeric() || !r.type.numeric()) {
      throw error(bin.pos(), "operator " + op + " needs numbers, got " + l.type.sqlName()
          + " and " + r.type.sqlName());
    }
    if (l.type == Type.INT && r.type == Type.INT) {
      return new Op(Type.INT, b -> Ops.arithmeticLong(op, l.eval(b), r.eval(b)));
    }
    return new Op(Type.FLOAT, b -> Ops.arithmeticDouble(op, l.eval(b), r.eval(b)));
  }

  private Op comparison(Node.Binary bin) {
    Op l = compile(bin.left());
    Op r = compile(bin.right());
    if (l.type == Type.NULL || r.type == Type.NULL) {
      return Op.literal(Type.BOOL, null);
    }
    if (l.type == Type.STRING && r.type != Type.STRING) {
      l = coerceLiteral(bin.left(), r.type, l);
    } else if (r.type == Type.STRING && l.type != Type.STRING) {
      r = coerceLiteral(bin.right(), l.type, r);
    }
    if (l.type == Type.DATE && r.type == Type.TIMESTAMP) {
      l = Functions.cast(this, l, "TIMESTAMP", bin.pos());
    } else if (l.type == Type.TIMESTAMP && r.type == Type.DATE) {
      r = Functions.cast(this, r, "TIMESTAMP", bin.pos());
    }
    boolean ok = l.type == r.type && l.type != Type.OTHER
        || l.type.numeric() && r.type.numeric();
    if (!ok) {
      throw error(bin.pos(), "cannot compare " + l.type.sqlName() + " with "
          + r.type.sqlName() + " (" + bin.op() + ")");
    }
    Op a = l;
    Op c = r;
    String op = bin.op();
    if (c.isLiteral && a.type == c.type && (a.type == Type.INT || a.type == Type.DATE
        || a.type == Type.TIMESTAMP)) {
      long k = ((Number) c.literalValue).longValue();
      return new Op(Type.BOOL, b -> Ops.compareLong(op, a.eval(b), k));
    }
    if (c.isLiteral && a.type.numeric() && c.type.numeric()) {
      double k = ((Number) c.literalValue).doubleValue();
      return new Op(Type.BOOL, b -> Ops.compareDouble(op, a.eval(b), k));
    }
    return new Op(Type.BOOL, b -> Ops.compare(op, a.eval(b), c.eval(b)));
  }

  /** A string literal compared with a typed value is read as that type (e.g. a date). */
  private Op coerceLiteral(Node node, Type target, Op original) {
    if (!(node instanceof Node.Lit lit) || lit.type() != Node.LitType.STRING) {
      return original;
    }
    String text = (String) lit.value();
    try {
      switch (target) {
        case DATE: case TIMESTAMP: {
          Long v = Parser.parseTemporal(text, target == Type.DATE);
          if (v == null) {
            throw error(lit.pos(), "'" + text + "' is not a valid " + target.sqlName());
          }
          return Op.literal(target, v);
        }
        case INT: return Op.literal(Type.INT, Long.parseLong(text.trim()));
        case FLOAT: return Op.literal(Type.FLOAT, Double.parseDouble(text.trim()));
        case BOOL: {
          String t = text.trim().toLowerCase(Locale.ROOT);
          if (!t.equals("true") && !t.equals("false")) {
            throw error(lit.pos(), "'" + text + "' is not a valid BOOLEAN");
          }
          return Op.literal(Type.BOOL, t.equals("true"));
        }
        default: return original;
      }
    } catch (NumberFormatException e) {
      throw error(lit.pos(), "'" + text + "' is not a valid " + target.sqlName());
    }
  }

  private Op like(Node.Like node) {
    Op arg = expect(compile(node.arg()), Type.STRING, node.arg().pos(), "LIKE");
    if (!(node.pattern() instanceof Node.Lit p)
        || (p.type() != Node.LitType.STRING && p.type() != Node.LitType.NULL)) {
      throw error(node.pattern().pos(), "LIKE pattern must be a string literal");
    }
    if (p.value() == null) {
      return Op.literal(Type.BOOL, null);
    }
    Like matcher = new Like((String) p.value(), node.escape(), node.caseInsensitive());
    boolean negated = node.negated();
    return new Op(Type.BOOL, b -> {
      Vec v = arg.eval(b);
      boolean[] out = new boolean[v.n];
      for (int i = 0; i < v.n; i++) {
        if (!v.isNull(i)) {
          out[i] = matcher.matches(v.strings[i]) != negated;
        }
      }
      return Vec.ofBools(out, v.nulls);
    });
  }
}

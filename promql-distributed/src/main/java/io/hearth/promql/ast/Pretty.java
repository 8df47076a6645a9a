package io.hearth.promql.ast;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The PromQL pretty printer, as Prometheus's {@code parser.Prettify} / {@code expr.Pretty(0)}
 * (what {@code /api/v1/format_query} returns).
 *
 * <p>A node whose one-line form ({@link Object#toString()}) is at most {@link #MAX_LINE} UTF-8
 * bytes long prints on one line. A longer node is split, its children one level (two spaces)
 * deeper:
 *
 * <ul>
 *   <li>binary operation: left operand, the operator with {@code bool} and matching modifiers on
 *       a line of its own at the node's level, right operand;
 *   <li>aggregation: {@code sum by (job) (}, then the parameter (if any) followed by a comma and the
 *       operand, each on its own line, then {@code )};
 *   <li>function call: {@code name(}, the arguments separated by {@code ,} on their own lines,
 *       {@code )};
 *   <li>parentheses: {@code (}, the inner expression, {@code )};
 *   <li>subquery: the inner expression pretty-printed at the same level followed by its
 *       {@code [range:step] @ t offset o} suffix;
 *   <li>unary minus/plus: the operator, then the operand pretty-printed at the same level.
 * </ul>
 *
 * <p>Selectors and literals never split. As in Prometheus, a subquery that fits on a line is
 * returned without its level's indentation.
 */
public final class Pretty {
  /** Prometheus's {@code maxCharactersPerLine}. */
  public static final int MAX_LINE = 100;

  private static final String INDENT = "  ";

  private final int maxLine;

  private Pretty(int maxLine) {
    this.maxLine = maxLine;
  }

  /** The pretty form of {@code e}, as Prometheus's {@code Prettify(e)}. */
  public static String format(Expr e) {
    return format(e, MAX_LINE);
  }

  /** The pretty form with another line limit (Prometheus's tests use 10). */
  public static String format(Expr e, int maxLine) {
    return new Pretty(maxLine).pretty(e, 0);
  }

  private String pretty(Expr e, int level) {
    if (e instanceof AggregateExpr) {
      return aggregate((AggregateExpr) e, level);
    } else if (e instanceof BinaryExpr) {
      return binary((BinaryExpr) e, level);
    } else if (e instanceof Call) {
      return call((Call) e, level);
    } else if (e instanceof ParenExpr) {
      return paren((ParenExpr) e, level);
    } else if (e instanceof SubqueryExpr) {
      SubqueryExpr s = (SubqueryExpr) e;
      if (!needsSplit(s)) {
        // Prometheus returns the one-line form here without the level's indentation.
        return s.toString();
      }
      return pretty(s.expr(), level) + s.suffixString();
    } else if (e instanceof UnaryExpr) {
      UnaryExpr u = (UnaryExpr) e;
      return indent(level) + u.op().symbol + pretty(u.expr(), level).strip();
    }
    // VectorSelector, MatrixSelector, NumberLiteral, StringLiteral.
    return indent(level) + e;
  }

  private String aggregate(AggregateExpr e, int level) {
    String s = indent(level);
    if (!needsSplit(e)) {
      return s + e;
    }
    StringBuilder b = new StringBuilder(s).append(e.operatorString()).append("(\n");
    if (e.param() != null) {
      b.append(pretty(e.param(), level + 1)).append(",\n");
    }
    return b.append(pretty(e.expr(), level + 1)).append('\n').append(indent(level)).append(')').toString();
  }

  private String binary(BinaryExpr e, int level) {
    if (!needsSplit(e)) {
      return indent(level) + e;
    }
    return pretty(e.lhs(), level + 1) + "\n" + indent(level) + e.operatorString() + "\n"
        + pretty(e.rhs(), level + 1);
  }

  private String call(Call e, int level) {
    String s = indent(level);
    if (!needsSplit(e)) {
      return s + e;
    }
    StringBuilder b = new StringBuilder(s).append(e.function().name()).append("(\n");
    List<Expr> args = e.args();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        b.append(",\n");
      }
      b.append(pretty(args.get(i), level + 1));
    }
    return b.append('\n').append(indent(level)).append(')').toString();
  }

  private String paren(ParenExpr e, int level) {
    String s = indent(level);
    if (!needsSplit(e)) {
      return s + e;
    }
    return s + "(\n" + pretty(e.expr(), level + 1) + "\n" + indent(level) + ")";
  }

  /** Whether the one-line form is longer than the limit; like Go's {@code len}, counts UTF-8 bytes. */
  private boolean needsSplit(Expr e) {
    return e.toString().getBytes(StandardCharsets.UTF_8).length > maxLine;
  }

  private static String indent(int level) {
    return INDENT.repeat(level);
  }
}

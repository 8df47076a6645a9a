package io.hearth.promql.ast;

import java.util.List;

/**
 * An aggregation such as {@code sum by (job) (x)} or {@code topk(3, x)}.
 *
 * @param param the parameter of {@code topk}, {@code quantile}, {@code count_values}, ...; null
 *     for operators without one
 * @param grouping the labels of {@code by}/{@code without}, in query order
 * @param without true for {@code without}, false for {@code by} (or no clause)
 */
public record AggregateExpr(
    AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without, PosRange posRange)
    implements Expr {
  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  /** The operator with its grouping clause, e.g. {@code "sum by (job) "}. */
  public String operatorString() {
    StringBuilder b = new StringBuilder(op.keyword);
    if (without) {
      b.append(" without (");
      Printing.labelList(b, grouping);
      b.append(") ");
    } else if (!grouping.isEmpty()) {
      b.append(" by (");
      Printing.labelList(b, grouping);
      b.append(") ");
    }
    return b.toString();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(operatorString()).append('(');
    if (param != null) {
      b.append(param).append(", ");
    }
    return b.append(expr).append(')').toString();
  }
}

package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.VectorSelector;
import java.util.Set;

/**
 * Whether an expression has the same value at every step of a range query: every selector and
 * subquery in it is pinned with {@code @} and no function reads the evaluation time (Prometheus's
 * {@code preprocessExprHelper} and {@code AtModifierUnsafeFunctions}).
 */
final class StepInvariance {
  /** Functions whose result depends on the evaluation time or sample timestamps. */
  static final Set<String> AT_MODIFIER_UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
      "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

  private StepInvariance() {}

  static boolean isInvariant(Expr e) {
    if (e instanceof NumberLiteral || e instanceof StringLiteral) {
      return true;
    }
    if (e instanceof VectorSelector) {
      return ((VectorSelector) e).at() != null;
    }
    if (e instanceof MatrixSelector) {
      return ((MatrixSelector) e).selector().at() != null;
    }
    if (e instanceof SubqueryExpr) {
      return ((SubqueryExpr) e).at() != null;
    }
    if (e instanceof ParenExpr) {
      return isInvariant(((ParenExpr) e).expr());
    }
    if (e instanceof UnaryExpr) {
      return isInvariant(((UnaryExpr) e).expr());
    }
    if (e instanceof BinaryExpr) {
      BinaryExpr b = (BinaryExpr) e;
      return isInvariant(b.lhs()) && isInvariant(b.rhs());
    }
    if (e instanceof AggregateExpr) {
      AggregateExpr a = (AggregateExpr) e;
      return isInvariant(a.expr()) && (a.param() == null || isInvariant(a.param()));
    }
    if (e instanceof Call) {
      Call c = (Call) e;
      String name = c.function().name();
      if (AT_MODIFIER_UNSAFE.contains(name) || name.equals("start") || name.equals("end")
          || name.equals("range") || name.equals("step")) {
        return false;
      }
      for (Expr a : c.args()) {
        if (!isInvariant(a)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}

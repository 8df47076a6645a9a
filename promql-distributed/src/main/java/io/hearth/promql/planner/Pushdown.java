package io.hearth.promql.planner;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.UnaryOp;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which aggregations may run as per-shard fragments: the operator must merge from per-shard
 * partials ({@code sum, count, min, max, group, avg}, {@code topk}/{@code bottomk} with a literal
 * k, {@code count_values}) and the inner expression must be shard-local, i.e. every output series
 * depends on one stored series only and nothing on the set of series: selectors without {@code @}
 * or the experimental modifiers, per-series functions with literal parameters, unary minus,
 * parentheses and arithmetic or comparison with a number literal. Subqueries are never pushed
 * (aggregations inside them are, by the evaluator of the subquery).
 */
public final class Pushdown {
  private static final Set<String> PER_SERIES = Set.of(
      "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "resets", "changes",
      "avg_over_time", "count_over_time", "first_over_time", "last_over_time", "mad_over_time",
      "max_over_time", "min_over_time", "present_over_time", "quantile_over_time",
      "stddev_over_time", "stdvar_over_time", "sum_over_time", "ts_of_first_over_time",
      "ts_of_last_over_time", "ts_of_max_over_time", "ts_of_min_over_time",
      "abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "round", "clamp", "clamp_min",
      "clamp_max", "sgn", "timestamp", "histogram_count", "histogram_sum", "histogram_avg",
      "histogram_fraction", "histogram_stddev", "histogram_stdvar");

  private Pushdown() {}

  /** Whether {@code a} can be evaluated as per-shard partials merged by the coordinator. */
  public static boolean pushable(AggregateExpr a) {
    switch (a.op()) {
      case SUM:
      case COUNT:
      case MIN:
      case MAX:
      case GROUP:
      case AVG:
      case COUNT_VALUES:
        break;
      case TOPK:
      case BOTTOMK:
        if (!(Expr.unwrapParens(a.param()) instanceof NumberLiteral)) {
          return false;
        }
        break;
      default:
        return false;
    }
    return shardLocal(a.expr());
  }

  /** Whether {@code e} is built only from the shard-local parts listed in the class comment. */
  public static boolean shardLocal(Expr e) {
    e = Expr.unwrapParens(e);
    if (e instanceof VectorSelector) {
      return plain((VectorSelector) e);
    }
    if (e instanceof UnaryExpr) {
      UnaryExpr u = (UnaryExpr) e;
      return u.op() == UnaryOp.MINUS && shardLocal(u.expr());
    }
    if (e instanceof BinaryExpr) {
      BinaryExpr b = (BinaryExpr) e;
      if (b.matching() != null) {
        return false;
      }
      boolean litLeft = Expr.unwrapParens(b.lhs()) instanceof NumberLiteral;
      boolean litRight = Expr.unwrapParens(b.rhs()) instanceof NumberLiteral;
      return litLeft != litRight && shardLocal(litLeft ? b.rhs() : b.lhs());
    }
    if (e instanceof Call) {
      return perSeriesCall((Call) e);
    }
    return false;
  }

  private static boolean perSeriesCall(Call c) {
    if (!PER_SERIES.contains(c.function().name())) {
      return false;
    }
    boolean series = false;
    for (Expr arg : c.args()) {
      Expr a = Expr.unwrapParens(arg);
      if (a instanceof NumberLiteral) {
        continue;
      }
      if (a instanceof MatrixSelector) {
        if (!plain(((MatrixSelector) a).selector())) {
          return false;
        }
      } else if (a.type() != ValueType.VECTOR || !shardLocal(a)) {
        return false;
      }
      series = true;
    }
    return series;
  }

  private static boolean plain(VectorSelector vs) {
    return vs.at() == null && !vs.anchored() && !vs.smoothed();
  }

  /** The aggregation spanning exactly {@code pos} in {@code root}, or null. */
  public static AggregateExpr find(Expr root, PosRange pos) {
    if (root instanceof AggregateExpr && root.posRange().equals(pos)) {
      return (AggregateExpr) root;
    }
    for (Expr child : children(root)) {
      if (child != null) {
        AggregateExpr a = find(child, pos);
        if (a != null) {
          return a;
        }
      }
    }
    return null;
  }

  private static List<Expr> children(Expr e) {
    List<Expr> l = new ArrayList<>(2);
    if (e instanceof AggregateExpr) {
      l.add(((AggregateExpr) e).param());
      l.add(((AggregateExpr) e).expr());
    } else if (e instanceof BinaryExpr) {
      l.add(((BinaryExpr) e).lhs());
      l.add(((BinaryExpr) e).rhs());
    } else if (e instanceof Call) {
      l.addAll(((Call) e).args());
    } else if (e instanceof ParenExpr) {
      l.add(((ParenExpr) e).expr());
    } else if (e instanceof UnaryExpr) {
      l.add(((UnaryExpr) e).expr());
    } else if (e instanceof SubqueryExpr) {
      l.add(((SubqueryExpr) e).expr());
    } else if (e instanceof MatrixSelector) {
      l.add(((MatrixSelector) e).selector());
    }
    return l;
  }
}

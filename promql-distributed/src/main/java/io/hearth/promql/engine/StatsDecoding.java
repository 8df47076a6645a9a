package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.VectorSelector;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;

/**
 * The selectors whose histograms only {@code histogram_count}, {@code histogram_sum} or {@code
 * histogram_avg} consume ({@code detectHistogramStatsDecoding} in Prometheus). Prometheus reads
 * those through a statistics iterator that derives counter-reset hints on the fly; Hearth reads them
 * through {@link StatsHintIterator} so that the hints, and the annotations they cause, agree.
 *
 * <p>Walking up from a selector: one of those three functions marks it; a subquery, a trim
 * operator or a function that needs whole buckets ({@code histogram_quantile(s)}, {@code
 * histogram_fraction}) nearer to it vetoes.
 */
final class StatsDecoding {
  private final Set<VectorSelector> marked = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<Expr> path = new ArrayDeque<>();

  private StatsDecoding() {}

  static Set<VectorSelector> selectors(Expr root) {
    StatsDecoding d = new StatsDecoding();
    d.visit(root);
    return d.marked;
  }

  private void visit(Expr e) {
    if (e instanceof VectorSelector) {
      if (statsOnly()) {
        marked.add((VectorSelector) e);
      }
      return;
    }
    path.push(e);
    if (e instanceof MatrixSelector) {
      visit(((MatrixSelector) e).selector());
    } else if (e instanceof SubqueryExpr) {
      visit(((SubqueryExpr) e).expr());
    } else if (e instanceof ParenExpr) {
      visit(((ParenExpr) e).expr());
    } else if (e instanceof UnaryExpr) {
      visit(((UnaryExpr) e).expr());
    } else if (e instanceof BinaryExpr) {
      visit(((BinaryExpr) e).lhs());
      visit(((BinaryExpr) e).rhs());
    } else if (e instanceof AggregateExpr) {
      AggregateExpr a = (AggregateExpr) e;
      visit(a.expr());
      if (a.param() != null) {
        visit(a.param());
      }
    } else if (e instanceof Call) {
      for (Expr a : ((Call) e).args()) {
        visit(a);
      }
    }
    path.pop();
  }

  /** Walks the ancestors from the nearest outwards. */
  private boolean statsOnly() {
    boolean skip = false;
    for (Iterator<Expr> it = path.iterator(); it.hasNext(); ) {
      Expr p = it.next();
      if (p instanceof SubqueryExpr) {
        return false;
      }
      if (p instanceof BinaryExpr && ((BinaryExpr) p).op().isTrim()) {
        return false;
      }
      if (p instanceof Call) {
        switch (((Call) p).function().name()) {
          case "histogram_count":
          case "histogram_sum":
          case "histogram_avg":
            skip = true;
            break;
          case "histogram_quantile":
          case "histogram_quantiles":
          case "histogram_fraction":
            return false;
          default:
            break;
        }
      }
    }
    return skip;
  }
}

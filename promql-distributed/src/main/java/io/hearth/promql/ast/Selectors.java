package io.hearth.promql.ast;

import io.hearth.sharding.api.Matcher;
import java.util.ArrayList;
import java.util.List;

/** The vector selectors of an expression, as Prometheus's {@code parser.ExtractSelectors}. */
public final class Selectors {
  private Selectors() {}

  /**
   * The matchers of every vector selector in {@code e} (those inside range selectors and subqueries
   * too), in the order they appear; the {@code __name__} matcher included when a name was given.
   */
  public static List<List<Matcher>> of(Expr e) {
    List<List<Matcher>> out = new ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, List<List<Matcher>> out) {
    if (e instanceof VectorSelector v) {
      out.add(v.matchers());
    } else if (e instanceof MatrixSelector m) {
      out.add(m.selector().matchers());
    } else if (e instanceof SubqueryExpr s) {
      collect(s.expr(), out);
    } else if (e instanceof ParenExpr p) {
      collect(p.expr(), out);
    } else if (e instanceof UnaryExpr u) {
      collect(u.expr(), out);
    } else if (e instanceof BinaryExpr b) {
      collect(b.lhs(), out);
      collect(b.rhs(), out);
    } else if (e instanceof AggregateExpr a) {
      collect(a.expr(), out);
      if (a.param() != null) collect(a.param(), out);
    } else if (e instanceof Call c) {
      for (Expr arg : c.args()) collect(arg, out);
    }
  }
}

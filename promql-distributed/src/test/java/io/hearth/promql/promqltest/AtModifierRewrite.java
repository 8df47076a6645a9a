package io.hearth.promql.promqltest;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AtModifier;
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
import io.hearth.promql.parser.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The step-invariance check of README §6.4.1 (upstream's {@code atModifierTestCases}): pin every
 * selector and subquery without a fixed {@code @} to the eval time, then evaluate the printed query
 * at other times. Selectors inside a subquery are left alone, the subquery itself being pinned. As
 * upstream, {@code @ start()} and {@code @ end()} count as "no timestamp yet" and are replaced.
 */
final class AtModifierRewrite {
  /** Functions whose result depends on the evaluation time even with pinned arguments. */
  static final Set<String> UNSAFE_FUNCTIONS = Set.of("time", "timestamp", "start", "end", "range", "step",
      "predict_linear", "hour", "minute", "month", "year", "day_of_month", "day_of_week", "day_of_year",
      "days_in_month");

  private AtModifierRewrite() {}

  /** One extra evaluation: the rewritten query at an evaluation time. */
  record Case(String query, long evalTimeMs) {}

  /** The extra evaluations for {@code query} evaluated at {@code evalTimeMs}; empty when unsafe. */
  static List<Case> cases(String query, long evalTimeMs) {
    boolean[] unsafe = {false};
    Expr rewritten = pin(Parser.parseExpr(query), evalTimeMs, unsafe);
    if (unsafe[0]) return List.of();
    String text = rewritten.toString();
    long t = evalTimeMs;
    long[] times = t == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * t, 0, t / 5, t, 10 * t};
    List<Case> out = new ArrayList<>(times.length);
    for (long et : times) out.add(new Case(text, et));
    return out;
  }

  private static boolean fixed(AtModifier at) {
    return at != null && at.kind() == AtModifier.Kind.TIMESTAMP;
  }

  private static Expr pin(Expr e, long t, boolean[] unsafe) {
    if (e instanceof VectorSelector) {
      VectorSelector vs = (VectorSelector) e;
      return fixed(vs.at()) ? vs : vs.withAt(AtModifier.at(t));
    }
    if (e instanceof MatrixSelector) {
      MatrixSelector ms = (MatrixSelector) e;
      if (fixed(ms.selector().at())) return ms;
      return new MatrixSelector(ms.selector().withAt(AtModifier.at(t)), ms.range(), ms.posRange());
    }
    if (e instanceof SubqueryExpr) {
      // Nothing inside a subquery is touched, nor checked for unsafe functions (as upstream).
      SubqueryExpr sq = (SubqueryExpr) e;
      return fixed(sq.at()) ? sq : sq.withAt(AtModifier.at(t));
    }
    if (e instanceof ParenExpr) {
      ParenExpr p = (ParenExpr) e;
      return new ParenExpr(pin(p.expr(), t, unsafe), p.posRange());
    }
    if (e instanceof UnaryExpr) {
      UnaryExpr u = (UnaryExpr) e;
      return new UnaryExpr(u.op(), pin(u.expr(), t, unsafe), u.posRange());
    }
    if (e instanceof BinaryExpr) {
      BinaryExpr b = (BinaryExpr) e;
      return new BinaryExpr(b.op(), pin(b.lhs(), t, unsafe), pin(b.rhs(), t, unsafe), b.matching(), b.returnBool(),
          b.posRange());
    }
    if (e instanceof AggregateExpr) {
      AggregateExpr a = (AggregateExpr) e;
      Expr param = a.param() == null ? null : pin(a.param(), t, unsafe);
      return new AggregateExpr(a.op(), pin(a.expr(), t, unsafe), param, a.grouping(), a.without(), a.posRange());
    }
    if (e instanceof Call) {
      Call c = (Call) e;
      if (UNSAFE_FUNCTIONS.contains(c.function().name())) unsafe[0] = true;
      List<Expr> args = new ArrayList<>(c.args().size());
      for (Expr a : c.args()) args.add(pin(a, t, unsafe));
      return new Call(c.function(), args, c.posRange());
    }
    if (e instanceof NumberLiteral || e instanceof StringLiteral) return e;
    throw new IllegalStateException("unknown node " + e.getClass().getSimpleName());
  }
}

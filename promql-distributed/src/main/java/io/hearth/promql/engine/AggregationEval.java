package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.promql.planner.Pushdown;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Aggregation operators with {@code by}/{@code without}: reads the operator's parameter and input
 * and hands them to the evaluator of its kind: {@link FoldAggregation} (values folded per group:
 * {@code sum}, {@code avg}, {@code count}, {@code min}, {@code max}, {@code group}, {@code stddev},
 * {@code stdvar}, {@code quantile}), {@link KAggregation} (input samples selected per group: {@code
 * topk}, {@code bottomk}, {@code limitk}, {@code limit_ratio}) or {@link CountValues}. The grouping
 * rule they share is {@link Grouping}. Also the entry points of pushdown: the shard side ({@link
 * #partial}) and the coordinator's final {@code topk}/{@code bottomk} over merged winners
 * ({@link #kOver}).
 */
final class AggregationEval {
  private AggregationEval() {}

  static List<EvalSeries> evaluate(Evaluator ev, AggregateExpr e) {
    return run(ev, e, null);
  }

  /**
   * The shard side of a pushed-down aggregation (see {@link Pushdown}): per group and step the raw
   * aggregation state instead of the final value, for {@link PartialMerge} to combine.
   */
  static List<PartialSeries> partial(Evaluator ev, AggregateExpr e) {
    List<PartialSeries> out = new ArrayList<>();
    run(ev, e, out);
    return out;
  }

  /** {@code topk}/{@code bottomk} of {@code e} over the given input instead of its inner expression. */
  static List<EvalSeries> kOver(Evaluator ev, AggregateExpr e, List<EvalSeries> input) {
    return new KAggregation(ev, e, Grouping.of(e)).run(input, ev.scalarValues(e.param()));
  }

  /** The grouping key {@code e} assigns to a series with labels {@code l}. */
  static String groupKeyOf(AggregateExpr e, Labels l) {
    return Grouping.of(e).key(l);
  }

  private static List<EvalSeries> run(Evaluator ev, AggregateExpr e, List<PartialSeries> partials) {
    Grouping grouping = Grouping.of(e);
    AggregateOp op = e.op();
    if (op == AggregateOp.COUNT_VALUES) {
      return new CountValues(ev, e, grouping, partials).run();
    }
    double[] params = null;
    if (e.param() != null) {
      params = ev.scalarValues(e.param());
    }
    List<EvalSeries> input = ev.series(e.expr());
    List<EvalSeries> out;
    switch (op) {
      case TOPK:
      case BOTTOMK:
      case LIMITK:
      case LIMIT_RATIO:
        KAggregation k = new KAggregation(ev, e, grouping);
        out = k.run(input, params);
        if (partials != null) {
          k.winnersToPartials(out, input, partials);
        }
        break;
      default:
        out = new FoldAggregation(ev, e, grouping, partials).run(input, params);
    }
    ev.release(input);
    return out;
  }

  /** {@code s}'s points in time order as a partial (value or histogram, the drop-name flag on each). */
  static PartialSeries toPartial(EvalSeries s, Labels order) {
    PartialSeries p = new PartialSeries(s.labels, order);
    int fl = s.dropName ? PartialSeries.DROP_NAME : 0;
    int i = 0;
    int j = 0;
    while (i < s.fn || j < s.hn) {
      if (j >= s.hn || (i < s.fn && s.ft[i] < s.ht[j])) {
        p.add(s.ft[i], fl, s.fv[i], 0, 0, null);
        i++;
      } else {
        p.add(s.ht[j], fl, 0, 0, 0, s.hv[j]);
        j++;
      }
    }
    return p;
  }
}

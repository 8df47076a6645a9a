package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Printing;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.functions.LabelFunctions;
import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code count_values}: per step, how many input samples have each value, as one output series per
 * (group, value) with the value rendered as Prometheus renders it (a float's Go text, a histogram's
 * text) in the label the parameter names.
 *
 * <p>Contract: an invalid label name fails the query; within a step the output lists label sets in
 * the order of their first input sample. With a non-null {@code partials} list (a shard evaluating
 * a pushed-down fragment) every output series is also appended there as a partial ordered by its
 * first source series, for the coordinator to sum. One instance per evaluation; not thread-safe.
 */
final class CountValues {
  private final Evaluator ev;
  private final AggregateExpr e;
  private final Grouping grouping;
  private final List<PartialSeries> partials;

  CountValues(Evaluator ev, AggregateExpr e, Grouping grouping, List<PartialSeries> partials) {
    this.ev = ev;
    this.e = e;
    this.grouping = grouping;
    this.partials = partials;
  }

  /** Reads the inner expression and counts its values. */
  List<EvalSeries> run() {
    StringLiteral param = (StringLiteral) Expr.unwrapParens(e.param());
    String valueLabel = param.value();
    if (!LabelFunctions.isValidLabelName(valueLabel)) {
      throw PromQLException.execution("invalid label name " + param.quoted());
    }
    Grouping g = grouping.plusBy(valueLabel);
    List<EvalSeries> input = ev.series(e.expr());
    Map<Labels, Labels> firstSource = new HashMap<>();
    List<EvalSeries> out = RangeEval.run(ev, List.of(input), (in, ts, step, o) -> {
      StepVector v = in[0];
      Map<String, Integer> idx = new LinkedHashMap<>();
      List<Labels> labels = new ArrayList<>();
      List<int[]> counts = new ArrayList<>();
      for (int i = 0; i < v.n; i++) {
        Labels.Builder b = v.labels[i].toBuilder();
        b.set(valueLabel, v.h[i] == null ? Printing.number(v.f[i]) : HistogramMath.text(v.h[i]));
        Labels metric = b.build();
        String key = g.key(metric);
        Integer at = idx.get(key);
        if (at == null) {
          idx.put(key, labels.size());
          labels.add(g.labels(metric));
          firstSource.putIfAbsent(labels.get(labels.size() - 1), v.labels[i]);
          counts.add(new int[] {1});
        } else {
          counts.get(at)[0]++;
        }
      }
      for (int i = 0; i < labels.size(); i++) {
        o.add(labels.get(i), false, counts.get(i)[0], null, ts, -1);
      }
    });
    ev.release(input);
    if (partials != null) {
      for (EvalSeries s : out) {
        partials.add(AggregationEval.toPartial(s, firstSource.get(s.labels)));
      }
    }
    return out;
  }
}

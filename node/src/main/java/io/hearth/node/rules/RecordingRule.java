package io.hearth.node.rules;

import io.hearth.promql.value.Sample;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A recording rule: the expression's result renamed to the rule's name, with the rule's labels set. */
public final class RecordingRule extends Rule {
  RecordingRule(RuleSpec spec) {
    super(spec);
  }

  @Override
  List<Sample> eval(RuleContext ctx, long evalNs, long offsetNs, int limit) throws RuleEvalException {
    long t = toMs(evalNs - offsetNs);
    List<Sample> res = ctx.query(spec.expr(), t);
    List<Sample> out = new ArrayList<>(res.size());
    Set<Labels> seen = new HashSet<>();
    boolean same = false;
    for (Sample s : res) {
      Labels.Builder b = s.labels().toBuilder();
      b.set(Labels.METRIC_NAME, spec.record());
      spec.labels().forEach((k, v) -> {
        if (v.isEmpty()) b.del(k);
        else b.set(k, v);
      });
      Labels l = b.build();
      same |= !seen.add(l);
      out.add(new Sample(l, t, s.f(), s.h()));
    }
    if (same) throw new RuleEvalException("vector contains metrics with the same labelset after applying rule labels");
    if (limit > 0 && out.size() > limit) {
      throw new RuleEvalException("exceeded limit of " + limit + " with " + out.size() + " series");
    }
    return out;
  }
}

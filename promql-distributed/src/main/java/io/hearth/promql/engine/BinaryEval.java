package io.hearth.promql.engine;

import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.BinaryOp;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorMatchCardinality;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.histogram.HistogramMath;
import io.hearth.promql.histogram.HistogramTrim;
import io.hearth.promql.histogram.IncompatibleHistogramsException;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.LabelsText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators: scalar/scalar, vector/scalar and vector/vector with one-to-one, many-to-one
 * and one-to-many matching ({@code on}, {@code ignoring}, {@code group_left/right}, {@code fill}),
 * the set operators, {@code bool}, native histogram arithmetic, and Prometheus's matching errors.
 */
final class BinaryEval {
  private final Evaluator ev;
  private final BinaryExpr e;
  private final BinaryOp op;
  private final VectorMatching m;
  private final HistogramMath.Flags flags = new HistogramMath.Flags();
  // The outcome of one element operation.
  private double resF;
  private FloatHistogram resH;
  private boolean keep;
  private boolean failed;

  private BinaryEval(Evaluator ev, BinaryExpr e) {
    this.ev = ev;
    this.e = e;
    this.op = e.op();
    this.m = e.matching();
  }

  static List<EvalSeries> evaluate(Evaluator ev, BinaryExpr e) {
    return new BinaryEval(ev, e).run();
  }

  private List<EvalSeries> run() {
    ValueType lt = e.lhs().type();
    ValueType rt = e.rhs().type();
    List<EvalSeries> lhs = ev.series(e.lhs());
    List<EvalSeries> rhs = ev.series(e.rhs());
    List<List<EvalSeries>> inputs = List.of(lhs, rhs);
    List<EvalSeries> out;
    if (lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      out = RangeEval.run(ev, inputs, (in, ts, step, o) -> {
        double l = RangeEval.scalarAt(in[0]);
        double r = RangeEval.scalarAt(in[1]);
        o.add(Labels.EMPTY, false, scalar(op, l, r), null, ts, -1);
      });
    } else if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
      out = vectorVector(lhs, rhs, inputs);
    } else {
      boolean swap = lt == ValueType.SCALAR;
      out = RangeEval.run(ev, inputs, (in, ts, step, o) -> {
        StepVector vec = swap ? in[1] : in[0];
        double s = RangeEval.scalarAt(swap ? in[0] : in[1]);
        vectorScalar(vec, s, swap, o);
      });
    }
    ev.release(lhs);
    ev.release(rhs);
    return out;
  }

  static double scalar(BinaryOp op, double l, double r) {
    switch (op) {
      case ADD: return l + r;
      case SUB: return l - r;
      case MUL: return l * r;
      case DIV: return l / r;
      case POW: return Math.pow(l, r);
      case MOD: return goMod(l, r);
      case EQL: return l == r ? 1 : 0;
      case NEQ: return l != r ? 1 : 0;
      case GTR: return l > r ? 1 : 0;
      case LSS: return l < r ? 1 : 0;
      case GTE: return l >= r ? 1 : 0;
      case LTE: return l <= r ? 1 : 0;
      case ATAN2: return Math.atan2(l, r);
      default: throw PromQLException.execution("operator \"" + op.symbol + "\" not allowed for Scalar operations");
    }
  }

  /** Go's {@code math.Mod}: the result has the sign of {@code l}, as Java's {@code %}. */
  private static double goMod(double l, double r) {
    return l % r;
  }

  private static boolean changesSchema(BinaryOp op) {
    switch (op) {
      case ADD: case SUB: case MUL: case DIV: case POW: case MOD: case ATAN2: return true;
      default: return false;
    }
  }

  /** {@code vectorElemBinop}: sets resF/resH/keep, or failed with an annotation recorded. */
  private void element(double l, double r, FloatHistogram hl, FloatHistogram hr) {
    failed = false;
    resH = null;
    PosRange pos = e.posRange();
    if (op.isTrim()) {
      // Trimming applies to a histogram by a float; anything else has no result.
      if (hl != null && hr == null) {
        resH = HistogramTrim.trim(hl, r, op == BinaryOp.TRIM_UPPER);
        keep = true;
      } else {
        failed = true;
      }
      return;
    }
    if (hl == null && hr == null) {
      switch (op) {
        case EQL: resF = l; keep = l == r; return;
        case NEQ: resF = l; keep = l != r; return;
        case GTR: resF = l; keep = l > r; return;
        case LSS: resF = l; keep = l < r; return;
        case GTE: resF = l; keep = l >= r; return;
        case LTE: resF = l; keep = l <= r; return;
        default: resF = scalar(op, l, r); keep = true; return;
      }
    }
    if (hl == null) {
      if (op == BinaryOp.MUL) {
        resH = HistogramMath.compact(HistogramMath.mul(hr.copy(), l));
        keep = true;
        return;
      }
      incompatible("float", "histogram", pos);
      return;
    }
    if (hr == null) {
      if (op == BinaryOp.MUL) {
        resH = HistogramMath.compact(HistogramMath.mul(hl.copy(), r));
        keep = true;
        return;
      }
      if (op == BinaryOp.DIV) {
        resH = HistogramMath.compact(HistogramMath.div(hl.copy(), r));
        keep = true;
        return;
      }
      incompatible("histogram", "float", pos);
      return;
    }
    switch (op) {
      case ADD:
      case SUB:
        flags.clear();
        try {
          resH = op == BinaryOp.ADD ? HistogramMath.add(hl, hr, flags) : HistogramMath.sub(hl, hr, flags);
        } catch (IncompatibleHistogramsException x) {
          ev.ctx.annotations.warn(Annotations.incompatibleBucketLayout(op.symbol), pos);
          failed = true;
          return;
        }
        String what = op == BinaryOp.ADD ? "addition" : "subtraction";
        if (op == BinaryOp.SUB) {
          resH.counterResetHint = CounterResetHint.GAUGE;
        }
        if (flags.counterResetCollision) {
          ev.ctx.annotations.warn(Annotations.counterResetCollision(what), pos);
        }
        if (flags.customBucketsReconciled) {
          ev.ctx.annotations.info(Annotations.customBucketsReconciled(what), pos);
        }
        keep = true;
        return;
      case EQL:
        resH = hl;
        keep = HistogramMath.equalsCompacted(hl, hr);
        return;
      case NEQ:
        resH = hl;
        keep = !HistogramMath.equalsCompacted(hl, hr);
        return;
      default:
        incompatible("histogram", "histogram", pos);
    }
  }

  private void incompatible(String l, String r, PosRange pos) {
    ev.ctx.annotations.info(Annotations.incompatibleTypes(l, op.symbol, r), pos);
    failed = true;
  }

  private void vectorScalar(StepVector vec, double s, boolean swap, StepVector out) {
    for (int i = 0; i < vec.n; i++) {
      double lf = vec.f[i];
      double rf = s;
      FloatHistogram lh = vec.h[i];
      FloatHistogram rh = null;
      if (swap) {
        lf = s;
        rf = vec.f[i];
        rh = lh;
        lh = null;
      }
      element(lf, rf, lh, rh);
      if (failed) {
        continue;
      }
      double f = resF;
      FloatHistogram h = resH;
      boolean k = keep;
      if (op.isComparison() && swap) {
        f = rf;
        h = rh;
      }
      if (e.returnBool()) {
        f = k ? 1 : 0;
        h = null;
        k = true;
      }
      if (k) {
        boolean drop = vec.dropName[i] || changesSchema(op) || e.returnBool();
        out.add(vec.labels[i], drop, f, h, vec.t[i], vec.src[i]);
      }
    }
  }

  private List<EvalSeries> vectorVector(List<EvalSeries> lhs, List<EvalSeries> rhs, List<List<EvalSeries>> inputs) {
    List<String> names = m.matchingLabels();
    Map<String, Integer> ordinals = new HashMap<>();
    int[] lsig = signatures(lhs, names, ordinals);
    int[] rsig = signatures(rhs, names, ordinals);
    int numSigs = ordinals.size();
    switch (op) {
      case AND:
      case OR:
      case UNLESS:
        return RangeEval.run(ev, inputs, (in, ts, step, o) -> setOp(in[0], in[1], lsig, rsig, numSigs, o));
      default:
        break;
    }
    if (m.card() == VectorMatchCardinality.MANY_TO_MANY) {
      throw new PromQLException(PromQLException.ErrorType.INTERNAL, "many-to-many only allowed for set operators");
    }
    int[] rightIdx = new int[numSigs];
    boolean[] matched = new boolean[numSigs];
    Map<Integer, Set<Labels>> inserted = new HashMap<>();
    Map<Long, Labels> resultCache = new HashMap<>();
    return RangeEval.run(ev, inputs, (in, ts, step, o) -> {
      StepVector l = in[0];
      StepVector r = in[1];
      int[] ls = lsig;
      int[] rs = rsig;
      boolean noFill = m.fillLeft() == null && m.fillRight() == null;
      if ((l.n == 0 && r.n == 0) || ((l.n == 0 || r.n == 0) && noFill)) {
        return;
      }
      boolean swapped = m.card() == VectorMatchCardinality.ONE_TO_MANY;
      if (swapped) {
        StepVector t = l;
        l = r;
        r = t;
        ls = rsig;
        rs = lsig;
      }
      Arrays.fill(rightIdx, -1);
      Arrays.fill(matched, false);
      inserted.clear();
      for (int i = 0; i < r.n; i++) {
        int ord = rs[r.src[i]];
        if (rightIdx[ord] >= 0) {
          String side = swapped ? "left" : "right";
          Labels group = LabelText.matchLabels(r.labels[i], m.on(), m.matchingLabels());
          // The first duplicate pair in the walk (series come in label order, as Prometheus's
          // storage returns them), named in label order as Prometheus 3.x does for a stable message.
          Labels a = r.labels[rightIdx[ord]];
          Labels b = r.labels[i];
          if (a.compareTo(b) > 0) {
            Labels t = a;
            a = b;
            b = t;
          }
          throw PromQLException.execution("found duplicate series for the match group " + LabelsText.format(group)
              + " on the " + side + " hand-side of the operation: [" + LabelsText.format(a) + ", " + LabelsText.format(b)
              + "];many-to-many matching not allowed: matching labels must be unique on one side");
        }
        rightIdx[ord] = i;
      }
      for (int i = 0; i < l.n; i++) {
        int ord = ls[l.src[i]];
        int ri = rightIdx[ord];
        if (ri < 0) {
          Double fill = m.fillRight();
          if (fill == null) {
            continue;
          }
          Labels fl = LabelText.matchLabels(l.labels[i], m.on(), m.matchingLabels());
          pair(l.labels[i], l.f[i], l.h[i], l.dropName[i], l.src[i], fl, fill, null, -1, ord, swapped, matched,
              inserted, resultCache, ts, o);
          continue;
        }
        pair(l.labels[i], l.f[i], l.h[i], l.dropName[i], l.src[i], r.labels[ri], r.f[ri], r.h[ri], r.src[ri], ord,
            swapped, matched, inserted, resultCache, ts, o);
      }
      Double fillMissingLeft = m.fillLeft();
      if (fillMissingLeft != null) {
        for (int i = 0; i < r.n; i++) {
          int ord = rs[r.src[i]];
          if (matched[ord] || inserted.containsKey(ord)) {
            continue;
          }
          Labels fl = LabelText.matchLabels(r.labels[i], m.on(), m.matchingLabels());
          pair(fl, fillMissingLeft, null, false, -1, r.labels[i], r.f[i], r.h[i], r.src[i], ord, swapped, matched,
              inserted, resultCache, ts, o);
        }
      }
    });
  }

  private void pair(Labels ll, double lf, FloatHistogram lh, boolean lDrop, int lsrc, Labels rl, double rf,
      FloatHistogram rh, int rsrc, int ord, boolean swapped, boolean[] matched, Map<Integer, Set<Labels>> inserted,
      Map<Long, Labels> cache, long ts, StepVector out) {
    double fl = lf;
    double fr = rf;
    FloatHistogram hl = lh;
    FloatHistogram hr = rh;
    if (swapped) {
      fl = rf;
      fr = lf;
      hl = rh;
      hr = lh;
    }
    element(fl, fr, hl, hr);
    if (failed) {
      return;
    }
    double f = resF;
    FloatHistogram h = resH;
    if (e.returnBool()) {
      h = null;
      f = keep ? 1 : 0;
    }
    Labels metric;
    if (lsrc >= 0 && rsrc >= 0) {
      long key = ((long) lsrc << 32) | (rsrc & 0xffffffffL);
      metric = cache.get(key);
      if (metric == null) {
        metric = resultMetric(ll, rl);
        cache.put(key, metric);
      }
    } else {
      metric = resultMetric(ll, rl);
    }
    if (m.card() == VectorMatchCardinality.ONE_TO_ONE) {
      if (matched[ord]) {
        throw PromQLException.execution(
            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      }
      matched[ord] = true;
    } else {
      Set<Labels> set = inserted.computeIfAbsent(ord, k -> new HashSet<>());
      if (!set.add(metric)) {
        throw PromQLException.execution("multiple matches for labels: grouping labels must ensure unique matches");
      }
    }
    if (!keep && !e.returnBool()) {
      return;
    }
    out.add(metric, e.returnBool(), f, h, ts, -1);
  }

  private Labels resultMetric(Labels lhs, Labels rhs) {
    Labels.Builder b = lhs.toBuilder();
    if (changesSchema(op) || op.isTrim()) {
      b.del(LabelText.NAME).del("__type__").del("__unit__");
    }
    if (m.card() == VectorMatchCardinality.ONE_TO_ONE) {
      if (m.on()) {
        b.keep(m.matchingLabels());
      } else {
        for (String n : m.matchingLabels()) {
          b.del(n);
        }
      }
    }
    for (String n : m.include()) {
      String v = rhs.get(n);
      if (v.isEmpty()) {
        b.del(n);
      } else {
        b.set(n, v);
      }
    }
    return b.build();
  }

  private int[] signatures(List<EvalSeries> l, List<String> names, Map<String, Integer> ordinals) {
    int[] sig = new int[l.size()];
    for (int i = 0; i < sig.length; i++) {
      String s = LabelText.signature(l.get(i).labels, names, m.on(), LabelText.NAME);
      Integer o = ordinals.get(s);
      if (o == null) {
        o = ordinals.size();
        ordinals.put(s, o);
      }
      sig[i] = o;
    }
    return sig;
  }

  private void setOp(StepVector l, StepVector r, int[] lsig, int[] rsig, int numSigs, StepVector out) {
    switch (op) {
      case AND: {
        if (l.n == 0 || r.n == 0) {
          return;
        }
        boolean[] present = new boolean[numSigs];
        for (int i = 0; i < r.n; i++) {
          present[rsig[r.src[i]]] = true;
        }
        for (int i = 0; i < l.n; i++) {
          if (present[lsig[l.src[i]]]) {
            out.copyFrom(l, i);
          }
        }
        return;
      }
      case OR: {
        boolean[] present = new boolean[numSigs];
        for (int i = 0; i < l.n; i++) {
          present[lsig[l.src[i]]] = true;
          out.copyFrom(l, i);
        }
        for (int i = 0; i < r.n; i++) {
          if (!present[rsig[r.src[i]]]) {
            out.copyFrom(r, i);
          }
        }
        return;
      }
      default: {
        boolean[] present = new boolean[numSigs];
        for (int i = 0; i < r.n; i++) {
          present[rsig[r.src[i]]] = true;
        }
        for (int i = 0; i < l.n; i++) {
          if (!present[lsig[l.src[i]]]) {
            out.copyFrom(l, i);
          }
        }
      }
    }
  }
}

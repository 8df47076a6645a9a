package io.hearth.promql.engine;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of 3.x's delayed name removal: drops {@code __name__} (and the other metadata labels)
 * from series flagged for it, then merges series that now share a label set, failing with {@code
 * vector cannot contain metrics with the same labelset} when they overlap in time.
 */
final class Cleanup {
  private Cleanup() {}

  static List<EvalSeries> dropNames(List<EvalSeries> l) {
    for (EvalSeries s : l) {
      if (s.dropName) {
        s.labels = LabelText.dropMetadata(s.labels);
        s.dropName = false;
      }
    }
    return mergeSameLabels(l);
  }

  /** Merges series with equal labels; overlapping timestamps are an error. */
  static List<EvalSeries> mergeSameLabels(List<EvalSeries> l) {
    if (l.size() <= 1) {
      return l;
    }
    Map<Labels, List<EvalSeries>> byLabels = new LinkedHashMap<>();
    boolean dup = false;
    for (EvalSeries s : l) {
      List<EvalSeries> g = byLabels.computeIfAbsent(s.labels, k -> new ArrayList<>(1));
      g.add(s);
      dup |= g.size() > 1;
    }
    if (!dup) {
      return l;
    }
    List<EvalSeries> out = new ArrayList<>(byLabels.size());
    for (List<EvalSeries> g : byLabels.values()) {
      if (g.size() == 1) {
        out.add(g.get(0));
        continue;
      }
      EvalSeries base = new EvalSeries(g.get(0).labels, g.get(0).dropName);
      int nf = 0;
      int nh = 0;
      for (EvalSeries s : g) {
        nf += s.fn;
        nh += s.hn;
      }
      long[] ft = new long[nf];
      double[] fv = new double[nf];
      long[] ht = new long[nh];
      FloatHistogram[] hv = new FloatHistogram[nh];
      int fi = 0;
      int hi = 0;
      for (EvalSeries s : g) {
        System.arraycopy(s.ft, 0, ft, fi, s.fn);
        System.arraycopy(s.fv, 0, fv, fi, s.fn);
        fi += s.fn;
        System.arraycopy(s.ht, 0, ht, hi, s.hn);
        System.arraycopy(s.hv, 0, hv, hi, s.hn);
        hi += s.hn;
      }
      sortByTime(ft, fv, null, nf);
      sortByTime(ht, null, hv, nh);
      for (int i = 1; i < nf; i++) {
        if (ft[i] == ft[i - 1]) {
          throw PromQLException.execution("vector cannot contain metrics with the same labelset");
        }
      }
      for (int i = 1; i < nh; i++) {
        if (ht[i] == ht[i - 1]) {
          throw PromQLException.execution("vector cannot contain metrics with the same labelset");
        }
      }
      base.ft = ft;
      base.fv = fv;
      base.fn = nf;
      base.ht = ht;
      base.hv = hv;
      base.hn = nh;
      out.add(base);
    }
    return out;
  }

  private static void sortByTime(long[] t, double[] v, FloatHistogram[] h, int n) {
    // Insertion sort: merged groups are few and mostly ordered.
    for (int i = 1; i < n; i++) {
      long kt = t[i];
      double kv = v != null ? v[i] : 0;
      FloatHistogram kh = h != null ? h[i] : null;
      int j = i - 1;
      while (j >= 0 && t[j] > kt) {
        t[j + 1] = t[j];
        if (v != null) {
          v[j + 1] = v[j];
        }
        if (h != null) {
          h[j + 1] = h[j];
        }
        j--;
      }
      t[j + 1] = kt;
      if (v != null) {
        v[j + 1] = kv;
      }
      if (h != null) {
        h[j + 1] = kh;
      }
    }
  }
}

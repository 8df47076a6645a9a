package io.hearth.promql.distributed;

import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.promql.value.Value;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.FloatHistogram;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Comparison of two query results: the same series in the same order, every float the same bits
 * (NaNs compared as NaN: their payload is not part of PromQL's result) or, when asked, within a few
 * units in the last place, every histogram equal field by field (its floats likewise), and the same
 * warnings and infos (as sets: shards report theirs in node order).
 */
final class ResultDiff {
  private final int ulps;

  private ResultDiff(int ulps) {
    this.ulps = ulps;
  }

  /** A description of the first difference, or null when the results are identical. */
  static String diff(QueryResult want, QueryResult got) {
    return diff(want, got, 0);
  }

  /** As {@link #diff(QueryResult, QueryResult)}, floats within {@code ulps} units in the last place. */
  static String diff(QueryResult want, QueryResult got, int ulps) {
    String d = new ResultDiff(ulps).diff(want.value(), got.value());
    if (d != null) {
      return d;
    }
    if (!new HashSet<>(want.warnings()).equals(new HashSet<>(got.warnings()))) {
      return "warnings " + want.warnings() + " vs " + got.warnings();
    }
    if (!new HashSet<>(want.infos()).equals(new HashSet<>(got.infos()))) {
      return "infos " + want.infos() + " vs " + got.infos();
    }
    return null;
  }

  private String diff(Value want, Value got) {
    if (want.getClass() != got.getClass()) {
      return "value type " + want.getClass().getSimpleName() + " vs " + got.getClass().getSimpleName();
    }
    if (want instanceof Scalar) {
      return sameFloat(((Scalar) want).v(), ((Scalar) got).v()) ? null : "scalar " + want + " vs " + got;
    }
    if (want instanceof Vector) {
      List<Sample> a = ((Vector) want).samples();
      List<Sample> b = ((Vector) got).samples();
      if (a.size() != b.size()) {
        return "vector of " + a.size() + " vs " + b.size() + " samples: " + a + " vs " + b;
      }
      for (int i = 0; i < a.size(); i++) {
        Sample x = a.get(i);
        Sample y = b.get(i);
        if (!x.labels().equals(y.labels()) || x.t() != y.t() || !sameFloat(x.f(), y.f()) || !sameHist(x.h(), y.h())) {
          return "sample " + i + ": " + x + " vs " + y;
        }
      }
      return null;
    }
    List<RangeSeries> a = ((Matrix) want).series();
    List<RangeSeries> b = ((Matrix) got).series();
    if (a.size() != b.size()) {
      return "matrix of " + a.size() + " vs " + b.size() + " series";
    }
    for (int i = 0; i < a.size(); i++) {
      RangeSeries x = a.get(i);
      RangeSeries y = b.get(i);
      if (!x.labels.equals(y.labels) || x.floatCount != y.floatCount || x.histogramCount != y.histogramCount) {
        return "series " + i + ": " + x.labels + " (" + x.floatCount + "+" + x.histogramCount + " points) vs "
            + y.labels + " (" + y.floatCount + "+" + y.histogramCount + ")";
      }
      for (int j = 0; j < x.floatCount; j++) {
        if (x.floatT[j] != y.floatT[j] || !sameFloat(x.floatV[j], y.floatV[j])) {
          return x.labels + " float " + j + ": " + x.floatT[j] + "=" + x.floatV[j] + " vs " + y.floatT[j] + "=" + y.floatV[j];
        }
      }
      for (int j = 0; j < x.histogramCount; j++) {
        if (x.histogramT[j] != y.histogramT[j] || !sameHist(x.histogramV[j], y.histogramV[j])) {
          return x.labels + " histogram " + j + ": " + x.histogramV[j] + " vs " + y.histogramV[j];
        }
      }
    }
    return null;
  }

  private boolean sameFloat(double a, double b) {
    if (Double.doubleToLongBits(a) == Double.doubleToLongBits(b)) {
      return true;
    }
    return ulps > 0 && Double.isFinite(a) && Double.isFinite(b)
        && Math.abs(a - b) <= ulps * Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
  }

  private boolean sameHist(FloatHistogram a, FloatHistogram b) {
    if (a == null || b == null || ulps == 0) {
      return a == null ? b == null : a.equals(b);
    }
    return a.counterResetHint == b.counterResetHint && a.schema == b.schema
        && sameFloat(a.zeroThreshold, b.zeroThreshold) && sameFloat(a.zeroCount, b.zeroCount)
        && sameFloat(a.count, b.count) && sameFloat(a.sum, b.sum)
        && Arrays.equals(a.positiveSpans, b.positiveSpans) && sameFloats(a.positiveBuckets, b.positiveBuckets)
        && Arrays.equals(a.negativeSpans, b.negativeSpans) && sameFloats(a.negativeBuckets, b.negativeBuckets)
        && Arrays.equals(a.customValues, b.customValues);
  }

  private boolean sameFloats(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!sameFloat(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
}

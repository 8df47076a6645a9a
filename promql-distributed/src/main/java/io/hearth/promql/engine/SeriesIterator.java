package io.hearth.promql.engine;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.ValueType;

/**
 * A {@link SampleIterator} over an evaluated series (a subquery's result), merging its float and
 * histogram points by time, so subquery results feed range functions exactly like stored series.
 */
final class SeriesIterator implements SampleIterator {
  private EvalSeries s;
  private int fi;
  private int hi;
  private ValueType cur = ValueType.NONE;
  private boolean onFloat;

  SeriesIterator reset(EvalSeries series) {
    s = series;
    fi = -1;
    hi = -1;
    cur = ValueType.NONE;
    return this;
  }

  @Override
  public ValueType next() {
    if (fi < 0 && hi < 0) {
      fi = 0;
      hi = 0;
    } else if (cur == ValueType.NONE) {
      return cur;
    } else if (onFloat) {
      fi++;
    } else {
      hi++;
    }
    return position();
  }

  private ValueType position() {
    boolean hasF = fi < s.fn;
    boolean hasH = hi < s.hn;
    if (!hasF && !hasH) {
      cur = ValueType.NONE;
    } else if (hasF && (!hasH || s.ft[fi] <= s.ht[hi])) {
      onFloat = true;
      cur = ValueType.FLOAT;
    } else {
      onFloat = false;
      cur = ValueType.HISTOGRAM;
    }
    return cur;
  }

  @Override
  public ValueType seek(long t) {
    if (fi < 0 && hi < 0) {
      next();
    }
    if (cur == ValueType.NONE) {
      return cur;
    }
    if (atT() >= t) {
      return cur;
    }
    while (fi < s.fn && s.ft[fi] < t) {
      fi++;
    }
    while (hi < s.hn && s.ht[hi] < t) {
      hi++;
    }
    return position();
  }

  @Override
  public long atT() {
    return onFloat ? s.ft[fi] : s.ht[hi];
  }

  @Override
  public double atV() {
    return s.fv[fi];
  }

  @Override
  public FloatHistogram atHistogram(FloatHistogram reuse) {
    return s.hv[hi];
  }
}

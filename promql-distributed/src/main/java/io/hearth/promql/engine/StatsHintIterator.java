package io.hearth.promql.engine;

import io.hearth.promql.histogram.HistogramMath;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.ValueType;

/**
 * Wraps a series iterator for a {@link StatsDecoding statistics-only} selector: a histogram whose
 * counter-reset hint is unknown gets {@code COUNTER_RESET} or {@code NOT_COUNTER_RESET} by
 * comparison with the histogram read just before it, as Prometheus's {@code
 * HistogramStatsIterator} does. A seek that moves forgets the previous histogram. Reusable; not
 * thread-safe.
 */
final class StatsHintIterator implements SampleIterator {
  private SampleIterator in;
  private ValueType cur = ValueType.NONE;
  private FloatHistogram prev;
  private FloatHistogram curH;

  StatsHintIterator reset(SampleIterator inner) {
    in = inner;
    cur = ValueType.NONE;
    prev = null;
    curH = null;
    return this;
  }

  SampleIterator inner() {
    return in;
  }

  @Override
  public ValueType next() {
    if (cur == ValueType.HISTOGRAM && curH == null) {
      materialize();
    }
    curH = null;
    cur = in.next();
    return cur;
  }

  @Override
  public ValueType seek(long t) {
    if (cur != ValueType.NONE && in.atT() >= t) {
      return cur;
    }
    prev = null;
    curH = null;
    cur = in.seek(t);
    return cur;
  }

  @Override
  public long atT() {
    return in.atT();
  }

  @Override
  public double atV() {
    return in.atV();
  }

  @Override
  public FloatHistogram atHistogram(FloatHistogram reuse) {
    if (curH == null) {
      materialize();
    }
    return curH;
  }

  private void materialize() {
    FloatHistogram h = in.atHistogram(null);
    if (HistogramMath.isStale(h)) {
      curH = h;
      return;
    }
    if (h.counterResetHint == CounterResetHint.UNKNOWN && prev != null) {
      h.counterResetHint = HistogramMath.detectReset(h, prev) ? CounterResetHint.COUNTER_RESET
          : CounterResetHint.NOT_COUNTER_RESET;
    }
    prev = h;
    curH = h;
  }
}

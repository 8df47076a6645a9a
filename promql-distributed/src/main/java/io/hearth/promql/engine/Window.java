package io.hearth.promql.engine;

import io.hearth.promql.histogram.HistogramMath;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;
import java.util.Arrays;

/**
 * A sliding window {@code (mint, maxt]} over one series' samples, for range selectors: float
 * points in {@code ft/fv[fFrom, fTo)}, histogram points in {@code ht/hv[hFrom, hTo)}. Windows must
 * not move backwards; samples are read from the iterator once and staleness markers are skipped.
 * Samples held are accounted against the query's limit. Reusable across series; not thread-safe.
 */
final class Window {
  long[] ft = new long[16];
  double[] fv = new double[16];
  int fFrom;
  int fTo;
  long[] ht = new long[4];
  FloatHistogram[] hv = new FloatHistogram[4];
  int hFrom;
  int hTo;
  private SampleIterator it;
  private ValueType cur;
  private boolean started;
  private final QueryContext ctx;

  Window(QueryContext ctx) {
    this.ctx = ctx;
  }

  void reset(SampleIterator iterator) {
    release();
    it = iterator;
    started = false;
    cur = ValueType.NONE;
  }

  /** Releases the accounted samples still held. */
  void release() {
    ctx.releaseSamples((fTo - fFrom) + (hTo - hFrom));
    fFrom = fTo = 0;
    for (int i = hFrom; i < hTo; i++) {
      hv[i] = null;
    }
    hFrom = hTo = 0;
  }

  int floats() {
    return fTo - fFrom;
  }

  int histograms() {
    return hTo - hFrom;
  }

  /** Moves the window to {@code (mint, maxt]}. */
  void slide(long mint, long maxt) {
    int dropped = 0;
    while (fFrom < fTo && ft[fFrom] <= mint) {
      fFrom++;
      dropped++;
    }
    while (hFrom < hTo && ht[hFrom] <= mint) {
      hv[hFrom] = null;
      hFrom++;
      dropped++;
    }
    ctx.releaseSamples(dropped);
    if (!started) {
      cur = it.next();
      started = true;
    }
    if (cur != ValueType.NONE && it.atT() <= mint) {
      // Common case of sparse steps over dense data: jump straight to the window's start.
      cur = it.seek(mint + 1);
    }
    while (cur != ValueType.NONE) {
      long t = it.atT();
      if (t > maxt) {
        break;
      }
      if (cur == ValueType.FLOAT) {
        double v = it.atV();
        if (!StaleNaN.is(v)) {
          appendFloat(t, v);
        }
      } else if (cur == ValueType.HISTOGRAM) {
        FloatHistogram h = it.atHistogram(null);
        if (!HistogramMath.isStale(h)) {
          appendHistogram(t, h);
        }
      }
      cur = it.next();
    }
  }

  private void appendFloat(long t, double v) {
    if (fTo == ft.length) {
      if (fFrom > 0) {
        System.arraycopy(ft, fFrom, ft, 0, fTo - fFrom);
        System.arraycopy(fv, fFrom, fv, 0, fTo - fFrom);
        fTo -= fFrom;
        fFrom = 0;
      }
      if (fTo == ft.length) {
        ft = Arrays.copyOf(ft, ft.length * 2);
        fv = Arrays.copyOf(fv, fv.length * 2);
      }
    }
    ft[fTo] = t;
    fv[fTo] = v;
    fTo++;
    ctx.addSamples(1);
  }

  private void appendHistogram(long t, FloatHistogram h) {
    if (hTo == ht.length) {
      if (hFrom > 0) {
        System.arraycopy(ht, hFrom, ht, 0, hTo - hFrom);
        System.arraycopy(hv, hFrom, hv, 0, hTo - hFrom);
        Arrays.fill(hv, hTo - hFrom, hTo, null);
        hTo -= hFrom;
        hFrom = 0;
      }
      if (hTo == ht.length) {
        ht = Arrays.copyOf(ht, ht.length * 2);
        hv = Arrays.copyOf(hv, hv.length * 2);
      }
    }
    ht[hTo] = t;
    hv[hTo] = h;
    hTo++;
    ctx.addSamples(1);
  }
}

package io.hearth.promql.planner;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.Arrays;

/**
 * One shard's partial of one output series of a pushed-down aggregation: per step, the raw state of
 * the aggregation rather than its final value, so that the coordinator's merge reproduces the
 * single-node result (including which steps produce no value and which annotations arise).
 *
 * <p>Meaning by operator: {@code sum}/{@code avg}: {@link #value} the Kahan sum (or the running mean
 * when {@link #INCREMENTAL_MEAN}), {@link #comp} its compensation, {@link #count} the number of
 * inputs, {@link #hist} the histogram sum (the mean when {@link #HISTOGRAM_MEAN}); {@code count}: {@link #count};
 * {@code min}/{@code max}: {@link #value}; {@code group}: nothing; {@code count_values}: {@link
 * #value} the count; {@code topk}/{@code bottomk}: one local winner series, {@link #value} or
 * {@link #hist} its sample.
 *
 * <p>{@link #labels} are the group's labels (the winner's own labels for topk/bottomk); {@link
 * #order} is the labels of the first input series of the group on this shard, which orders groups
 * as a single node's input order does. A mutable transfer object; not thread-safe.
 */
public final class PartialSeries {
  public static final int DROP_NAME = 1;
  public static final int HAS_FLOAT = 2;
  public static final int HAS_HIST = 4;
  public static final int INCOMPATIBLE = 8;
  public static final int RESET_SEEN = 16;
  public static final int NOT_RESET_SEEN = 32;
  public static final int INCREMENTAL_MEAN = 64;
  /** {@code avg}: {@link #hist} is the mean, not the sum (the sum would overflow). */
  public static final int HISTOGRAM_MEAN = 128;

  public final Labels labels;
  public final Labels order;
  public int n;
  public long[] t = new long[4];
  public int[] flags = new int[4];
  public double[] value = new double[4];
  public double[] comp = new double[4];
  public double[] count = new double[4];
  public FloatHistogram[] hist = new FloatHistogram[4];
  /** The compensation of {@link #hist} (null when zero): {@code hist} holds the running values only. */
  public FloatHistogram[] histComp = new FloatHistogram[4];

  public PartialSeries(Labels labels, Labels order) {
    this.labels = labels;
    this.order = order;
  }

  /** Appends the state at step {@code ts}; steps must ascend. */
  public void add(long ts, int flag, double v, double c, double cnt, FloatHistogram h) {
    add(ts, flag, v, c, cnt, h, null);
  }

  /** As above, with the compensation {@code hc} of the histogram {@code h} (null when none). */
  public void add(long ts, int flag, double v, double c, double cnt, FloatHistogram h, FloatHistogram hc) {
    if (n == t.length) {
      int cap = n * 2;
      t = Arrays.copyOf(t, cap);
      flags = Arrays.copyOf(flags, cap);
      value = Arrays.copyOf(value, cap);
      comp = Arrays.copyOf(comp, cap);
      count = Arrays.copyOf(count, cap);
      hist = Arrays.copyOf(hist, cap);
      histComp = Arrays.copyOf(histComp, cap);
    }
    t[n] = ts;
    flags[n] = flag;
    value[n] = v;
    comp[n] = c;
    count[n] = cnt;
    hist[n] = h;
    histComp[n] = hc;
    n++;
  }

  /** Whether {@code flag} is set at point {@code i}. */
  public boolean has(int i, int flag) {
    return (flags[i] & flag) != 0;
  }
}

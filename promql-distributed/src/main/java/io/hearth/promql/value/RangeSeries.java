package io.hearth.promql.value;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;

/**
 * One series of a matrix: float points and histogram points, each in ascending time order, held in
 * primitive arrays (only the first {@code floatCount} / {@code histogramCount} entries are valid).
 */
public final class RangeSeries {
  public final Labels labels;
  public long[] floatT;
  public double[] floatV;
  public int floatCount;
  public long[] histogramT;
  public FloatHistogram[] histogramV;
  public int histogramCount;

  public RangeSeries(Labels labels, long[] floatT, double[] floatV, int floatCount,
      long[] histogramT, FloatHistogram[] histogramV, int histogramCount) {
    this.labels = labels;
    this.floatT = floatT;
    this.floatV = floatV;
    this.floatCount = floatCount;
    this.histogramT = histogramT;
    this.histogramV = histogramV;
    this.histogramCount = histogramCount;
  }

  public static RangeSeries ofFloats(Labels labels, long[] t, double[] v, int n) {
    return new RangeSeries(labels, t, v, n, new long[0], new FloatHistogram[0], 0);
  }
}

package io.hearth.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.sharding.api.FloatHistogram;
import java.io.IOException;

/**
 * A native histogram in the Prometheus HTTP API form: {@code {"count":"..","sum":"..","buckets":
 * [[boundaryRule,"lower","upper","count"],...]}}, buckets ascending, empty buckets left out.
 * Boundary rules: 0 open left, 1 open right, 2 open both, 3 closed both (the zero bucket).
 */
final class HistogramJson {
  private HistogramJson() {}

  static void write(JsonGenerator g, FloatHistogram h) throws IOException {
    g.writeStartObject();
    g.writeStringField("count", PromJson.formatFloat(h.count));
    g.writeStringField("sum", PromJson.formatFloat(h.sum));
    g.writeFieldName("buckets");
    g.writeStartArray();
    // Negative buckets, from the most negative (highest index) up.
    writeSide(g, h, h.negativeSpans, h.negativeBuckets, true);
    if (h.zeroCount != 0) {
      g.writeStartArray();
      g.writeNumber(3);
      g.writeString(PromJson.formatFloat(-h.zeroThreshold));
      g.writeString(PromJson.formatFloat(h.zeroThreshold));
      g.writeString(PromJson.formatFloat(h.zeroCount));
      g.writeEndArray();
    }
    writeSide(g, h, h.positiveSpans, h.positiveBuckets, false);
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeSide(JsonGenerator g, FloatHistogram h, int[] spans, double[] counts, boolean negative) throws IOException {
    int n = counts.length;
    int[] idx = new int[n];
    int k = 0, index = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      index += spans[s];
      for (int j = 0; j < spans[s + 1] && k < n; j++) idx[k++] = index++;
    }
    if (negative) {
      for (int i = k - 1; i >= 0; i--) bucket(g, h, idx[i], counts[i], true);
    } else {
      for (int i = 0; i < k; i++) bucket(g, h, idx[i], counts[i], false);
    }
  }

  private static void bucket(JsonGenerator g, FloatHistogram h, int index, double count, boolean negative) throws IOException {
    if (count == 0) return;
    double lower, upper;
    if (h.usesCustomBuckets()) {
      lower = index == 0 ? Double.NEGATIVE_INFINITY : h.customValues[index - 1];
      upper = index < h.customValues.length ? h.customValues[index] : Double.POSITIVE_INFINITY;
    } else {
      lower = bound(index - 1, h.schema);
      upper = bound(index, h.schema);
    }
    int rule;
    if (negative) {
      double l = -upper;
      upper = -lower;
      lower = l;
      rule = 1; // [lower, upper) for negative buckets
    } else {
      rule = 0; // (lower, upper]
    }
    g.writeStartArray();
    g.writeNumber(rule);
    g.writeString(PromJson.formatFloat(lower));
    g.writeString(PromJson.formatFloat(upper));
    g.writeString(PromJson.formatFloat(count));
    g.writeEndArray();
  }

  /** Upper bound of bucket {@code index} for an exponential schema: 2^(index * 2^-schema). */
  static double bound(int index, int schema) {
    if (schema >= 0) {
      // (2^(2^-schema))^index, computed as in Prometheus via frexp-free power for exactness where possible.
      return Math.pow(2, index / Math.pow(2, schema));
    }
    return Math.pow(2, (double) index * (1L << -schema));
  }
}

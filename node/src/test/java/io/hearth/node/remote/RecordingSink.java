package io.hearth.node.remote;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.MetricType;
import java.util.ArrayList;
import java.util.List;

/** A {@link WriteSink} that keeps everything it is given, for assertions. */
final class RecordingSink implements WriteSink {
  static final class Series {
    final Labels labels;
    final List<Long> ts = new ArrayList<>();
    final List<Long> valueBits = new ArrayList<>();
    final List<Long> histTs = new ArrayList<>();
    final List<FloatHistogram> histograms = new ArrayList<>();
    final List<FloatHistogram> histogramInstances = new ArrayList<>();
    long created;

    Series(Labels labels) {
      this.labels = labels;
    }

    double value(int i) {
      return Double.longBitsToDouble(valueBits.get(i));
    }
  }

  record Meta(String family, MetricType type, String help, String unit) {}

  record Invalid(InvalidSeriesReason reason, String message, int samples, int histograms) {}

  final List<Series> series = new ArrayList<>();
  final List<Meta> metadata = new ArrayList<>();
  final List<Invalid> invalid = new ArrayList<>();
  final List<String> events = new ArrayList<>();

  private Series current() {
    return series.get(series.size() - 1);
  }

  @Override
  public void series(Labels labels) {
    series.add(new Series(labels));
    events.add("series " + labels);
  }

  @Override
  public void sample(long t, double v) {
    current().ts.add(t);
    current().valueBits.add(Double.doubleToRawLongBits(v));
    events.add("sample");
  }

  @Override
  public void histogram(long t, FloatHistogram h) {
    current().histTs.add(t);
    current().histograms.add(h.copy());
    current().histogramInstances.add(h);
    events.add("histogram");
  }

  @Override
  public void exemplar(Labels labels, double value, long timestamp) {
    events.add("exemplar " + labels + " " + value + " " + timestamp);
  }

  @Override
  public void createdTimestamp(long createdMs) {
    current().created = createdMs;
    events.add("created");
  }

  @Override
  public void metadata(String metricFamilyName, MetricType type, String help, String unit) {
    metadata.add(new Meta(metricFamilyName, type, help, unit));
    events.add("metadata");
  }

  @Override
  public void invalidSeries(InvalidSeriesReason reason, String message, int samples, int histograms) {
    invalid.add(new Invalid(reason, message, samples, histograms));
    events.add("invalid");
  }
}

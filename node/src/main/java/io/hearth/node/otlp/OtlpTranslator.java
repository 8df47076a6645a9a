package io.hearth.node.otlp;

import io.hearth.node.remote.DecodeOptions;
import io.hearth.node.remote.WriteSink;
import io.hearth.scrape.config.OtlpConfig;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.MetricType;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Translates an OTLP metrics request into Prometheus series, as Prometheus 3's OTLP endpoint does,
 * and delivers them to a {@link WriteSink}.
 *
 * <p>Per data point the labels are its attributes (sorted by key; keys that collide once
 * sanitised have their values joined with {@code ;}), then the promoted resource attributes not
 * already there, the scope labels when asked, {@code job} ({@code service.namespace/service.name})
 * and {@code instance} ({@code service.instance.id}), then the name. Gauges and sums are one
 * series (monotonic sums are counters named {@code _total}, others gauges); explicit-bucket
 * histograms are {@code _sum}, {@code _count} and cumulative {@code _bucket{le}} series with
 * {@code le="+Inf"} equal to the count; exponential histograms are native histograms; summaries
 * are {@code _sum}, {@code _count} and {@code {quantile}} series. A data point flagged "no recorded
 * value" becomes a staleness marker. Each resource with attributes besides the identifying ones
 * also gets {@code target_info} (value 1 from its earliest to its latest timestamp, every half
 * lookback), without the identifying attributes unless kept. Delta and unspecified temporality
 * are refused per metric with Prometheus's message.
 *
 * <p>Exemplars go with their series as {@link OtlpExemplars} says (sums, the {@code _bucket} whose
 * bucket holds the value, exponential histograms), after the series' sample. A data point's start
 * time, when set, is passed as every one of its series' created timestamp (gauges and summaries
 * too, not {@code target_info}), as Prometheus 3 hands it to its appender; whether it becomes a
 * zero sample is the sink's decision ({@code created-timestamp-zero-ingestion}).
 *
 * <p>One translator serves many requests: it is immutable and thread-safe; {@link #translate}
 * keeps no state between calls.
 */
public final class OtlpTranslator {
  static final int MAX_ERRORS = 8;
  private static final String SERVICE_NAME = "service.name";
  private static final String SERVICE_NAMESPACE = "service.namespace";
  private static final String SERVICE_INSTANCE_ID = "service.instance.id";
  private static final Set<String> IDENTIFYING = Set.of(SERVICE_NAMESPACE, SERVICE_NAME, SERVICE_INSTANCE_ID);

  private final OtlpConfig config;
  private final MetricNamer metricNamer;
  private final LabelNamer labelNamer;
  private final DecodeOptions.LabelLimits limits;
  private final long lookbackMs;

  /**
   * @param limits the bounds each series' labels must keep (as for remote write)
   * @param lookbackMs the query lookback; {@code target_info} gets a sample every half of it
   */
  public OtlpTranslator(OtlpConfig config, DecodeOptions.LabelLimits limits, long lookbackMs) {
    this.config = config;
    this.metricNamer = new MetricNamer(config.translationStrategy());
    this.labelNamer = new LabelNamer(config.translationStrategy().escapes());
    this.limits = limits;
    this.lookbackMs = lookbackMs > 0 ? lookbackMs : 300_000;
  }

  public OtlpConfig config() {
    return config;
  }

  /** Delivers every translatable data point to {@code sink}; returns what was left out and why. */
  public Translation translate(ExportMetricsServiceRequest req, WriteSink sink) {
    Run run = new Run(sink);
    for (ResourceMetrics rm : req.getResourceMetricsList()) run.resource(rm);
    return new Translation(run.rejected, new ArrayList<>(run.errors));
  }

  /** The state of one request's translation. */
  private final class Run {
    final WriteSink sink;
    final FloatHistogram histogram = new FloatHistogram();
    long rejected;
    final LinkedHashSet<String> errors = new LinkedHashSet<>();
    long earliestNanos;
    long latestNanos;
    /** The resource's labels for every series (promoted attributes, job, instance). */
    TreeMap<String, String> resourceLabels;
    TreeMap<String, String> scopeLabels;

    Run(WriteSink sink) {
      this.sink = sink;
    }

    void error(String message) {
      if (errors.size() < MAX_ERRORS) errors.add(message);
    }

    void resource(ResourceMetrics rm) {
      List<KeyValue> attrs = rm.getResource().getAttributesList();
      resourceLabels = new TreeMap<>();
      List<KeyValue> promoted = new ArrayList<>();
      for (KeyValue kv : attrs) {
        boolean promote = config.promoteAllResourceAttributes()
            ? !config.ignoreResourceAttributes().contains(kv.getKey())
            : config.promoteResourceAttributes().contains(kv.getKey());
        if (promote) promoted.add(kv);
      }
      addSorted(resourceLabels, promoted);
      String job = null;
      String namespace = null;
      String instance = null;
      for (KeyValue kv : attrs) {
        switch (kv.getKey()) {
          case SERVICE_NAME -> job = asString(kv.getValue());
          case SERVICE_NAMESPACE -> namespace = asString(kv.getValue());
          case SERVICE_INSTANCE_ID -> instance = asString(kv.getValue());
          default -> { }
        }
      }
      if (job != null) resourceLabels.put("job", namespace != null ? namespace + "/" + job : job);
      if (instance != null) resourceLabels.put("instance", instance);
      earliestNanos = Long.MAX_VALUE;
      latestNanos = Long.MIN_VALUE;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        scopeLabels = config.promoteScopeMetadata() && !sm.getScope().getName().isEmpty() ? scope(sm) : null;
        for (Metric m : sm.getMetricsList()) metric(m);
      }
      if (earliestNanos != Long.MAX_VALUE) targetInfo(attrs);
    }

    private TreeMap<String, String> scope(ScopeMetrics sm) {
      InstrumentationScope s = sm.getScope();
      TreeMap<String, String> l = new TreeMap<>();
      l.put("otel_scope_name", s.getName());
      l.put("otel_scope_version", s.getVersion());
      l.put("otel_scope_schema_url", sm.getSchemaUrl());
      for (KeyValue kv : s.getAttributesList()) {
        String n = labelNamer.build("otel_scope_" + kv.getKey());
        if (n != null) l.put(n, asString(kv.getValue()));
      }
      return l;
    }

    void metric(Metric m) {
      switch (m.getDataCase()) {
        case GAUGE -> {
          for (NumberDataPoint p : m.getGauge().getDataPointsList()) seen(p.getTimeUnixNano());
          numbers(m, m.getGauge().getDataPointsList(), MetricNamer.Kind.GAUGE, MetricType.GAUGE);
        }
        case SUM -> {
          for (NumberDataPoint p : m.getSum().getDataPointsList()) seen(p.getTimeUnixNano());
          if (!cumulative(m, m.getSum().getAggregationTemporality(), m.getSum().getDataPointsCount())) return;
          boolean mono = m.getSum().getIsMonotonic();
          numbers(m, m.getSum().getDataPointsList(), mono ? MetricNamer.Kind.MONOTONIC_COUNTER
              : MetricNamer.Kind.NON_MONOTONIC_COUNTER, mono ? MetricType.COUNTER : MetricType.GAUGE);
        }
        case HISTOGRAM -> {
          for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) seen(p.getTimeUnixNano());
          if (!cumulative(m, m.getHistogram().getAggregationTemporality(), m.getHistogram().getDataPointsCount())) return;
          histograms(m);
        }
        case EXPONENTIAL_HISTOGRAM -> {
          for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) seen(p.getTimeUnixNano());
          if (!cumulative(m, m.getExponentialHistogram().getAggregationTemporality(),
              m.getExponentialHistogram().getDataPointsCount())) return;
          exponentialHistograms(m);
        }
        case SUMMARY -> {
          for (SummaryDataPoint p : m.getSummary().getDataPointsList()) seen(p.getTimeUnixNano());
          summaries(m);
        }
        default -> error("unsupported metric type for metric " + quote(m.getName()));
      }
    }

    private void seen(long nanos) {
      earliestNanos = Math.min(earliestNanos, nanos);
      latestNanos = Math.max(latestNanos, nanos);
    }

    /** Cumulative temporality is the only one Prometheus 3 stores by default. */
    private boolean cumulative(Metric m, AggregationTemporality t, int points) {
      if (t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) return true;
      rejected += points;
      error("invalid temporality and type combination for metric " + quote(m.getName()));
      return false;
    }

    /** The family name, or null (reported, points counted) when the name escapes to nothing. */
    private String family(Metric m, MetricNamer.Kind kind, MetricType type, int points) {
      if (points == 0) {
        error("empty data points. " + m.getName() + " is dropped");
        return null;
      }
      String name = metricNamer.build(m.getName(), m.getUnit(), kind);
      if (name.isEmpty()) {
        rejected += points;
        error("normalization for metric " + quote(m.getName()) + " resulted in an empty or invalid name");
        return null;
      }
      sink.metadata(name, type, m.getDescription(), m.getUnit());
      return name;
    }

    private void numbers(Metric m, List<NumberDataPoint> points, MetricNamer.Kind kind, MetricType type) {
      String name = family(m, kind, type, points.size());
      if (name == null) return;
      for (NumberDataPoint p : points) {
        TreeMap<String, String> base = base(p.getAttributesList());
        if (base == null) continue;
        double v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
        if (stale(p.getFlags())) v = StaleNaN.VALUE;
        // Gauges carry no exemplars in Prometheus's translation; sums (monotonic or not) do.
        boolean stored = emit(base, name, null, null, p.getStartTimeUnixNano(), p.getTimeUnixNano(), v);
        if (stored && kind != MetricNamer.Kind.GAUGE) exemplars(OtlpExemplars.of(p.getExemplarsList()), -1, null);
      }
    }

    private void histograms(Metric m) {
      List<HistogramDataPoint> points = m.getHistogram().getDataPointsList();
      String name = family(m, MetricNamer.Kind.HISTOGRAM, MetricType.HISTOGRAM, points.size());
      if (name == null) return;
      for (HistogramDataPoint p : points) {
        TreeMap<String, String> base = base(p.getAttributesList());
        if (base == null) continue;
        boolean stale = stale(p.getFlags());
        long t = p.getTimeUnixNano();
        long st = p.getStartTimeUnixNano();
        if (p.hasSum()) emit(base, name + "_sum", null, null, st, t, stale ? StaleNaN.VALUE : p.getSum());
        emit(base, name + "_count", null, null, st, t, stale ? StaleNaN.VALUE : p.getCount());
        long cumulative = 0;
        int n = Math.min(p.getExplicitBoundsCount(), p.getBucketCountsCount());
        List<io.hearth.sharding.api.Exemplar> exemplars = OtlpExemplars.of(p.getExemplarsList());
        int[] bucketOf = new int[exemplars.size()];
        for (int e = 0; e < bucketOf.length; e++) bucketOf[e] = OtlpExemplars.bucketOf(exemplars.get(e).value(), p.getExplicitBoundsList(), n);
        for (int i = 0; i < n; i++) {
          cumulative += p.getBucketCounts(i);
          if (emit(base, name + "_bucket", "le", formatFloat(p.getExplicitBounds(i)), st, t, stale ? StaleNaN.VALUE : cumulative)) {
            exemplars(exemplars, i, bucketOf);
          }
        }
        if (emit(base, name + "_bucket", "le", "+Inf", st, t, stale ? StaleNaN.VALUE : p.getCount())) exemplars(exemplars, n, bucketOf);
      }
    }

    private void exponentialHistograms(Metric m) {
      List<ExponentialHistogramDataPoint> points = m.getExponentialHistogram().getDataPointsList();
      String name = family(m, MetricNamer.Kind.EXPONENTIAL_HISTOGRAM, MetricType.HISTOGRAM, points.size());
      if (name == null) return;
      for (ExponentialHistogramDataPoint p : points) {
        String refused = NativeHistograms.fill(p, histogram);
        if (refused != null) {
          rejected++;
          error(refused);
          continue;
        }
        if (stale(p.getFlags())) histogram.sum = StaleNaN.VALUE;
        TreeMap<String, String> base = base(p.getAttributesList());
        if (base == null) continue;
        Labels labels = labels(base, name, null, null);
        if (labels == null) continue;
        sink.series(labels);
        created(p.getStartTimeUnixNano());
        sink.histogram(p.getTimeUnixNano() / 1_000_000, histogram);
        exemplars(OtlpExemplars.of(p.getExemplarsList()), -1, null);
      }
    }

    private void summaries(Metric m) {
      List<SummaryDataPoint> points = m.getSummary().getDataPointsList();
      String name = family(m, MetricNamer.Kind.SUMMARY, MetricType.SUMMARY, points.size());
      if (name == null) return;
      for (SummaryDataPoint p : points) {
        TreeMap<String, String> base = base(p.getAttributesList());
        if (base == null) continue;
        boolean stale = stale(p.getFlags());
        long t = p.getTimeUnixNano();
        long st = p.getStartTimeUnixNano();
        emit(base, name + "_sum", null, null, st, t, stale ? StaleNaN.VALUE : p.getSum());
        emit(base, name + "_count", null, null, st, t, stale ? StaleNaN.VALUE : p.getCount());
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
          emit(base, name, "quantile", formatFloat(q.getQuantile()), st, t, stale ? StaleNaN.VALUE : q.getValue());
        }
      }
    }

    /** {@code target_info} for the resource, when it has more than its identifying attributes. */
    private void targetInfo(List<KeyValue> attrs) {
      List<KeyValue> rest = new ArrayList<>();
      boolean other = false;
      for (KeyValue kv : attrs) {
        boolean identifying = IDENTIFYING.contains(kv.getKey());
        if (!identifying) other = true;
        if (!identifying || config.keepIdentifyingResourceAttributes()) rest.add(kv);
      }
      if (!other) return;
      TreeMap<String, String> l = new TreeMap<>();
      if (!addSorted(l, rest)) return;
      if (resourceLabels.containsKey("job")) l.put("job", resourceLabels.get("job"));
      if (resourceLabels.containsKey("instance")) l.put("instance", resourceLabels.get("instance"));
      if (!l.containsKey("job") && !l.containsKey("instance")) return;
      Labels labels = labels(l, "target_info", null, null);
      if (labels == null) return;
      sink.series(labels);
      long from = earliestNanos / 1_000_000;
      long to = latestNanos / 1_000_000;
      long step = lookbackMs / 2;
      for (long t = from; t < to; t += step) sink.sample(t, 1);
      sink.sample(to, 1);
    }

    /** The data point's labels before the name, or null (counted, reported) when one is invalid. */
    private TreeMap<String, String> base(List<KeyValue> attrs) {
      TreeMap<String, String> l = new TreeMap<>();
      if (!addSorted(l, attrs)) {
        rejected++;
        return null;
      }
      resourceLabels.forEach(l::putIfAbsent);
      if (scopeLabels != null) l.putAll(scopeLabels);
      // job and instance come from the resource even over a data point's own attributes.
      if (resourceLabels.containsKey("job")) l.put("job", resourceLabels.get("job"));
      if (resourceLabels.containsKey("instance")) l.put("instance", resourceLabels.get("instance"));
      return l;
    }

    /**
     * Adds attributes sorted by key, keys sanitised; values of keys that collide are joined with
     * {@code ;} in key order. False (reported) when a key cannot be a label name.
     */
    private boolean addSorted(TreeMap<String, String> into, List<KeyValue> attrs) {
      List<KeyValue> sorted = new ArrayList<>(attrs);
      sorted.sort((a, b) -> a.getKey().compareTo(b.getKey()));
      TreeMap<String, String> own = new TreeMap<>();
      for (KeyValue kv : sorted) {
        String name = labelNamer.build(kv.getKey());
        if (name == null) {
          error("normalization for label name " + quote(kv.getKey()) + " resulted in an empty or invalid name");
          return false;
        }
        String v = asString(kv.getValue());
        own.merge(name, v, (a, b) -> a + ";" + b);
      }
      own.forEach(into::putIfAbsent);
      return true;
    }

    /**
     * Starts the series and delivers its sample (after its created timestamp, when {@code
     * startNanos} is set); false when the series broke a limit and was left out.
     */
    private boolean emit(TreeMap<String, String> base, String name, String extraName, String extraValue, long startNanos,
        long nanos, double v) {
      Labels labels = labels(base, name, extraName, extraValue);
      if (labels == null) return false;
      sink.series(labels);
      created(startNanos);
      sink.sample(nanos / 1_000_000, v);
      return true;
    }

    /** The current series' created timestamp: the data point's start time, when it has one. */
    private void created(long startNanos) {
      long ms = startNanos / 1_000_000;
      if (ms != 0) sink.createdTimestamp(ms);
    }

    /**
     * The exemplars of the current series: all of them ({@code bucketOf} null), or those whose
     * bucket is {@code bucket}.
     */
    private void exemplars(List<io.hearth.sharding.api.Exemplar> exemplars, int bucket, int[] bucketOf) {
      for (int i = 0; i < exemplars.size(); i++) {
        if (bucketOf != null && bucketOf[i] != bucket) continue;
        io.hearth.sharding.api.Exemplar e = exemplars.get(i);
        sink.exemplar(e.labels(), e.value(), e.timestamp());
      }
    }

    /** The series' labels, or null (counted, reported) when they break a limit. */
    private Labels labels(TreeMap<String, String> base, String name, String extraName, String extraValue) {
      Labels.Builder b = Labels.builder();
      base.forEach(b::set);
      if (extraName != null) b.set(extraName, extraValue);
      b.set(Labels.METRIC_NAME, name);
      Labels l = b.build();
      String broken = overLimit(l);
      if (broken != null) {
        rejected++;
        error(broken);
        return null;
      }
      return l;
    }

    private String overLimit(Labels l) {
      if (limits.maxLabels() > 0 && l.size() > limits.maxLabels()) {
        return "series " + l + " has " + l.size() + " labels, over the limit of " + limits.maxLabels();
      }
      String[] broken = new String[1];
      l.forEach((n, v) -> {
        if (broken[0] != null) return;
        if (limits.maxNameLength() > 0 && utf8Length(n) > limits.maxNameLength()) {
          broken[0] = "label name " + quote(n) + " is longer than the limit of " + limits.maxNameLength() + " bytes";
        } else if (limits.maxValueLength() > 0 && utf8Length(v) > limits.maxValueLength()) {
          broken[0] = "value of label " + quote(n) + " is longer than the limit of " + limits.maxValueLength() + " bytes";
        }
      });
      return broken[0];
    }
  }

  private static boolean stale(int flags) {
    return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String quote(String s) {
    return GoQuote.quote(s);
  }

  /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}: shortest digits, never an exponent. */
  static String formatFloat(double f) {
    if (Double.isNaN(f)) return "NaN";
    if (Double.isInfinite(f)) return f > 0 ? "+Inf" : "-Inf";
    if (f == 0) return (Double.doubleToRawLongBits(f) < 0) ? "-0" : "0";
    return new BigDecimal(Double.toString(f)).stripTrailingZeros().toPlainString();
  }

  /** An attribute value as Prometheus's translation renders it (pcommon {@code AsString}). */
  static String asString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> formatDouble(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(v);
      default -> "";
    };
  }

  private static String formatDouble(double d) {
    return Double.isFinite(d) ? formatFloat(d) : Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
  }

  private static String json(AnyValue v) {
    StringBuilder b = new StringBuilder();
    writeJson(v, b);
    return b.toString();
  }

  private static void writeJson(AnyValue v, StringBuilder b) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> jsonString(v.getStringValue(), b);
      case BOOL_VALUE -> b.append(v.getBoolValue());
      case INT_VALUE -> b.append(v.getIntValue());
      case DOUBLE_VALUE -> b.append(formatDouble(v.getDoubleValue()));
      case BYTES_VALUE -> jsonString(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()), b);
      case ARRAY_VALUE -> {
        b.append('[');
        for (int i = 0; i < v.getArrayValue().getValuesCount(); i++) {
          if (i > 0) b.append(',');
          writeJson(v.getArrayValue().getValues(i), b);
        }
        b.append(']');
      }
      case KVLIST_VALUE -> {
        b.append('{');
        List<KeyValue> kvs = new ArrayList<>(v.getKvlistValue().getValuesList());
        kvs.sort((x, y) -> x.getKey().compareTo(y.getKey()));
        for (int i = 0; i < kvs.size(); i++) {
          if (i > 0) b.append(',');
          jsonString(kvs.get(i).getKey(), b);
          b.append(':');
          writeJson(kvs.get(i).getValue(), b);
        }
        b.append('}');
      }
      default -> b.append("null");
    }
  }

  private static void jsonString(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    b.append('"');
  }
}

package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.HearthFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.sharding.testing.LoopbackPorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP exemplars end to end: the OpenTelemetry Java SDK, with the trace-based exemplar filter,
 * records measurements inside sampled spans (and some outside any span) on a counter, an
 * explicit-bucket histogram and an exponential histogram, and pushes them through its OTLP HTTP
 * exporter. {@code /api/v1/query_exemplars} must answer them as Prometheus 3's translation stores
 * them: {@code trace_id}/{@code span_id} in hex and the filtered attributes as labels, on the
 * counter's series, on the {@code _bucket} series whose bucket holds the value, and on the native
 * histogram series; none on {@code _sum}/{@code _count}, none for measurements outside a span.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OtlpExemplarIngestTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir static Path dir;
  static HearthFixture hearth;

  @BeforeAll
  static void start() throws Exception {
    hearth = HearthFixture.start(dir, "otlp-exemplars", LoopbackPorts.freePair(), List.of(), 1,
        "global:\n  scrape_interval: 15s\nstorage:\n  exemplars:\n    max_exemplars: 1000\n");
  }

  @AfterAll
  static void stop() {
    if (hearth != null) hearth.close();
  }

  /** Runs {@code r} inside a sampled span of trace {@link #TRACE} with span id {@code spanId}. */
  private static void inSpan(String spanId, Runnable r) {
    SpanContext sc = SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    try (Scope ignored = Span.wrap(sc).makeCurrent()) {
      r.run();
    }
  }

  /** The SDK's OTLP HTTP exporter, pushing to the node. */
  private static OtlpHttpMetricExporter otlpExporter() {
    return OtlpHttpMetricExporter.builder()
        .setEndpoint("http://127.0.0.1:" + hearth.port() + "/api/v1/otlp/v1/metrics").setTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * A meter provider of service {@code service} with the trace-based exemplar filter, exporting
   * through {@code exporter} only when flushed.
   */
  private static io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder pushingTo(
      io.opentelemetry.sdk.metrics.export.MetricExporter exporter, String service) {
    return SdkMeterProvider.builder()
        .setResource(io.opentelemetry.sdk.resources.Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
        .setExemplarFilter(ExemplarFilter.traceBased())
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build());
  }

  @Test
  void sdkExemplarsAreStoredOnTheSeriesPrometheusPutsThemOn() throws Exception {
    long before = System.currentTimeMillis();
    SdkMeterProvider provider = pushingTo(otlpExporter(), "shop")
        // Only region stays on the series: user.id becomes the exemplar's filtered attribute.
        .registerView(InstrumentSelector.builder().setName("orders.placed").build(),
            View.builder().setAttributeFilter(Set.of("region")).build())
        .registerView(InstrumentSelector.builder().setName("checkout.duration").build(),
            View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(0.1, 0.5, 1.0))).build())
        .registerView(InstrumentSelector.builder().setName("basket.size").build(),
            View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
        .build();
    try {
      Meter meter = provider.get("io.hearth.test");
      LongCounter orders = meter.counterBuilder("orders.placed").build();
      Attributes eu = Attributes.of(AttributeKey.stringKey("region"), "eu", AttributeKey.stringKey("user.id"), "u-7");
      inSpan("00f067aa0ba902b7", () -> orders.add(3, eu));
      orders.add(2, eu); // outside any span: counted, no exemplar
      DoubleHistogram duration = meter.histogramBuilder("checkout.duration").setUnit("s").build();
      inSpan("1111111111111111", () -> duration.record(0.05));
      inSpan("2222222222222222", () -> duration.record(0.3));
      duration.record(0.7); // outside any span
      inSpan("3333333333333333", () -> duration.record(2.0));
      DoubleHistogram basket = meter.histogramBuilder("basket.size").build();
      inSpan("4444444444444444", () -> basket.record(12));
      assertTrue(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess(), "the exporter's push was answered with success");
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    long after = System.currentTimeMillis();

    Map<String, JsonNode> counter = exemplarsBySeries("orders_placed_total", before, after);
    assertEquals(Set.of("orders_placed_total{job=\"shop\",region=\"eu\"}"), counter.keySet());
    JsonNode order = only(counter.values().iterator().next());
    assertEquals("{\"span_id\":\"00f067aa0ba902b7\",\"trace_id\":\"" + TRACE + "\",\"user.id\":\"u-7\"}", order.get("labels").toString());
    assertEquals("3", order.get("value").asText());
    long t = Math.round(order.get("timestamp").asDouble() * 1000);
    assertTrue(t >= before - 1 && t <= after, "exemplar time " + t + " is the measurement's, within [" + before + ", " + after + "]");

    Map<String, JsonNode> buckets = exemplarsBySeries("{__name__=~\"checkout_duration_seconds.*\"}", before, after);
    assertEquals(Set.of("checkout_duration_seconds_bucket{job=\"shop\",le=\"+Inf\"}",
        "checkout_duration_seconds_bucket{job=\"shop\",le=\"0.1\"}", "checkout_duration_seconds_bucket{job=\"shop\",le=\"0.5\"}"),
        buckets.keySet(), "bucket 1 holds only a measurement outside a span; _sum and _count carry none");
    assertSpanAndValue(buckets.get("checkout_duration_seconds_bucket{job=\"shop\",le=\"0.1\"}"), "1111111111111111", "0.05");
    assertSpanAndValue(buckets.get("checkout_duration_seconds_bucket{job=\"shop\",le=\"0.5\"}"), "2222222222222222", "0.3");
    assertSpanAndValue(buckets.get("checkout_duration_seconds_bucket{job=\"shop\",le=\"+Inf\"}"), "3333333333333333", "2");

    Map<String, JsonNode> nativeHistogram = exemplarsBySeries("basket_size", before, after);
    assertEquals(Set.of("basket_size{job=\"shop\"}"), nativeHistogram.keySet());
    assertSpanAndValue(nativeHistogram.get("basket_size{job=\"shop\"}"), "4444444444444444", "12");
  }

  /**
   * An exemplar whose time is 0 is stored as one without a timestamp, as Prometheus's OTLP
   * translation marks it; one recorded at a real time keeps its timestamp. The SDK stamps exemplars
   * with the system clock, so the exporter is given the counter's points with their exemplars moved
   * to time 0 (the SDK's own data types, serialized by its OTLP HTTP exporter).
   */
  @Test
  void exemplarAtTimeZeroHasNoTimestamp() throws Exception {
    long before = System.currentTimeMillis();
    SdkMeterProvider provider = pushingTo(new ExemplarsAtZero(otlpExporter(), "untimed.events"), "clockless").build();
    try {
      Meter meter = provider.get("io.hearth.test");
      LongCounter untimed = meter.counterBuilder("untimed.events").build();
      LongCounter timed = meter.counterBuilder("timed.events").build();
      inSpan("5555555555555555", () -> untimed.add(1));
      inSpan("6666666666666666", () -> timed.add(1));
      assertTrue(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess(), "the exporter's push was answered with success");
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    long after = System.currentTimeMillis();

    JsonNode shown = only(exemplarsBySeries("untimed_events_total", 0, after).get("untimed_events_total{job=\"clockless\"}"));
    assertEquals(0.0, shown.get("timestamp").asDouble(), "the API shows the exemplar at time 0");
    io.hearth.sharding.api.Exemplar untimedStored = stored("untimed_events_total", after);
    assertEquals(0, untimedStored.timestamp());
    assertTrue(!untimedStored.hasTimestamp(), "an exemplar at time 0 is stored as one without a timestamp");
    io.hearth.sharding.api.Exemplar timedStored = stored("timed_events_total", after);
    assertTrue(timedStored.hasTimestamp() && timedStored.timestamp() >= before - 1,
        "an exemplar at a real time keeps it: " + timedStored);
  }

  /** An exporter that hands its delegate the long sum {@code metric} with every exemplar's time set to 0. */
  private static final class ExemplarsAtZero implements io.opentelemetry.sdk.metrics.export.MetricExporter {
    private final io.opentelemetry.sdk.metrics.export.MetricExporter delegate;
    private final String metric;

    ExemplarsAtZero(io.opentelemetry.sdk.metrics.export.MetricExporter delegate, String metric) {
      this.delegate = delegate;
      this.metric = metric;
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.metrics.data.MetricData> metrics) {
      List<io.opentelemetry.sdk.metrics.data.MetricData> out = new ArrayList<>();
      for (io.opentelemetry.sdk.metrics.data.MetricData m : metrics) {
        if (!m.getName().equals(metric)) {
          out.add(m);
          continue;
        }
        List<io.opentelemetry.sdk.metrics.data.LongPointData> points = new ArrayList<>();
        for (io.opentelemetry.sdk.metrics.data.LongPointData p : m.getLongSumData().getPoints()) {
          List<io.opentelemetry.sdk.metrics.data.LongExemplarData> zeroed = new ArrayList<>();
          for (io.opentelemetry.sdk.metrics.data.LongExemplarData e : p.getExemplars()) {
            zeroed.add(io.opentelemetry.sdk.metrics.data.LongExemplarData.create(e.getFilteredAttributes(), 0, e.getSpanContext(), e.getValue()));
          }
          points.add(io.opentelemetry.sdk.metrics.internal.data.ImmutableLongPointData.create(
              p.getStartEpochNanos(), p.getEpochNanos(), p.getAttributes(), p.getValue(), zeroed));
        }
        io.opentelemetry.sdk.metrics.data.SumData<io.opentelemetry.sdk.metrics.data.LongPointData> sum = m.getLongSumData();
        out.add(io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData.createLongSum(m.getResource(), m.getInstrumentationScopeInfo(),
            m.getName(), m.getDescription(), m.getUnit(),
            io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData.create(sum.isMonotonic(), sum.getAggregationTemporality(), points)));
      }
      return delegate.export(out);
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public io.opentelemetry.sdk.metrics.data.AggregationTemporality getAggregationTemporality(io.opentelemetry.sdk.metrics.InstrumentType type) {
      return delegate.getAggregationTemporality(type);
    }
  }

  /** The one exemplar of the series named {@code name} in the node's store. */
  private static io.hearth.sharding.api.Exemplar stored(String name, long toMs) {
    List<io.hearth.sharding.exemplar.ExemplarSeries> found = hearth.node().exemplars()
        .select(0, toMs + 1000, List.of(List.of(io.hearth.sharding.api.Matcher.eq("__name__", name))));
    assertEquals(1, found.size(), found.toString());
    assertEquals(1, found.get(0).exemplars().size(), found.toString());
    return found.get(0).exemplars().get(0);
  }

  private static void assertSpanAndValue(JsonNode exemplars, String spanId, String value) {
    JsonNode e = only(exemplars);
    assertEquals("{\"span_id\":\"" + spanId + "\",\"trace_id\":\"" + TRACE + "\"}", e.get("labels").toString());
    assertEquals(value, e.get("value").asText());
  }

  private static JsonNode only(JsonNode exemplars) {
    assertEquals(1, exemplars.size(), exemplars.toString());
    return exemplars.get(0);
  }

  /** {@code /api/v1/query_exemplars} over [from, to]: each series (as {@code name{labels}}) to its exemplars. */
  private static Map<String, JsonNode> exemplarsBySeries(String query, long fromMs, long toMs) {
    PromApiClient.Reply r = hearth.api().get("/api/v1/query_exemplars", List.of(Map.entry("query", query),
        Map.entry("start", PromApiClient.time(fromMs - 1000)), Map.entry("end", PromApiClient.time(toMs + 1000))));
    assertEquals(200, r.status(), r.body());
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode s : r.json().get("data")) {
      TreeMap<String, String> labels = new TreeMap<>();
      s.get("seriesLabels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
      String name = labels.remove("__name__");
      List<String> pairs = new ArrayList<>();
      labels.forEach((k, v) -> pairs.add(k + "=\"" + v + "\""));
      out.put(name + "{" + String.join(",", pairs) + "}", s.get("exemplars"));
    }
    return out;
  }
}

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
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP start times with {@code --enable-feature=created-timestamp-zero-ingestion}: the OpenTelemetry
 * Java SDK (on a clock the test moves) starts its instruments at T0 and reports cumulative points
 * at T0 + 60 s with start time T0; each series then holds a zero sample at T0 before its value, as
 * Prometheus 3's OTLP handler appends the start time as a zero sample for every series of a data
 * point (counters, each classic histogram series, native histograms as an empty histogram, and
 * gauges too). A start time equal to the point's time adds nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OtlpCreatedTimestampTest {
  /** Whole seconds, ten minutes back: inside the head's bounds, apart from the wall clock. */
  static final long T0 = (System.currentTimeMillis() - 600_000) / 1000 * 1000;
  static final long T1 = T0 + 60_000;

  @TempDir static Path dir;
  static HearthFixture hearth;

  @BeforeAll
  static void start() throws Exception {
    hearth = HearthFixture.start(dir, "otlp-created", LoopbackPorts.freePair(), List.of(), 1,
        "global:\n  scrape_interval: 15s\n", Map.of("enable-feature", "created-timestamp-zero-ingestion"));
  }

  @AfterAll
  static void stop() {
    if (hearth != null) hearth.close();
  }

  /** A clock that stands still until the test moves it. */
  private static final class ManualClock implements Clock {
    final AtomicLong nanos = new AtomicLong();

    @Override
    public long now() {
      return nanos.get();
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }
  }

  /**
   * Builds an SDK meter provider for resource {@code service.name=service} on {@code clock} (with
   * {@code views}), lets {@code record} use its meter, and pushes once to the node.
   */
  private static void push(ManualClock clock, String service, java.util.function.UnaryOperator<SdkMeterProviderBuilder> views,
      java.util.function.Consumer<Meter> record) {
    OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
        .setEndpoint("http://127.0.0.1:" + hearth.port() + "/api/v1/otlp/v1/metrics").setTimeout(Duration.ofSeconds(10)).build();
    SdkMeterProvider provider = views.apply(SdkMeterProvider.builder().setClock(clock)
        .setResource(io.opentelemetry.sdk.resources.Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())).build();
    try {
      record.accept(provider.get("io.hearth.test"));
      assertTrue(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess(), "the exporter's push was answered with success");
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void startTimeBecomesAZeroSampleBeforeEverySeriesOfTheDataPoint() {
    ManualClock clock = new ManualClock();
    clock.nanos.set(T0 * 1_000_000);
    push(clock, "ct", b -> b
        .registerView(InstrumentSelector.builder().setName("checkout.duration").build(),
            View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(0.1, 0.5))).build())
        .registerView(InstrumentSelector.builder().setName("basket.size").build(),
            View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build()), meter -> {
          meter.counterBuilder("orders").build().add(5);
          DoubleHistogram duration = meter.histogramBuilder("checkout.duration").setUnit("s").build();
          duration.record(0.3);
          meter.histogramBuilder("basket.size").build().record(12);
          meter.gaugeBuilder("temperature").build().set(7);
          clock.nanos.set(T1 * 1_000_000);
        });

    assertEquals(List.of(List.of(T0, 0.0), List.of(T1, 5.0)), samples("orders_total"));
    assertEquals(5.0, value("increase(orders_total[2m])", T1), "the whole increase of a fresh counter");
    assertEquals(List.of(List.of(T0, 0.0), List.of(T1, 0.0)), samples("checkout_duration_seconds_bucket{le=\"0.1\"}"));
    assertEquals(List.of(List.of(T0, 0.0), List.of(T1, 1.0)), samples("checkout_duration_seconds_bucket{le=\"0.5\"}"));
    assertEquals(List.of(List.of(T0, 0.0), List.of(T1, 1.0)), samples("checkout_duration_seconds_bucket{le=\"+Inf\"}"));
    assertEquals(List.of(List.of(T0, 0.0), List.of(T1, 1.0)), samples("checkout_duration_seconds_count"));
    assertEquals(List.of(List.of(T0, 0.0), List.of(T1, 0.3)), samples("checkout_duration_seconds_sum"));
    assertEquals(0.0, value("histogram_count(basket_size)", T0), "an empty native histogram at the start time");
    assertEquals(1.0, value("histogram_count(basket_size)", T1));
    assertEquals(List.of(List.of(T0, 0.0), List.of(T1, 7.0)), samples("temperature"),
        "Prometheus 3 hands a gauge's start time to its appender as any other");
  }

  @Test
  void startTimeEqualToThePointTimeAddsNothing() {
    ManualClock clock = new ManualClock();
    clock.nanos.set(T1 * 1_000_000);
    push(clock, "ct-same", b -> b, meter -> meter.counterBuilder("unknown.start").build().add(4));
    assertEquals(List.of(List.of(T1, 4.0)), samples("unknown_start_total"));
  }

  /** The raw samples of the one series {@code selector} selects in the hour before T1 + 1 s, as [t ms, value]. */
  private static List<List<Object>> samples(String selector) {
    JsonNode result = query(selector + "[1h]", T1 + 1000);
    assertEquals(1, result.size(), selector + " selects " + result);
    List<List<Object>> out = new ArrayList<>();
    for (JsonNode v : result.get(0).get("values")) out.add(List.of(Math.round(v.get(0).asDouble() * 1000), v.get(1).asDouble()));
    return out;
  }

  private static double value(String expr, long atMs) {
    JsonNode result = query(expr, atMs);
    assertEquals(1, result.size(), expr + " -> " + result);
    return result.get(0).get("value").get(1).asDouble();
  }

  private static JsonNode query(String expr, long atMs) {
    PromApiClient.Reply r = hearth.api().get("/api/v1/query", List.of(Map.entry("query", expr), Map.entry("time", PromApiClient.time(atMs))));
    assertEquals(200, r.status(), r.body());
    return r.json().get("data").get("result");
  }
}

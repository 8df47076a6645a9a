package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP ingest end to end: the OpenTelemetry Java SDK's HTTP/protobuf exporter pushes a counter, an
 * up-down counter, a gauge, an explicit-bucket histogram and an exponential histogram to a running
 * node, and {@code /api/v1/series}, {@code /api/v1/query} and {@code /api/v1/metadata} show the
 * series, labels and values Prometheus 3's translation gives. Bad input (garbage, a gzip bomb, an
 * unknown content type, delta temporality) gets a clear answer and stores nothing.
 */
@Timeout(120)
class OtlpIngestTest {
  @TempDir static Path dir;
  static HearthNode node;
  static String base;
  static PromApiClient api;
  static final String OTLP = "/api/v1/otlp/v1/metrics";

  @BeforeAll
  static void start() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 15s
        otlp:
          promote_resource_attributes: [deployment.environment]
        """);
    node = io.hearth.node.it.TestNodeConfig.of(dir, "otlp").configFile(config).start();
    base = "http://127.0.0.1:" + node.address().getPort();
    api = new PromApiClient(URI.create(base), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void sdkInstrumentsArriveWithPrometheusNamesLabelsAndValues() throws Exception {
    OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder().setEndpoint(base + OTLP)
        .setTimeout(Duration.ofSeconds(10)).build();
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .setResource(io.opentelemetry.sdk.resources.Resource.getDefault().merge(io.opentelemetry.sdk.resources.Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "checkout", AttributeKey.stringKey("service.namespace"), "shop",
                AttributeKey.stringKey("service.instance.id"), "i-1", AttributeKey.stringKey("deployment.environment"), "test"))))
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
        .registerView(InstrumentSelector.builder().setName("http.server.duration").build(),
            View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(0.1, 0.5, 1.0))).build())
        .registerView(InstrumentSelector.builder().setName("payload.size").build(),
            View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
        .build();
    try {
      Meter meter = provider.get("io.hearth.test");
      LongCounter requests = meter.counterBuilder("http.requests").setUnit("{request}").setDescription("Requests served").build();
      requests.add(5, Attributes.of(AttributeKey.stringKey("http.method"), "GET"));
      LongUpDownCounter queue = meter.upDownCounterBuilder("queue.length").build();
      queue.add(7);
      queue.add(-2);
      DoubleGauge cpu = meter.gaugeBuilder("cpu.utilization").setUnit("1").build();
      cpu.set(0.25);
      DoubleHistogram duration = meter.histogramBuilder("http.server.duration").setUnit("s").build();
      for (double v : new double[] {0.05, 0.3, 0.7, 2.0}) duration.record(v);
      DoubleHistogram payload = meter.histogramBuilder("payload.size").setUnit("By").build();
      for (double v : new double[] {100, 200, 300}) payload.record(v);
      CompletableResultCode flushed = provider.forceFlush().join(20, TimeUnit.SECONDS);
      assertTrue(flushed.isSuccess(), "the exporter's push was answered with success");
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    // The SDK also reports its own otel.sdk.* instruments; those are not this test's instruments.
    JsonNode series = get("/api/v1/series?match[]=" + enc("{job=\"shop/checkout\",__name__!~\"otel_sdk_.*\"}")).path("data");
    TreeSet<String> names = new TreeSet<>();
    for (JsonNode s : series) names.add(s.path("__name__").asText());
    assertEquals(new TreeSet<>(List.of("cpu_utilization_ratio", "http_requests_total", "http_server_duration_seconds_bucket",
        "http_server_duration_seconds_count", "http_server_duration_seconds_sum", "payload_size_bytes", "queue_length",
        "target_info")), names);

    JsonNode counter = only("http_requests_total");
    assertEquals("GET", counter.path("metric").path("http_method").asText());
    assertEquals("i-1", counter.path("metric").path("instance").asText());
    assertEquals("test", counter.path("metric").path("deployment_environment").asText(), "promoted resource attribute");
    assertFalse(counter.path("metric").has("otel_scope_name"), "no scope labels unless promote_scope_metadata");
    assertFalse(counter.path("metric").has("service_name"), "service.name becomes job only");
    assertEquals("5", counter.path("value").get(1).asText());
    assertEquals("5", only("queue_length").path("value").get(1).asText());
    assertEquals("0.25", only("cpu_utilization_ratio").path("value").get(1).asText());

    assertEquals("1", only("http_server_duration_seconds_bucket{le=\"0.1\"}").path("value").get(1).asText());
    assertEquals("2", only("http_server_duration_seconds_bucket{le=\"0.5\"}").path("value").get(1).asText());
    assertEquals("3", only("http_server_duration_seconds_bucket{le=\"1\"}").path("value").get(1).asText());
    assertEquals("4", only("http_server_duration_seconds_bucket{le=\"+Inf\"}").path("value").get(1).asText());
    assertEquals("4", only("http_server_duration_seconds_count").path("value").get(1).asText());
    assertEquals(3.05, only("http_server_duration_seconds_sum").path("value").get(1).asDouble(), 1e-9);

    assertEquals("3", only("histogram_count(payload_size_bytes)").path("value").get(1).asText());
    assertEquals("600", only("histogram_sum(payload_size_bytes)").path("value").get(1).asText());
    assertTrue(only("payload_size_bytes").has("histogram"), "an exponential histogram is a native histogram");

    JsonNode info = only("target_info").path("metric");
    assertEquals("java", info.path("telemetry_sdk_language").asText());
    assertEquals("test", info.path("deployment_environment").asText());
    assertFalse(info.has("service_name"), "identifying attributes are job and instance on target_info");

    JsonNode meta = get("/api/v1/metadata?metric=http_requests_total").path("data").path("http_requests_total").get(0);
    assertEquals("counter", meta.path("type").asText());
    assertEquals("Requests served", meta.path("help").asText());
  }

  @Test
  void jsonBodyIsAcceptedAndAnsweredInJson() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000;
    String body = """
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
          "scopeMetrics":[{"metrics":[{"name":"json.temperature","unit":"Cel","gauge":{"dataPoints":[
            {"timeUnixNano":"%d","asDouble":21.5}]}}]}]}]}
        """.formatted(now);
    PromApiClient.Reply r = post(body.getBytes(StandardCharsets.UTF_8), "application/json", null);
    assertEquals(200, r.status(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("21.5", only("json_temperature_celsius{job=\"json-svc\"}").path("value").get(1).asText());
  }

  @Test
  void garbageBodyGets400NamingTheDecodeError() throws Exception {
    // Field 1, length-delimited, announcing far more bytes than follow.
    PromApiClient.Reply r = post(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2}, "application/x-protobuf", null);
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("invalid OTLP protobuf metrics request"), r.body());
    PromApiClient.Reply j = post("{not json".getBytes(StandardCharsets.UTF_8), "application/json", null);
    assertEquals(400, j.status(), j.body());
    PromApiClient.Reply z = post(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}, "application/x-protobuf", "gzip");
    assertEquals(400, z.status(), z.body());
    assertTrue(z.body().contains("gzip"), z.body());
  }

  @Test
  void gzipBombIsRefusedWith413BeforeItInflates() throws Exception {
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) gz.write(zeros); // 256 MiB of zeros, about 250 KiB on the wire
    }
    long t0 = System.nanoTime();
    PromApiClient.Reply r = post(bomb.toByteArray(), "application/x-protobuf", "gzip");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(413, r.status(), r.body());
    assertTrue(r.body().contains("limit of " + OtlpApi.MAX_DECODED_BYTES), r.body());
    assertTrue(ms < 10_000, "answered in " + ms + " ms");
    assertEquals(200, api.send("GET", "/-/healthy", null).status());
  }

  @Test
  void unknownContentTypeGets415() throws Exception {
    PromApiClient.Reply r = post("hello".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertEquals(415, r.status(), r.body());
    assertTrue(r.body().contains("unsupported content type: text/plain"), r.body());
  }

  @Test
  void deltaTemporalityIsRefusedAsPartialSuccessWithPrometheusMessage() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000;
    Metric delta = Metric.newBuilder().setName("delta.requests").setSum(Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsInt(3))
        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now + 1_000_000).setAsInt(4))).build();
    Metric kept = Metric.newBuilder().setName("cumulative.requests").setSum(Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsInt(9))).build();
    ExportMetricsServiceRequest req = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue("delta-svc"))))
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(delta).addMetrics(kept))).build();
    PromApiClient.BinaryReply r = api.sendBinary("POST", OTLP, req.toByteArray(), "Content-Type", "application/x-protobuf");
    assertEquals(200, r.status());
    ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(r.bytes());
    assertEquals(2, answer.getPartialSuccess().getRejectedDataPoints());
    assertEquals("invalid temporality and type combination for metric \"delta.requests\"",
        answer.getPartialSuccess().getErrorMessage());
    assertEquals(0, get("/api/v1/series?match[]=" + enc("delta_requests_total")).path("data").size());
    assertEquals("9", only("cumulative_requests_total{job=\"delta-svc\"}").path("value").get(1).asText());
  }

  @Test
  void startTimeAddsNoZeroSampleWithoutTheCreatedTimestampFeature() throws Exception {
    long t = (System.currentTimeMillis() - 60_000) / 1000 * 1000;
    Metric counter = Metric.newBuilder().setName("started.requests").setSum(Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano((t - 30_000) * 1_000_000).setTimeUnixNano(t * 1_000_000)
            .setAsInt(6))).build();
    ExportMetricsServiceRequest req = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue("start-svc"))))
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(counter))).build();
    assertEquals(200, post(req.toByteArray(), "application/x-protobuf", null).status());
    JsonNode range = only("started_requests_total[5m]");
    assertEquals(1, range.path("values").size(), "only the data point's own sample: " + range);
    assertEquals(t, Math.round(range.path("values").get(0).get(0).asDouble() * 1000));
  }

  static PromApiClient.Reply post(byte[] body, String contentType, String encoding) {
    return encoding == null ? api.post(OTLP, body, "Content-Type", contentType)
        : api.post(OTLP, body, "Content-Type", contentType, "Content-Encoding", encoding);
  }

  static JsonNode get(String pathAndQuery) {
    PromApiClient.Reply r = api.send("GET", pathAndQuery, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** The one sample of an instant query at now. */
  static JsonNode only(String q) throws Exception {
    JsonNode result = get("/api/v1/query?query=" + enc(q)).path("data").path("result");
    assertEquals(1, result.size(), q + " -> " + result);
    return result.get(0);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

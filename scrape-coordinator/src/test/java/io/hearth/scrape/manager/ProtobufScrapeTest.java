package io.hearth.scrape.manager;

import static io.hearth.scrape.textparse.ProtoBody.bucket;
import static io.hearth.scrape.textparse.ProtoBody.delimited;
import static io.hearth.scrape.textparse.ProtoBody.family;
import static io.hearth.scrape.textparse.ProtoBody.metric;
import static io.hearth.scrape.textparse.ProtoBody.msg;
import static io.hearth.scrape.textparse.ProtoBody.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.loop.RecordingAppendable;
import io.hearth.scrape.loop.RecordingAppendable.HistogramSample;
import io.hearth.scrape.loop.RecordingAppendable.Sample;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.loop.TargetHealth;
import io.hearth.scrape.loop.TestTarget;
import io.hearth.scrape.textparse.ProtoBody;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real ScrapeManager scraping a protobuf exposition served over HTTP on 127.0.0.1. */
class ProtobufScrapeTest {
  private static final long TS = System.currentTimeMillis() - 60_000;
  private TestTarget target;
  private final RecordingAppendable storage = new RecordingAppendable();
  private ScrapeManager mgr;

  @BeforeEach
  void setUp() throws Exception {
    target = new TestTarget();
    target.contentType = ProtoBody.CONTENT_TYPE;
    target.bytes = body();
    mgr = new ScrapeManager(storage, ScrapeManager.Options.defaults().withFilePollInterval(Duration.ofMillis(50)));
  }

  @AfterEach
  void tearDown() {
    mgr.stop(false);
    target.close();
  }

  private static byte[] body() {
    ProtoBody nh = msg().varint(1, 4).dbl(2, 3.5).sint(5, 0).dbl(6, 0.01).varint(7, 1)
        .msg(12, span(0, 2)).sint(13, 1).sint(13, 1);
    return delimited(
        family("req_total", "Requests.", ProtoBody.COUNTER,
            metric("code", "200", "path", "/a\"b").counter(7), metric("code", "500").counter(1).timestampMs(TS)),
        family("temp", "", ProtoBody.GAUGE, metric().gauge(Double.NEGATIVE_INFINITY)),
        family("lat", "Latency.", ProtoBody.SUMMARY, metric().summary(3, 0.6, 0.5, 0.2)),
        family("size", "Sizes.", ProtoBody.HISTOGRAM,
            metric().histogram(msg().varint(1, 2).dbl(2, 10).msg(3, bucket(5, 1)))),
        family("nh", "Native.", ProtoBody.HISTOGRAM, metric("k", "v").histogram(nh)));
  }

  private void apply(String extra) {
    mgr.apply(ConfigLoader.parse("""
        global:
          scrape_interval: 100ms
          scrape_timeout: 100ms
        scrape_configs:
          - job_name: pb
            scrape_protocols: [PrometheusProto]
        %s
            static_configs: [{targets: ['%s']}]
        """.formatted(extra, target.address())));
  }

  private Labels series(String... nameAndLabels) {
    Labels.Builder b = Labels.builder().set("__name__", nameAndLabels[0]);
    for (int k = 1; k < nameAndLabels.length; k += 2) b.set(nameAndLabels[k], nameAndLabels[k + 1]);
    return b.set("job", "pb").set("instance", target.address()).build();
  }

  private static void await(BooleanSupplier cond, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void protobufExpositionLandsInStorage() throws Exception {
    apply("");
    await(() -> storage.latest(series("up")) != null, "a scrape");
    assertEquals("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
        + "*/*;q=0.5", target.lastHeaders.get("accept"));
    ScrapeTarget t = mgr.activeTargets().get(0);
    assertEquals(TargetHealth.UP, t.health(), t.lastError());
    assertEquals(1.0, storage.latest(series("up")).v());
    assertEquals(7.0, storage.latest(series("req_total", "code", "200", "path", "/a\"b")).v());
    Sample explicit = storage.latest(series("req_total", "code", "500"));
    assertEquals(TS, explicit.t(), "timestamp_ms is honoured");
    assertEquals(Double.NEGATIVE_INFINITY, storage.latest(series("temp")).v());
    assertEquals(3.0, storage.latest(series("lat_count")).v());
    assertEquals(0.6, storage.latest(series("lat_sum")).v());
    assertEquals(0.2, storage.latest(series("lat", "quantile", "0.5")).v());
    assertEquals(2.0, storage.latest(series("size_count")).v());
    assertEquals(1.0, storage.latest(series("size_bucket", "le", "5.0")).v());
    assertEquals(2.0, storage.latest(series("size_bucket", "le", "+Inf")).v());
    // native histograms are not scraped by default: nh is read as a classic histogram
    assertEquals(4.0, storage.latest(series("nh_count", "k", "v")).v());
    assertEquals(4.0, storage.latest(series("nh_bucket", "k", "v", "le", "+Inf")).v());
    assertTrue(storage.histograms().isEmpty());
    Sample scraped = storage.latest(series("scrape_samples_scraped"));
    assertEquals(13.0, scraped.v(), "2 counters, 1 gauge, 3 summary, 3 classic and 3 nh classic series... " + scraped);
  }

  @Test
  void nativeHistogramsAreStoredWhenScraped() throws Exception {
    apply("    scrape_native_histograms: true\n");
    await(() -> !storage.histograms().isEmpty(), "a native histogram");
    HistogramSample h = storage.histograms().get(0);
    assertEquals(series("nh", "k", "v"), h.labels());
    FloatHistogram e = new FloatHistogram();
    e.count = 4;
    e.sum = 3.5;
    e.zeroThreshold = 0.01;
    e.zeroCount = 1;
    e.positiveSpans = new int[] {0, 2};
    e.positiveBuckets = new double[] {1, 2};
    assertEquals(e, h.h());
    assertEquals(null, storage.latest(series("nh_count", "k", "v")), "no classic series unless kept");
    assertEquals(2.0, storage.latest(series("size_count")).v(), "histograms without native data stay classic");
    await(() -> storage.latest(series("scrape_samples_scraped")) != null, "report");
    assertEquals(11.0, storage.latest(series("scrape_samples_scraped")).v());
  }

  @Test
  void aMalformedBodyMarksTheTargetDownAndStoresNothingOfThatScrape() throws Exception {
    apply("");
    await(() -> storage.latest(series("temp")) != null, "a good scrape");
    byte[] good = body();
    target.bytes = java.util.Arrays.copyOf(good, good.length - 5);
    ScrapeTarget t = mgr.activeTargets().get(0);
    await(() -> t.health() == TargetHealth.DOWN, "target down");
    assertTrue(t.lastError().startsWith("protobufparse: insufficient length of buffer"), t.lastError());
    await(() -> {
      Sample up = storage.latest(series("up"));
      return up != null && up.v() == 0.0;
    }, "up 0");
    long failedAt = storage.latest(series("up")).t();
    List<Sample> atFailure = storage.samples().stream().filter(s -> s.t() == failedAt).toList();
    for (Sample s : atFailure) {
      String name = s.labels().metricName();
      assertTrue(s.stale() || name.equals("up") || name.startsWith("scrape_"), "only markers and report series: " + s);
    }
    assertTrue(storage.latest(series("temp")).stale(), "the previous scrape's series are marked stale");
  }
}

package io.hearth.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.config.HttpClientConfig;
import io.hearth.scrape.config.ScrapeProtocol;
import io.hearth.scrape.loop.RecordingAppendable.Sample;
import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.scrape.relabel.RelabelConfig;
import io.hearth.scrape.textparse.ContentNegotiation;
import io.hearth.sharding.api.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScrapeLoopTest {
  private TestTarget server;
  private final RecordingAppendable storage = new RecordingAppendable();
  private ScrapeTarget target;

  @BeforeEach
  void setUp() throws Exception {
    server = new TestTarget();
    target = new ScrapeTarget("job1", Labels.of("__address__", server.address(), "__scheme__", "http",
        "__metrics_path__", "/metrics", "job", "job1", "instance", server.address(), "__param_x", "y"),
        Labels.of("__address__", server.address()), Map.of());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private ScrapeLoop loop(LoopOptions opts) {
    String accept = ContentNegotiation.acceptHeader(ScrapeProtocol.DEFAULT, "allow-utf-8");
    HttpScraper s = new HttpScraper(HttpScraper.newClient(HttpClientConfig.DEFAULT), HttpClientConfig.DEFAULT,
        target.url(), opts.timeout(), accept, true, 1000);
    return new ScrapeLoop(target, s, storage, opts, null);
  }

  private static LoopOptions opts(boolean honorLabels, long sampleLimit, List<RelabelConfig> mrc) {
    return new LoopOptions(Duration.ofSeconds(10), Duration.ofSeconds(5), honorLabels, true, false, sampleLimit, 0, 0,
        0, mrc, NameValidationScheme.UTF8, null);
  }

  private static LoopOptions defaults() {
    return opts(false, 0, List.of());
  }

  private Labels series(String name, String... extra) {
    Labels.Builder b = Labels.builder().set("__name__", name).set("job", "job1").set("instance", server.address());
    for (int i = 0; i < extra.length; i += 2) b.set(extra[i], extra[i + 1]);
    return b.build();
  }

  private double value(String name, long t) {
    for (Sample s : storage.samples(name)) {
      if (s.t() == t) return s.v();
    }
    throw new AssertionError("no " + name + " at " + t + " in " + storage.samples());
  }

  @Test
  void scrapeWritesSamplesWithTargetLabelsAndTheAutomaticSeries() {
    server.body = "# TYPE a counter\na_total 1\nb{x=\"y\"} 2\n";
    loop(defaults()).scrapeAndReport(1000);
    assertEquals(new Sample(series("a_total"), 1000, 1), storage.latest(series("a_total")));
    assertEquals(new Sample(series("b", "x", "y"), 1000, 2), storage.latest(series("b", "x", "y")));
    assertEquals(1, value("up", 1000));
    assertEquals(2, value("scrape_samples_scraped", 1000));
    assertEquals(2, value("scrape_samples_post_metric_relabeling", 1000));
    assertEquals(2, value("scrape_series_added", 1000));
    assertTrue(value("scrape_duration_seconds", 1000) > 0);
    assertEquals(series("up"), storage.samples("up").get(0).labels());
    assertEquals(TargetHealth.UP, target.health());
    assertEquals("", target.lastError());
    assertEquals(1, storage.commits());
  }

  @Test
  void scrapeSendsPrometheusHeadersAndParams() {
    server.body = "a 1\n";
    loop(defaults()).scrapeAndReport(1000);
    assertEquals("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2", server.lastHeaders.get("accept"));
    assertEquals("5", server.lastHeaders.get("x-prometheus-scrape-timeout-seconds"));
    assertEquals("gzip", server.lastHeaders.get("accept-encoding"));
    assertEquals("x=y", server.lastQuery);
  }

  @Test
  void seriesAddedCountsOnlyNewSeries() {
    server.body = "a 1\nb 2\n";
    ScrapeLoop l = loop(defaults());
    l.scrapeAndReport(1000);
    server.body = "a 1\nb 2\nc 3\n";
    l.scrapeAndReport(2000);
    assertEquals(1, value("scrape_series_added", 2000));
  }

  @Test
  void disappearingSeriesGetsAStalenessMarker() {
    server.body = "a 1\nb 2\n";
    ScrapeLoop l = loop(defaults());
    l.scrapeAndReport(1000);
    server.body = "a 3\n";
    l.scrapeAndReport(2000);
    Sample b = storage.latest(series("b"));
    assertEquals(2000, b.t());
    assertTrue(b.stale(), "b should be stale: " + b);
    assertEquals(3, storage.latest(series("a")).v());
  }

  @Test
  void malformedExpositionMarksTargetDownAndStoresNothingOfThatScrape() {
    server.body = "a 1\nb 2\n";
    ScrapeLoop l = loop(defaults());
    l.scrapeAndReport(1000);
    server.body = "a 5\nc 1\nbroken{x=\"1\" 2\n";
    l.scrapeAndReport(2000);
    assertEquals(0, value("up", 2000));
    assertEquals(TargetHealth.DOWN, target.health());
    assertEquals("line 3:14: expected label name, got \"2\" (\"INVALID\") while parsing: \"broken{x=\\\"1\\\" 2\"",
        target.lastError());
    assertTrue(storage.latest(series("a")).stale(), "previous series are marked stale");
    assertTrue(storage.latest(series("b")).stale());
    assertNull(storage.latest(series("c")), "nothing of the failed scrape is stored");
    assertEquals(1, storage.rollbacks());
  }

  @Test
  void httpErrorMarksTargetDownWithPrometheusMessage() {
    server.status = 500;
    server.body = "oops";
    loop(defaults()).scrapeAndReport(1000);
    assertEquals(0, value("up", 1000));
    assertEquals("server returned HTTP status 500 Internal Server Error", target.lastError());
  }

  @Test
  void stoppedLoopMarksAllItsSeriesStale() {
    server.body = "a 1\nb 2\n";
    ScrapeLoop l = loop(defaults());
    l.scrapeAndReport(1000);
    l.stop();
    l.writeStalenessMarkers(1500);
    for (Labels s : List.of(series("a"), series("b"), series("up"), series("scrape_duration_seconds"),
        series("scrape_samples_scraped"), series("scrape_samples_post_metric_relabeling"), series("scrape_series_added"))) {
      Sample last = storage.latest(s);
      assertTrue(last.stale() && last.t() == 1500, s + " -> " + last);
    }
  }

  @Test
  void conflictingExposedLabelsMoveToExportedPrefix() {
    server.body = "a{job=\"other\",exported_job=\"x\",instance=\"i\"} 1\n";
    loop(defaults()).scrapeAndReport(1000);
    // job is resolved first (shorter name); exported_job is taken by the exposed label, so it goes one level deeper
    Labels want = series("a", "exported_instance", "i", "exported_job", "x", "exported_exported_job", "other");
    assertEquals(1, storage.latest(want).v(), () -> storage.samples().toString());
  }

  @Test
  void honorLabelsKeepsExposedValues() {
    server.body = "a{job=\"other\"} 1\n";
    loop(opts(true, 0, List.of())).scrapeAndReport(1000);
    Labels want = Labels.of("__name__", "a", "job", "other", "instance", server.address());
    assertEquals(1, storage.latest(want).v());
  }

  @Test
  void metricRelabelingDropsSeriesAndIsCounted() {
    server.body = "keep_me 1\ndrop_me 2\n";
    RelabelConfig drop = RelabelConfig.builder().sourceLabels("__name__").regex("drop_.*").action("drop").buildValid();
    loop(opts(false, 0, List.of(drop))).scrapeAndReport(1000);
    assertNull(storage.latest(series("drop_me")));
    assertEquals(2, value("scrape_samples_scraped", 1000));
    assertEquals(1, value("scrape_samples_post_metric_relabeling", 1000));
  }

  @Test
  void exceedingTheSampleLimitFailsTheScrape() {
    server.body = "a 1\nb 2\nc 3\n";
    loop(opts(false, 2, List.of())).scrapeAndReport(1000);
    assertEquals(0, value("up", 1000));
    assertEquals("sample limit exceeded", target.lastError());
    assertNull(storage.latest(series("a")));
    assertEquals(3, value("scrape_samples_scraped", 1000));
  }

  @Test
  void gzipBodiesAreDecompressed() {
    server.body = "a 7\n";
    server.gzip = true;
    loop(defaults()).scrapeAndReport(1000);
    assertEquals(7, storage.latest(series("a")).v());
  }

  @Test
  void bodyOverTheSizeLimitFailsTheScrape() {
    server.body = "a 1\n".repeat(300);
    loop(defaults()).scrapeAndReport(1000);
    assertEquals("body size limit exceeded", target.lastError());
  }

  @Test
  void openMetricsTimestampsAreHonouredAndConvertedToMilliseconds() {
    server.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    server.body = "# TYPE a gauge\na 1 1.5\n# EOF\n";
    loop(defaults()).scrapeAndReport(5000);
    assertEquals(new Sample(series("a"), 1500, 1), storage.latest(series("a")));
  }

  @Test
  void missingContentTypeWithoutFallbackFails() {
    server.contentType = null;
    server.body = "a 1\n";
    loop(defaults()).scrapeAndReport(1000);
    assertEquals("non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol "
        + "specified for target", target.lastError());
  }

  @Test
  void labelLimitIsEnforcedWithPrometheusMessage() {
    server.body = "a{x=\"1\",y=\"2\"} 1\n";
    LoopOptions o = new LoopOptions(Duration.ofSeconds(10), Duration.ofSeconds(5), false, true, false, 0, 3, 0, 0,
        List.of(), NameValidationScheme.UTF8, null);
    loop(o).scrapeAndReport(1000);
    assertEquals("label_limit exceeded (metric: a, number of labels: 5, limit: 3)", target.lastError());
  }

  @Test
  void duplicateSeriesInOneScrapeIsStoredOnce() {
    server.body = "a 1\na 2\n";
    loop(defaults()).scrapeAndReport(1000);
    assertEquals(1, storage.samples("a").size());
    assertEquals(1, value("up", 1000));
  }
}

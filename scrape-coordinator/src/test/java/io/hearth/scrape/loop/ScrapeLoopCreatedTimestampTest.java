package io.hearth.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.scrape.config.HttpClientConfig;
import io.hearth.scrape.config.ScrapeProtocol;
import io.hearth.scrape.loop.RecordingAppendable.Sample;
import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.scrape.textparse.ContentNegotiation;
import io.hearth.scrape.textparse.ProtoBody;
import io.hearth.sharding.api.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scrape loop with and without created-timestamp zero ingestion. */
class ScrapeLoopCreatedTimestampTest {
  private static final String OM = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String BODY = "# TYPE c counter\n"
      + "c_total 5\n"
      + "c_created 1.5\n"
      + "# TYPE h histogram\n"
      + "h_bucket{le=\"1\"} 1\n"
      + "h_bucket{le=\"+Inf\"} 2\n"
      + "h_count 2\n"
      + "h_sum 3\n"
      + "h_created 2\n"
      + "# TYPE late counter\n"
      + "late_total 1\n"
      + "late_created 20\n"
      + "# EOF\n";

  private TestTarget server;
  private final RecordingAppendable storage = new RecordingAppendable();
  private ScrapeTarget target;

  @BeforeEach
  void setUp() throws Exception {
    server = new TestTarget();
    target = new ScrapeTarget("j", Labels.of("__address__", server.address(), "__scheme__", "http",
        "__metrics_path__", "/metrics", "job", "j", "instance", server.address()), Labels.of("__address__", server.address()),
        Map.of());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private ScrapeLoop loop(boolean createdZero) {
    LoopOptions o = new LoopOptions(Duration.ofSeconds(10), Duration.ofSeconds(5), false, true, false, 0, 0, 0, 0, List.of(),
        NameValidationScheme.UTF8, null).withCreatedTimestampZeroIngestion(createdZero);
    String accept = ContentNegotiation.acceptHeader(ScrapeProtocol.DEFAULT, "allow-utf-8");
    HttpScraper s = new HttpScraper(HttpScraper.newClient(HttpClientConfig.DEFAULT), HttpClientConfig.DEFAULT,
        target.url(), o.timeout(), accept, true, 1 << 20);
    return new ScrapeLoop(target, s, storage, o, null);
  }

  /** Each stored series (but the automatic ones) with its samples as {@code t=v}. */
  private Map<String, List<String>> stored() {
    Map<String, List<String>> m = new TreeMap<>();
    for (Sample s : storage.samples()) {
      String name = s.labels().metricName();
      if (name.equals("up") || name.startsWith("scrape_")) continue;
      String le = s.labels().get("le");
      String key = name + (le.isEmpty() ? "" : "{le=" + le + "}");
      m.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(s.t() + "=" + s.v());
    }
    return m;
  }

  @Test
  void createdLinesBecomeZeroSamplesOfEverySeriesOfTheirFamilyAndAreNotStored() {
    server.contentType = OM;
    server.body = BODY;
    loop(true).scrapeAndReport(10_000);
    assertEquals(Map.of(
        "c_total", List.of("1500=0.0", "10000=5.0"),
        "h_bucket{le=1.0}", List.of("2000=0.0", "10000=1.0"),
        "h_bucket{le=+Inf}", List.of("2000=0.0", "10000=2.0"),
        "h_count", List.of("2000=0.0", "10000=2.0"),
        "h_sum", List.of("2000=0.0", "10000=3.0"),
        "late_total", List.of("10000=1.0")), stored(), "a created time after the sample adds nothing");
    assertEquals(1.0, storage.latest(up()).v());
    assertEquals(6.0, storage.latest(scrapeSamples()).v(), "no _created sample was scraped");
  }

  @Test
  void withoutTheFeatureCreatedLinesAreSeriesAndNoZeroIsAdded() {
    server.contentType = OM;
    server.body = BODY;
    loop(false).scrapeAndReport(10_000);
    Map<String, List<String>> s = stored();
    assertEquals(List.of("10000=5.0"), s.get("c_total"));
    assertEquals(List.of("10000=1.5"), s.get("c_created"));
    assertEquals(List.of("10000=2.0"), s.get("h_created"));
    assertEquals(List.of("10000=1.0"), s.get("h_bucket{le=1.0}"));
  }

  @Test
  void protobufCreatedTimestampsBecomeZeroSamples() {
    server.contentType = ProtoBody.CONTENT_TYPE;
    server.bytes = ProtoBody.delimited(
        ProtoBody.family("p_total", "", ProtoBody.COUNTER,
            ProtoBody.metric().msg(3, ProtoBody.msg().dbl(1, 4).msg(3, ProtoBody.timestamp(3, 0)))),
        ProtoBody.family("ps", "", ProtoBody.SUMMARY, ProtoBody.metric().msg(4,
            ProtoBody.msg().varint(1, 2).dbl(2, 3).msg(3, ProtoBody.msg().dbl(1, 0.5).dbl(2, 1)).msg(4, ProtoBody.timestamp(4, 0)))));
    loop(true).scrapeAndReport(10_000);
    assertEquals(Map.of(
        "p_total", List.of("3000=0.0", "10000=4.0"),
        "ps", List.of("4000=0.0", "10000=1.0"),
        "ps_count", List.of("4000=0.0", "10000=2.0"),
        "ps_sum", List.of("4000=0.0", "10000=3.0")), stored());
  }

  private Labels up() {
    return Labels.builder().set("__name__", "up").set("job", "j").set("instance", server.address()).build();
  }

  private Labels scrapeSamples() {
    return Labels.builder().set("__name__", "scrape_samples_scraped").set("job", "j").set("instance", server.address()).build();
  }
}

package io.hearth.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional metadata seam: TYPE/HELP/UNIT of successful scrapes only, with the target's public labels. */
class ScrapeLoopMetadataTest {
  private final List<String> got = new ArrayList<>();
  private final MetadataSink sink = new MetadataSink() {
    @Override
    public void metadata(Labels target, String family, String type, String help, String unit) {
      got.add(target + " " + family + "|" + type + "|" + help + "|" + unit);
    }

    @Override
    public void scrapeDone(Labels target, int families) {
      got.add("done " + families);
    }
  };

  private ScrapeLoop loop(String body, String contentType) {
    ScrapeTarget t = new ScrapeTarget("j", Labels.of("__address__", "h:1", "__scheme__", "http", "__metrics_path__", "/metrics",
        "job", "j", "instance", "h:1"), Labels.of("__address__", "h:1"), Map.of());
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    Scraper s = () -> new Scraper.ScrapeResponse(b, b.length, contentType);
    LoopOptions o = new LoopOptions(Duration.ofSeconds(10), Duration.ofSeconds(5), false, true, false, 0, 0, 0, 0, List.of(),
        NameValidationScheme.UTF8, null);
    ScrapeLoop l = new ScrapeLoop(t, s, new RecordingAppendable(), o, null);
    l.setMetadataSink(sink);
    return l;
  }

  @Test
  void successfulScrapeDeliversItsFamilies() {
    loop("# HELP a_total Things \\\\ done.\n# TYPE a_total counter\na_total 1\n# HELP b Only help.\nb 2\n",
        "text/plain; version=0.0.4").scrapeAndReport(1000);
    String tl = Labels.of("instance", "h:1", "job", "j").toString();
    assertEquals(List.of(tl + " a_total|counter|Things \\ done.|", tl + " b|unknown|Only help.|", "done 2"), got);
  }

  @Test
  void openMetricsUnit() {
    loop("# TYPE t_celsius gauge\n# UNIT t_celsius celsius\n# HELP t_celsius Temp.\nt_celsius 3\n# EOF\n", "application/openmetrics-text; version=1.0.0")
        .scrapeAndReport(1000);
    assertEquals(2, got.size(), got.toString());
    assertEquals(true, got.get(0).endsWith(" t_celsius|gauge|Temp.|celsius"), got.toString());
  }

  @Test
  void failedScrapeDeliversNothing() {
    loop("# TYPE a counter\na 1\nnot valid{\n", "text/plain; version=0.0.4").scrapeAndReport(1000);
    assertEquals(List.of(), got);
  }
}

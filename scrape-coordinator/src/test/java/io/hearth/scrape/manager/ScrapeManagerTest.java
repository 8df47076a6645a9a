package io.hearth.scrape.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.loop.RecordingAppendable;
import io.hearth.scrape.loop.RecordingAppendable.Sample;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.loop.TargetHealth;
import io.hearth.scrape.loop.TestTarget;
import io.hearth.sharding.api.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeManagerTest {
  private TestTarget t1;
  private TestTarget t2;
  private final RecordingAppendable storage = new RecordingAppendable();
  private ScrapeManager mgr;

  @BeforeEach
  void setUp() throws Exception {
    t1 = new TestTarget();
    t2 = new TestTarget();
    t1.body = "a 1\n";
    t2.body = "b 2\n";
    mgr = new ScrapeManager(storage, ScrapeManager.Options.defaults().withFilePollInterval(Duration.ofMillis(50)));
  }

  @AfterEach
  void tearDown() {
    mgr.stop(false);
    t1.close();
    t2.close();
  }

  private static void await(BooleanSupplier cond, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  private Config config(String extra) {
    return ConfigLoader.parse("""
        global:
          scrape_interval: 100ms
          scrape_timeout: 100ms
        scrape_configs:
          - job_name: one
            static_configs: [{targets: ['%s'], labels: {env: test}}]
            relabel_configs:
              - source_labels: [__address__]
                regex: 'nope.*'
                action: drop
        %s
        """.formatted(t1.address(), extra));
  }

  private String job2() {
    return "  - job_name: two\n    static_configs: [{targets: ['" + t2.address() + "', 'nope:1']}]\n"
        + "    relabel_configs: [{source_labels: [__address__], regex: 'nope.*', action: drop}]\n";
  }

  private Labels up(String job, String addr) {
    Labels l = Labels.of("__name__", "up", "job", job, "instance", addr);
    return job.equals("one") ? l.toBuilder().set("env", "test").build() : l;
  }

  /** Samples stored for the series {@code labels}. */
  private int scrapes(Labels labels) {
    int n = 0;
    for (Sample s : storage.samples(labels.metricName())) if (s.labels().equals(labels)) n++;
    return n;
  }

  @Test
  void staticTargetsAreScrapedIntoStorageAndListed() throws Exception {
    mgr.apply(config(""));
    await(() -> storage.latest(Labels.of("__name__", "a", "job", "one", "instance", t1.address(), "env", "test")) != null,
        "sample a");
    List<ScrapeTarget> active = mgr.activeTargets();
    assertEquals(1, active.size());
    ScrapeTarget t = active.get(0);
    assertEquals("http://" + t1.address() + "/metrics", t.url());
    assertEquals("one", t.scrapePool());
    assertEquals(Labels.of("env", "test", "instance", t1.address(), "job", "one"), t.publicLabels());
    assertEquals(t1.address(), t.discoveredLabels().get("__address__"));
    assertEquals("100ms", t.discoveredLabels().get("__scrape_interval__"));
    await(() -> t.health() == TargetHealth.UP && t.lastScrape() != null, "health up");
  }

  @Test
  void relabelDroppedTargetsAreListedAsDropped() throws Exception {
    mgr.apply(config(job2()));
    await(() -> mgr.activeTargets().size() == 2, "two active targets");
    assertEquals(1, mgr.droppedTargets().size());
    assertEquals("two", mgr.droppedTargets().get(0).scrapePool());
    assertEquals("nope:1", mgr.droppedTargets().get(0).discoveredLabels().get("__address__"));
  }

  @Test
  void reloadKeepsUnchangedLoopsAndMarksRemovedTargetsStale() throws Exception {
    mgr.apply(config(job2()));
    await(() -> storage.latest(up("two", t2.address())) != null && storage.latest(up("one", t1.address())) != null,
        "both scraped");
    ScrapeTarget before = mgr.activeTargets().get(0);
    mgr.apply(config(""));
    assertEquals(1, mgr.activeTargets().size());
    assertTrue(before == mgr.activeTargets().get(0), "the unchanged job keeps its loop and target");
    await(() -> {
      Sample s = storage.latest(up("two", t2.address()));
      return s != null && s.stale();
    }, "stale up of the removed job");
    Sample b = storage.latest(Labels.of("__name__", "b", "job", "two", "instance", t2.address()));
    assertTrue(b.stale(), "series of the removed target are stale: " + b);
    Sample a = storage.latest(up("one", t1.address()));
    assertEquals(1.0, a.v());
  }

  @Test
  void stopMarksAllSeriesStale() throws Exception {
    mgr.apply(config(""));
    await(() -> storage.latest(up("one", t1.address())) != null, "scraped");
    mgr.stop(true);
    assertTrue(storage.latest(up("one", t1.address())).stale());
    assertTrue(storage.latest(Labels.of("__name__", "a", "job", "one", "instance", t1.address(), "env", "test")).stale());
  }

  @Test
  void fileDiscoveredTargetsFollowTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("targets.json");
    Files.writeString(f, "[{\"targets\": [\"" + t2.address() + "\"], \"labels\": {\"team\": \"x\"}}]");
    Config c = ConfigLoader.parse("""
        global:
          scrape_interval: 100ms
        scrape_configs:
          - job_name: files
            file_sd_configs: [{files: ['%s']}]
        """.formatted(dir.resolve("*.json")));
    mgr.apply(c);
    await(() -> mgr.activeTargets().size() == 1, "file target");
    ScrapeTarget t = mgr.activeTargets().get(0);
    assertEquals("x", t.publicLabels().get("team"));
    assertEquals(f.toString(), t.discoveredLabels().get("__meta_filepath"));
    assertTrue(t.publicLabels().get("__meta_filepath").isEmpty(), "meta labels are removed after relabeling");
    Files.writeString(f, "[]");
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    await(() -> mgr.activeTargets().isEmpty(), "file target removed");
    Path y = dir.resolve("more.json");
    Files.writeString(y, "[{\"targets\": [\"" + t1.address() + "\"]}]");
    await(() -> mgr.activeTargets().size() == 1 && mgr.activeTargets().get(0).url().contains(t1.address()),
        "new file picked up");
  }

  @Test
  void targetLimitMarksTargetsDown() throws Exception {
    mgr.apply(ConfigLoader.parse("""
        global:
          scrape_interval: 100ms
        scrape_configs:
          - job_name: lim
            target_limit: 1
            static_configs: [{targets: ['%s', '%s']}]
        """.formatted(t1.address(), t2.address())));
    await(() -> mgr.activeTargets().size() == 2
        && mgr.activeTargets().stream().allMatch(t -> t.health() == TargetHealth.DOWN), "targets down");
    assertEquals("target_limit exceeded (number of targets: 2, limit: 1)", mgr.activeTargets().get(0).lastError());
  }

  @Test
  void aTargetAssignedToAnotherNodeIsHandedOverWithoutStalenessMarkersAndComesBack() throws Exception {
    mgr.apply(config(job2()));
    await(() -> mgr.activeTargets().size() == 2 && storage.latest(up("two", t2.address())) != null, "both scraped");
    long twoHash = mgr.activeTargets().stream().filter(t -> t.scrapePool().equals("two")).findFirst().orElseThrow().hash();
    mgr.assign(h -> h != twoHash);
    await(() -> mgr.activeTargets().size() == 1, "target two handed over");
    assertEquals("one", mgr.activeTargets().get(0).scrapePool());
    // A retired target is marked stale two intervals (plus 10%) after its loop stopped: wait that
    // long, and until the remaining target was scraped three more times, so that a loaded machine
    // cannot pass this by running the manager late.
    long handedOver = System.currentTimeMillis();
    int scrapesOfOne = scrapes(up("one", t1.address()));
    await(() -> System.currentTimeMillis() - handedOver >= 500 && scrapes(up("one", t1.address())) >= scrapesOfOne + 3,
        "three more scrapes of target one");
    assertFalse(storage.latest(up("two", t2.address())).stale(), "a handed-over target is not marked stale");
    mgr.assign(h -> true);
    await(() -> mgr.activeTargets().size() == 2, "target two back");
  }
}

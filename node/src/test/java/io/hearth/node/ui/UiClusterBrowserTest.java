package io.hearth.node.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.it.ClusterFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cluster page of a real three-node cluster in headless Chromium: every node with the
 * partitions it serves, the baseline, and how scrape targets are spread, with no JavaScript error.
 */
class UiClusterBrowserTest {
  @TempDir static Path dir;
  static ClusterFixture cluster;
  static Chromium browser;
  static BrowserPage page;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Chromium.installed(), "skipped: " + Chromium.BINARY + " is not installed (apt-get install chromium)");
    cluster = ClusterFixture.start(dir.resolve("cluster"), "ui-node", 3, 2, 120_000);
    browser = Chromium.start(dir.resolve("chromium"));
    page = browser.newPage(1280, 900);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    if (cluster != null) cluster.close();
  }

  @Test
  void clusterPageOfAThreeNodeClusterShowsEveryNodeItsPartitionsTheBaselineAndTheTargetSpread() throws Exception {
    page.navigate("http://127.0.0.1:" + cluster.node(1).port() + "/cluster");
    page.waitFor("document.body.innerText.includes('ui-node-0') && document.body.innerText.includes('ui-node-1')"
        + " && document.body.innerText.includes('ui-node-2') && document.body.innerText.includes('Partitions per node')"
        + " && document.body.innerText.includes('Targets per node') && document.body.innerText.includes('Baseline')",
        30_000, "the three nodes, their partitions, the baseline and the target spread");
    page.screenshot(UiBrowserTest.SHOTS.resolve("cluster-three-nodes.png"));
    String text = page.text("document.body.innerText").toLowerCase(java.util.Locale.ROOT);
    assertTrue(text.contains("serving partitions"), "each node's own report (partitions served) is shown: " + text);
    assertEquals(List.of(), page.takeErrors());
  }
}

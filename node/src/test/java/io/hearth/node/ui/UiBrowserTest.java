package io.hearth.node.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.HearthNode;
import io.hearth.node.it.TestNodeConfig;
import io.hearth.node.process.HearthProcess;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real headless Chromium against a real node: every page renders its content
 * without a JavaScript error, the query page runs table and graph queries, completes, shows
 * errors and infos, and restores its state from the URL. Screenshots of every page go to
 * {@code target/ui-screenshots/}.
 */
class UiBrowserTest {
  @TempDir static Path dir;
  static HearthNode node;
  static Chromium browser;
  static BrowserPage page;
  static String base;
  static final Path SHOTS = Path.of(System.getProperty("basedir", "."), "target", "ui-screenshots");
  static final String NODE_NAME = "ui-test-node";

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Chromium.installed(), "skipped: " + Chromium.BINARY + " is not installed (apt-get install chromium)");
    int cluster = HearthProcess.freePortPair();
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("web.listen-address", "127.0.0.1:0");
    flags.put("storage.tsdb.path", dir.resolve("data").toString());
    flags.put("storage.tsdb.retention.time", "15d");
    flags.put("cluster.node-name", NODE_NAME);
    flags.put("cluster.partitions", "16");
    flags.put("cluster.replication-factor", "1");
    flags.put("query.max-samples", "50000000");
    node = TestNodeConfig.of(dir, NODE_NAME).clusterPort(cluster).flags(flags).start();
    base = "http://127.0.0.1:" + node.address().getPort() + "/";
    writeDemoSeries();
    awaitSelfScrapeUp();
    browser = Chromium.start(dir.resolve("chromium"));
    page = browser.newPage(1280, 900);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    if (node != null) node.close();
  }

  @BeforeEach
  void resetPage() {
    if (page != null) {
      page.takeErrors();
      page.allowErrors(e -> false);
    }
  }

  /** Three counters and two gauges over the last 30 minutes, every 15 s. */
  static void writeDemoSeries() throws Exception {
    long now = System.currentTimeMillis() / 15_000 * 15_000;
    WriteRequestBuilder w = WriteRequestBuilder.v1();
    String[] codes = {"200", "404", "500"};
    for (int c = 0; c < codes.length; c++) {
      w.series(Labels.of("__name__", "ui_demo_requests_total", "job", "demo", "instance", "demo:9100", "handler", "/api/v1/query",
          "code", codes[c]));
      for (int i = 120; i >= 0; i--) w.sample(now - i * 15_000L, (120 - i) * (30.0 / (c + 1)));
    }
    String[] rooms = {"kitchen", "hall"};
    for (int r = 0; r < rooms.length; r++) {
      w.series(Labels.of("__name__", "ui_demo_temperature_celsius", "job", "demo", "room", rooms[r]));
      for (int i = 120; i >= 0; i--) w.sample(now - i * 15_000L, 20 + r * 3 + 2 * Math.sin(i / 10.0));
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "api/v1/write"))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0").POST(HttpRequest.BodyPublishers.ofByteArray(w.buildSnappy())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode(), r.body());
  }

  /** The default configuration scrapes the node itself; its first scrape comes within one interval. */
  static void awaitSelfScrapeUp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 40_000;
    String body = "";
    while (System.currentTimeMillis() < deadline) {
      body = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/targets?state=active")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      JsonNode t = DevTools.JSON.readTree(body).path("data").path("activeTargets");
      if (t.size() > 0 && t.get(0).path("health").asText().equals("up")) return;
      Thread.sleep(250);
    }
    throw new AssertionError("the node's self-scrape was not up within 40 s [targets=" + body + "]");
  }

  record PageCheck(String path, String condition, String expectation) {}

  @Test
  void everyPageRendersItsContentWithoutJavaScriptErrors() throws Exception {
    List<PageCheck> checks = List.of(
        new PageCheck("query", "document.querySelector('textarea.expr-input') && document.querySelector('nav a.active').textContent === 'Query'",
            "an expression input, Query highlighted"),
        new PageCheck("graph", "document.querySelector('textarea.expr-input')", "the query page"),
        new PageCheck("targets", "[...document.querySelectorAll('section.pool')].some(s => s.dataset.pool === 'hearth'"
            + " && s.querySelector('tr.target[data-health=up]') && s.innerText.includes('UP') && s.innerText.includes('job=\"hearth\"'))",
            "the hearth job, up, with its labels"),
        new PageCheck("service-discovery", "[...document.querySelectorAll('section.pool')].some(s => s.dataset.pool === 'hearth'"
            + " && s.querySelector('tr.sd-active') && s.innerText.includes('__address__') && s.innerText.includes('1 / 1 active targets'))",
            "the hearth pool's discovered and target labels"),
        new PageCheck("status", "document.querySelector('.runtime-info') && document.querySelector('.runtime-info').innerText.includes('Start time')"
            + " && document.querySelector('.build-info').innerText.includes('Version')", "runtime and build information"),
        new PageCheck("tsdb-status", "document.querySelector('.head-stats') && /[1-9]/.test(document.querySelector('.head-stats .stat-value').textContent)"
            + " && document.querySelectorAll('[data-list=seriesCountByMetricName] tbody tr').length > 0"
            + " && document.body.innerText.includes('Top label pairs by series count')", "head stats and the top lists"),
        new PageCheck("flags", "document.body.innerText.includes('--web.listen-address') && document.body.innerText.includes('--cluster.node-name')",
            "the flags"),
        new PageCheck("config", "document.querySelector('pre.config-yaml') && document.querySelector('pre.config-yaml').innerText.includes('job_name: hearth')",
            "the YAML configuration"),
        new PageCheck("cluster", "document.querySelector('.cluster[data-mode=cluster]') && document.body.innerText.includes('" + NODE_NAME + "')"
            + " && document.body.innerText.includes('ACTIVE') && document.body.innerText.includes('Partitions per node')",
            "the node from /api/v1/status/cluster with its partitions"));
    List<String> failures = new ArrayList<>();
    for (PageCheck c : checks) {
      page.navigate(base + c.path);
      page.waitFor(c.condition, 15_000, c.path + " to show " + c.expectation);
      page.screenshot(SHOTS.resolve(c.path + ".png"));
      String shown = page.text("document.querySelector('#app').innerText");
      if (shown.matches("(?s).*(\\bnull\\b|\\bundefined\\b|\\bNaN\\b|\\[object Object\\]).*")) failures.add(c.path + ": shows a placeholder value: " + shown);
      List<String> errors = page.takeErrors();
      if (!errors.isEmpty()) failures.add(c.path + ": " + errors);
      assertEquals(c.path.equals("graph") ? "query" : c.path, page.text("document.querySelector('#app').dataset.page === 'graph' ? 'query'"
          + " : document.querySelector('nav [aria-current=page]').dataset.nav"), "navigation highlights the page");
    }
    assertTrue(failures.isEmpty(), "JavaScript errors:\n" + String.join("\n", failures));
  }

  @Test
  void targetsAndFlagsFilterAndKeepTheFilterInTheUrl() throws Exception {
    page.navigate(base + "targets");
    page.waitFor("document.querySelector('tr.target')", 30_000, "the target rows");
    page.eval("(() => { const i = document.querySelector('input.search'); i.value = 'no-such-target'; i.dispatchEvent(new Event('input')); })()");
    page.waitFor("!document.querySelector('tr.target') && document.body.innerText.includes('No targets match.')", 15_000, "no rows for a search that matches nothing");
    assertTrue(page.text("location.search").contains("search=no-such-target"));
    page.navigate(base + "targets?health=down");
    page.waitFor("document.body.innerText.includes('No targets match.')", 15_000, "no down targets");
    page.eval("document.querySelector('.health-filter.up').click()");
    page.waitFor("document.querySelector('tr.target[data-health=up]')", 15_000, "the up target once up is shown too");

    page.navigate(base + "flags?search=cluster.");
    page.waitFor("document.querySelector('.flags-table')", 15_000, "the flags table");
    String flags = page.text("document.querySelector('.flags-table').innerText");
    assertTrue(flags.contains("--cluster.node-name") && !flags.contains("--web.listen-address"), flags);
    assertEquals(List.of(), page.takeErrors());
  }

  @Test
  void rootRedirectsToTheQueryPageAndNavigationKeepsTheApp() throws Exception {
    page.navigate(base + "query");
    page.send("Page.navigate", Map.of("url", base));
    page.waitFor("location.pathname === '/query' && document.querySelector('textarea.expr-input')", 30_000, "the redirect to /query");
    page.eval("document.querySelector('nav a[data-nav=targets]').click()");
    page.waitFor("location.pathname === '/targets' && document.querySelector('section.pool')", 30_000, "client-side navigation to targets");
    page.eval("history.back()");
    page.waitFor("location.pathname === '/query' && document.querySelector('textarea.expr-input')", 30_000, "back to the query page");
    assertEquals(List.of(), page.takeErrors());
  }

  @Test
  void queryPageRunsTableAndGraphAndRestoresItsStateFromTheUrl() throws Exception {
    page.navigate(base + "query");
    page.eval("document.querySelector('textarea.expr-input').focus()");
    page.type("ui_demo_requests_total");
    page.press("Escape", 27);
    page.press("Enter", 13);
    page.waitFor("document.querySelectorAll('.data-table tbody tr').length === 3", 30_000, "three table rows");
    String table = page.text("document.querySelector('.data-table').innerText");
    assertTrue(table.contains("ui_demo_requests_total") && table.contains("code=\"500\"") && table.contains("3600"), table);
    assertEquals("Load time: Result series: 3", page.text("document.querySelector('.panel-meta').innerText").replaceAll("[0-9.]+m?s\\s*", "").trim());
    page.screenshot(SHOTS.resolve("query-table.png"));

    page.eval("[...document.querySelectorAll('.tab')].find(b => b.textContent === 'Graph').click()");
    page.waitFor("document.querySelector('.graph-plot canvas') && document.querySelectorAll('.legend-item').length === 3", 10_000,
        "the graph and its legend");
    assertTrue(page.eval(PAINTED_PIXELS).asInt() > 200, "the first series' colour was drawn on the canvas");
    page.eval("(() => { const r = document.querySelector('.range-input'); r.value = '30m'; r.dispatchEvent(new Event('change')); })()");
    page.eval("document.querySelector('.stacked-toggle').click()");
    page.waitFor("location.search.includes('g0.stacked=1') && location.search.includes('g0.range_input=30m')", 30_000, "stacked and range in the URL");
    page.waitFor("document.querySelector('.graph-plot canvas')", 30_000, "the stacked graph");
    page.screenshot(SHOTS.resolve("query-graph-stacked.png"));

    page.eval("document.querySelector('.add-panel').click()");
    page.waitFor("document.querySelectorAll('.panel').length === 2 && document.activeElement === document.querySelectorAll('textarea.expr-input')[1]",
        5_000, "a second panel with focus");
    page.type("sum by (room) (ui_demo_temperature_celsius)");
    page.press("Escape", 27);
    page.press("Enter", 13);
    page.waitFor("document.querySelectorAll('.panel')[1].querySelectorAll('.data-table tbody tr').length === 2", 30_000, "the second panel's rows");

    String url = page.text("location.href");
    assertTrue(url.contains("g0.tab=graph") && url.contains("g0.expr=ui_demo_requests_total") && url.contains("g1.tab=table")
        && url.contains("g1.expr=sum+by+%28room%29"), url);
    page.navigate(base + "targets");
    page.navigate(url);
    page.waitFor("document.querySelectorAll('.panel').length === 2", 30_000, "both panels restored");
    page.waitFor("document.querySelector('.panel .graph-plot canvas') && document.querySelectorAll('.panel')[1].querySelectorAll('.data-table tbody tr').length === 2",
        10_000, "the restored graph and table");
    assertEquals("ui_demo_requests_total", page.text("document.querySelectorAll('textarea.expr-input')[0].value"));
    assertEquals("30m", page.text("document.querySelector('.range-input').value"));
    assertTrue(page.eval("document.querySelector('.stacked-toggle').checked").asBoolean(), "stacked restored");
    assertEquals("Graph", page.text("document.querySelector('.panel .tab.active').textContent"));
    assertEquals(List.of(), page.takeErrors());
  }

  /** Pixels of the first series' colour (#1f77b4, any alpha) on the first graph's canvas. */
  static final String PAINTED_PIXELS = "(() => { const c = document.querySelector('.graph-plot canvas');"
      + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
      + " for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && Math.abs(d[i] - 31) < 40 && Math.abs(d[i + 1] - 119) < 40 && Math.abs(d[i + 2] - 180) < 40) n++;"
      + " return n; })()";

  @Test
  void graphLinkRestoresAGraphFromPrometheusStyleParameters() throws Exception {
    page.navigate(base + "graph?g0.expr=ui_demo_temperature_celsius&g0.tab=0&g0.range_input=15m&g0.step_input=30");
    page.waitFor("document.querySelectorAll('.legend-item').length === 2", 30_000, "two graphed series");
    assertEquals("15m", page.text("document.querySelector('.range-input').value"));
    assertEquals("30", page.text("document.querySelector('.step-input').value"));
    assertTrue(page.text("document.querySelector('.panel-meta').innerText").contains("Resolution: 30s"));
    JsonNode box = page.eval("(() => { const r = document.querySelector('.u-over').getBoundingClientRect();"
        + " return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()");
    page.send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", box.get("x").asDouble(), "y", box.get("y").asDouble()));
    page.waitFor("!document.querySelector('.graph-tooltip').hidden && document.querySelector('.graph-tooltip').innerText.includes('room=')"
        + " && document.querySelector('.graph-tooltip').innerText.includes('value: ')", 15_000, "the hover tooltip naming a series");
    page.screenshot(SHOTS.resolve("graph.png"));
    page.eval("document.querySelector('.legend-item').click()");
    assertTrue(page.eval("document.querySelector('.legend-item').classList.contains('off')").asBoolean(), "a legend click hides its series");
    assertEquals(List.of(), page.takeErrors());
  }

  @Test
  void expressionInputCompletesMetricNamesLabelNamesAndValues() throws Exception {
    page.navigate(base + "query");
    page.eval("document.querySelector('textarea.expr-input').focus()");
    page.type("ui_demo_te");
    page.waitFor("[...document.querySelectorAll('.completions li .text')].some(e => e.textContent === 'ui_demo_temperature_celsius')", 10_000,
        "the metric name offered");
    page.screenshot(SHOTS.resolve("query-completion.png"));
    page.press("Tab", 9);
    assertEquals("ui_demo_temperature_celsius", page.text("document.querySelector('textarea.expr-input').value"));
    page.type("{");
    page.waitFor("[...document.querySelectorAll('.completions li .text')].map(e => e.textContent).join() === 'job,room'", 10_000,
        "the metric's label names");
    page.press("ArrowDown", 40);
    page.press("Enter", 13);
    page.type("=\"");
    page.waitFor("[...document.querySelectorAll('.completions li .text')].map(e => e.textContent).join() === 'hall,kitchen'", 10_000,
        "the label's values");
    page.press("Tab", 9);
    assertEquals("ui_demo_temperature_celsius{room=\"hall\"", page.text("document.querySelector('textarea.expr-input').value"));
    page.type("}");
    page.press("Enter", 13);
    page.waitFor("document.querySelectorAll('.data-table tbody tr').length === 1", 30_000, "one series for room=hall");
    page.eval("(() => { const t = document.querySelector('textarea.expr-input'); t.value = ''; t.dispatchEvent(new Event('input')); })()");
    page.type("histogram_q");
    page.waitFor("[...document.querySelectorAll('.completions li .text')].some(e => e.textContent === 'histogram_quantile')", 10_000,
        "a function name offered");
    page.press("Tab", 9);
    assertEquals("histogram_quantile(", page.text("document.querySelector('textarea.expr-input').value"));
    assertEquals(List.of(), page.takeErrors());
  }

  @Test
  void queryErrorsWarningsAndInfosAreShown() throws Exception {
    page.allowErrors(e -> e.contains("status of 400") && e.contains("/api/v1/query"));
    page.navigate(base + "query?g0.expr=" + java.net.URLEncoder.encode("sum(ui_demo_requests_total", StandardCharsets.UTF_8));
    page.waitFor("document.querySelector('.alert.error')", 30_000, "the parse error");
    String error = page.text("document.querySelector('.alert.error').innerText");
    assertTrue(error.contains("Error executing query") && error.contains("parse error") && error.contains("bad_data"), error);
    page.screenshot(SHOTS.resolve("query-error.png"));

    page.navigate(base + "query?g0.expr=" + java.net.URLEncoder.encode("rate(ui_demo_temperature_celsius[5m])", StandardCharsets.UTF_8));
    page.waitFor("document.querySelector('.alert.info')", 30_000, "the PromQL info annotation");
    assertTrue(page.text("document.querySelector('.alert.info').innerText").contains("might not be a counter"));
    assertEquals(List.of(), page.takeErrors());
  }

  @Test
  void clusterPageShowsNodesZonesPartitionsBaselineRebalanceAndTargetsWhenTheNodeServesThem() throws Exception {
    String body = "{\"status\":\"success\",\"data\":{\"partitions\":16,\"replicationFactor\":2,"
        + "\"nodes\":[{\"name\":\"node-a\",\"address\":\"10.0.0.1:9090\",\"zone\":\"eu-west-1a\",\"state\":\"up\",\"partitions\":8,\"backupPartitions\":8,\"series\":1200},"
        + "{\"name\":\"node-b\",\"address\":\"10.0.0.2:9090\",\"zone\":\"eu-west-1b\",\"state\":\"up\",\"partitions\":8,\"backupPartitions\":8,\"series\":1100}],"
        + "\"baseline\":{\"topologyVersion\":4,\"nodes\":[\"node-a\",\"node-b\"],\"autoAdjust\":false},"
        + "\"rebalance\":{\"state\":\"in_progress\",\"movingPartitions\":3},"
        + "\"targetsByNode\":{\"node-a\":5,\"node-b\":4}}}";
    java.util.concurrent.atomic.AtomicReference<Exception> fulfilFailure = new java.util.concurrent.atomic.AtomicReference<>();
    page.send("Fetch.enable", Map.of("patterns", List.of(Map.of("urlPattern", "*/api/v1/status/cluster*"))));
    // Answered from a thread of its own: the handler runs on the DevTools reader, and the common
    // pool (one thread on two cores) may be busy with the node's work.
    BrowserPage.Handler h = ev -> new Thread(() -> {
      try {
        page.send("Fetch.fulfillRequest", Map.of("requestId", ev.path("requestId").asText(), "responseCode", 200,
            "responseHeaders", List.of(Map.of("name", "Content-Type", "value", "application/json")),
            "body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))));
      } catch (Exception e) {
        fulfilFailure.set(e);
      }
    }, "ui-test-fulfil").start();
    page.on("Fetch.requestPaused", h);
    try {
      page.navigate(base + "cluster");
      page.waitFor("document.querySelector('.cluster[data-mode=cluster]') && document.body.innerText.includes('node-b')"
          + " && document.body.innerText.includes('Partitions per node') && document.body.innerText.includes('in_progress')"
          + " && document.body.innerText.includes('Targets by node') && document.body.innerText.includes('Nodes per zone')"
          + " && document.body.innerText.includes('eu-west-1b')", 30_000, "the cluster's nodes, zones, partitions, rebalance and targets");
      page.screenshot(SHOTS.resolve("cluster-multi-node.png"));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " [interception failure=" + fulfilFailure.get() + "]", e);
    } finally {
      page.off(h);
      page.send("Fetch.disable", Map.of());
    }
    assertEquals(List.of(), page.takeErrors());
  }

  @Test
  void darkThemeAppliesAndIsRemembered() throws Exception {
    page.navigate(base + "targets");
    page.eval("localStorage.setItem('hearth.theme', 'dark')");
    page.navigate(base + "graph?g0.expr=ui_demo_requests_total&g0.tab=graph&g0.range_input=30m");
    page.waitFor("document.documentElement.dataset.theme === 'dark' && document.querySelector('.graph-plot canvas')", 30_000, "the dark graph");
    assertEquals("rgb(20, 23, 28)", page.text("getComputedStyle(document.body).backgroundColor"));
    page.screenshot(SHOTS.resolve("query-graph-dark.png"));
    page.eval("localStorage.removeItem('hearth.theme')");
    assertEquals(List.of(), page.takeErrors());
  }

  /** With no choice stored the page follows the system: the same one palette, switched by data-theme. */
  @Test
  void autoThemeFollowsTheSystemsColourScheme() throws Exception {
    try {
      page.send("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
      page.navigate(base + "targets");
      page.waitFor("document.documentElement.dataset.theme === 'dark'", 30_000, "dark from the system");
      assertEquals("rgb(20, 23, 28)", page.text("getComputedStyle(document.body).backgroundColor"));
      page.send("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
      page.waitFor("document.documentElement.dataset.theme === 'light'", 30_000, "light when the system changes, without a reload");
      assertEquals("rgb(246, 247, 249)", page.text("getComputedStyle(document.body).backgroundColor"));
    } finally {
      page.send("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
    assertEquals(List.of(), page.takeErrors());
  }
}

package io.hearth.node.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.it.HearthFixture;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alerts and Rules pages in a real headless Chromium against a real node evaluating a rule
 * file: a firing alert with its rendered labels and annotations, a pending and an inactive one
 * counted by state, and a recording rule whose expression fails at evaluation shown with health
 * err and its error. Screenshots go to {@code target/ui-screenshots/}.
 */
@Timeout(180)
class UiRulesBrowserTest {
  @TempDir static Path dir;
  static HearthFixture node;
  static Chromium browser;
  static BrowserPage page;
  static String base;

  static final String RULES = """
      groups:
      - name: temperatures
        interval: 1s
        rules:
        - alert: KitchenTooHot
          expr: label_replace(vector(42), "room", "kitchen", "", "")
          labels:
            severity: page
          annotations:
            summary: "{{ $labels.room }} is at {{ $value }} degrees"
        - alert: SlowBurn
          expr: vector(1)
          for: 1h
        - alert: NeverFires
          expr: vector(1) > 5
      - name: broken
        interval: 1s
        rules:
        - record: job:ok:value
          expr: vector(7)
        - record: job:many_to_many:sum
          expr: vector(1) + on() (vector(1) or label_replace(vector(2), "x", "y", "", ""))
      """;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Chromium.installed(), "skipped: " + Chromium.BINARY + " is not installed (apt-get install chromium)");
    Path conf = dir.resolve("conf");
    Files.createDirectories(conf);
    Files.writeString(conf.resolve("ui.rules.yml"), RULES);
    node = HearthFixture.start(conf, "ui-rules-node", LoopbackPorts.freePair(), List.of(), 1,
        "global:\n  evaluation_interval: 1s\nrule_files: ['ui.rules.yml']\n", Map.of(), io.hearth.node.notifier.AlertSender.NONE);
    base = "http://127.0.0.1:" + node.port() + "/";
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
    page.takeErrors();
    page.allowErrors(e -> false);
  }

  /** Reloads the page until the rules have been evaluated (the API is read once per page load). */
  private static void awaitAfterReloads(String path, String condition, String what) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      page.navigate(base + path);
      page.waitFor("document.querySelector('#app').dataset.ready === 'true'", 30_000, path + " to load");
      if (page.eval("!!(" + condition + ")").asBoolean()) return;
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the " + path + " page did not show " + what + " within 30 s: " + page.text("document.querySelector('#app').innerText"));
      }
      Thread.sleep(500);
    }
  }

  @Test
  void alertsPageCountsRulesByStateAndShowsTheFiringAlertsLabelsAndAnnotations() throws Exception {
    awaitAfterReloads("alerts", "document.querySelector('.alert-rule[data-name=KitchenTooHot][data-state=firing]')"
        + " && document.querySelector('.alert-rule[data-name=SlowBurn][data-state=pending]')", "KitchenTooHot firing and SlowBurn pending");
    assertEquals("Inactive (1)|Pending (1)|Firing (1)", page.text("[...document.querySelectorAll('.state-filter')].map(b => b.textContent).join('|')"));
    assertEquals("nav alerts", "nav " + page.text("document.querySelector('nav [aria-current=page]').dataset.nav"));

    page.eval("document.querySelector('.alert-rule[data-name=KitchenTooHot] .rule-header').click()");
    page.waitFor("document.querySelector('.alert-rule[data-name=KitchenTooHot] tr.active-alert')", 15_000, "the firing alert's row");
    String shown = page.text("document.querySelector('.alert-rule[data-name=KitchenTooHot]').innerText");
    for (String expected : List.of("alertname=\"KitchenTooHot\"", "room=\"kitchen\"", "severity=\"page\"", "kitchen is at 42 degrees", "FIRING",
        "4.2e+01", "expr: label_replace(vector(42)")) {
      assertTrue(shown.contains(expected), "the expanded rule shows " + expected + ": " + shown);
    }
    page.screenshot(UiBrowserTest.SHOTS.resolve("alerts.png"));

    // Hiding firing rules leaves the pending and the inactive one, and the choice is kept in the URL.
    page.eval("document.querySelector('.state-filter.firing').click()");
    page.waitFor("!document.querySelector('.alert-rule[data-state=firing]') && document.querySelectorAll('.alert-rule').length === 2", 5_000,
        "only the pending and inactive rules");
    assertTrue(page.text("location.search").contains("hide=firing"), page.text("location.search"));
    assertEquals(List.of(), page.takeErrors());
  }

  @Test
  void rulesPageShowsEachGroupWithHealthAndTheBrokenRulesError() throws Exception {
    awaitAfterReloads("rules", "document.querySelector('tr.rule[data-health=err]') && document.querySelector('tr.rule[data-health=ok]')",
        "an evaluated group with a failing rule");
    assertEquals("temperatures|broken", page.text("[...document.querySelectorAll('section.rule-group')].map(s => s.dataset.group).join('|')"));
    String broken = page.text("document.querySelector('section.rule-group[data-group=broken]').innerText");
    for (String expected : List.of("record: job:many_to_many:sum", "ERR", "many-to-many matching not allowed", "record: job:ok:value", "OK",
        "1 / 2 failing", "ui.rules.yml", "took")) {
      assertTrue(broken.contains(expected), "the broken group shows " + expected + ": " + broken);
    }
    String alerts = page.text("document.querySelector('section.rule-group[data-group=temperatures]').innerText");
    assertTrue(alerts.contains("alert: KitchenTooHot") && alerts.contains("for: 1h") && alerts.contains("severity: \"page\""), alerts);
    assertEquals("rules", page.text("document.querySelector('nav [aria-current=page]').dataset.nav"));
    page.screenshot(UiBrowserTest.SHOTS.resolve("rules.png"));
    String app = page.text("document.querySelector('#app').innerText");
    assertTrue(!app.matches("(?s).*(\\bnull\\b|\\bundefined\\b|\\bNaN\\b|\\[object Object\\]).*"), "no placeholder values: " + app);
    assertEquals(List.of(), page.takeErrors());
  }
}

package io.hearth.node.notifier;

import static io.hearth.node.it.WebhookReceiver.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.node.it.AlertmanagerFixture;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.WebhookReceiver;
import io.hearth.node.metrics.NotifierMetrics;
import io.hearth.scrape.config.AlertingConfig;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against Debian's real Alertmanager (served under {@code --web.route-prefix=/am}),
 * whose webhook receiver posts to a recording server: what arrives there is what Alertmanager
 * understood from Hearth's POSTs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotifierAlertmanagerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir static Path dir;
  static WebhookReceiver webhook;
  static AlertmanagerFixture am;

  @BeforeAll
  static void startAlertmanager() throws Exception {
    webhook = new WebhookReceiver();
    am = AlertmanagerFixture.start(dir.resolve("am"), webhook.url(), "/am");
  }

  @AfterAll
  static void stopAlertmanager() {
    if (am != null) am.close();
    if (webhook != null) webhook.close();
  }

  /** The {@code alerting} section given as its body, decoded as prometheus.yml's. */
  static AlertingConfig alerting(String body) {
    return ConfigLoader.parse("alerting:\n" + body.indent(2)).alerting();
  }

  /** The entry for the test's Alertmanager, with more fields indented under it. */
  static String amEntry(String more) {
    return "  - path_prefix: /am\n    timeout: 5s\n    static_configs: [{targets: ['" + am.address() + "']}]\n" + more;
  }

  static Alert alert(String name, long startsAt, long endsAt, String... more) {
    List<String> l = new ArrayList<>(List.of("alertname", name));
    l.addAll(List.of(more));
    return new Alert(Labels.of(l.toArray(new String[0])), Labels.of("summary", name + " is on fire", "runbook", "https://runbooks/" + name),
        startsAt, endsAt, "http://hearth:9090/graph?g0.expr=up");
  }

  @Test
  void firingAlertArrivesWithLabelsAnnotationsAndTimes() throws Exception {
    NotifierMetrics metrics = new NotifierMetrics();
    try (Notifier n = new Notifier(100, true, metrics)) {
      n.apply(alerting("alertmanagers:\n" + amEntry("")));
      long start = (System.currentTimeMillis() / 1000 - 60) * 1000 + 123;
      long end = start + 3_600_000;
      n.send(List.of(alert("Firing1", start, end, "severity", "page", "job", "api")));
      JsonNode got = webhook.await(named("Firing1", "firing"), WAIT);
      assertEquals("page", got.path("labels").path("severity").asText());
      assertEquals("api", got.path("labels").path("job").asText());
      assertEquals(3, got.path("labels").size(), got.toString());
      assertEquals("Firing1 is on fire", got.path("annotations").path("summary").asText());
      assertEquals("https://runbooks/Firing1", got.path("annotations").path("runbook").asText());
      assertEquals(start, Instant(got.path("startsAt").asText()));
      // the webhook shows a firing alert without its end: Alertmanager's own API has it
      JsonNode stored = alertmanagerAlert("Firing1");
      assertEquals(end, Instant(stored.path("endsAt").asText()), stored.toString());
      assertEquals(start, Instant(stored.path("startsAt").asText()), stored.toString());
      assertEquals("http://hearth:9090/graph?g0.expr=up", got.path("generatorURL").asText());
      String url = "http://" + am.address() + "/am/api/v2/alerts";
      assertEquals(List.of(url), n.activeAlertmanagers());
      // counted once Alertmanager's answer is back, which can come after the webhook on a loaded machine
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (metrics.sent(url) < 1 && System.nanoTime() < deadline) Thread.sleep(20);
      assertEquals(1, metrics.sent(url));
      assertEquals(0, metrics.errors(url));
    }
  }

  /** The alert named {@code name} as Alertmanager's {@code GET /api/v2/alerts} lists it. */
  private static JsonNode alertmanagerAlert(String name) throws IOException, InterruptedException {
    PromApiClient.Reply r = am.alerts("alertname=\"" + name + "\"");
    JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertEquals(1, list.size(), r.body());
    return list.get(0);
  }

  /**
   * The names of the alerts Alertmanager holds whose name matches {@code regex}, sorted: what it
   * received, as soon as the POST carrying them was answered (the webhook comes only after
   * Alertmanager's group wait, later on a loaded machine, so it cannot show that something was
   * not sent).
   */
  private static List<String> alertmanagerAlertNames(String regex) throws IOException, InterruptedException {
    PromApiClient.Reply r = am.alerts("alertname=~\"" + regex + "\"");
    assertEquals(200, r.status(), r.body());
    List<String> names = new ArrayList<>();
    for (JsonNode a : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body())) {
      names.add(a.path("labels").path("alertname").asText());
    }
    names.sort(null);
    return names;
  }

  private static long Instant(String rfc3339) {
    return java.time.Instant.parse(rfc3339).toEpochMilli();
  }

  @Test
  void resolvedAlertArrivesAsResolvedWithItsEnd() throws Exception {
    try (Notifier n = new Notifier(100, true, new NotifierMetrics())) {
      n.apply(alerting("alertmanagers:\n" + amEntry("")));
      long start = System.currentTimeMillis() - 120_000;
      n.send(List.of(alert("Resolves1", start, start + 3_600_000)));
      webhook.await(named("Resolves1", "firing"), WAIT);
      long end = System.currentTimeMillis() - 1_000;
      n.send(List.of(alert("Resolves1", start, end)));
      JsonNode got = webhook.await(named("Resolves1", "resolved"), WAIT);
      assertEquals(end, Instant(got.path("endsAt").asText()));
      assertEquals(start, Instant(got.path("startsAt").asText()));
    }
  }

  @Test
  void alertRelabelConfigsChangeAndDropLabelsAndDropAlerts() throws Exception {
    String yaml = """
        alert_relabel_configs:
          - {source_labels: [dc], target_label: region, replacement: eu-$1}
          - {action: labeldrop, regex: dc|secret}
          - {source_labels: [alertname], regex: Dropped1, action: drop}
        alertmanagers:
        """ + amEntry("    alert_relabel_configs:\n      - {target_label: via, replacement: entry0}\n");
    try (Notifier n = new Notifier(100, true, new NotifierMetrics())) {
      n.apply(alerting(yaml));
      long now = System.currentTimeMillis();
      n.send(List.of(alert("Dropped1", now, now + 600_000), alert("Relabelled1", now, now + 600_000, "dc", "west", "secret", "x")));
      JsonNode got = webhook.await(named("Relabelled1", "firing"), WAIT);
      assertEquals("eu-west", got.path("labels").path("region").asText());
      assertEquals("entry0", got.path("labels").path("via").asText());
      assertTrue(got.path("labels").path("dc").isMissingNode(), got.toString());
      assertTrue(got.path("labels").path("secret").isMissingNode(), got.toString());
      // Sent in the same batch as Relabelled1, which Alertmanager has: had it been sent, it would have it too.
      assertEquals(List.of("Relabelled1"), alertmanagerAlertNames("Dropped1|Relabelled1"));
      assertFalse(webhook.alerts().stream().anyMatch(named("Dropped1", "firing")), webhook.alerts().toString());
    }
  }

  @Test
  void alertmanagerThatIsDownCountsErrorsWithoutBlockingTheSender() throws Exception {
    int dead = LoopbackPorts.free();
    String deadUrl = "http://127.0.0.1:" + dead + "/api/v2/alerts";
    NotifierMetrics metrics = new NotifierMetrics();
    try (Notifier n = new Notifier(100, true, metrics)) {
      n.apply(alerting("alertmanagers:\n" + amEntry("") + "  - static_configs: [{targets: ['127.0.0.1:" + dead + "']}]\n"));
      long now = System.currentTimeMillis();
      long t0 = System.nanoTime();
      for (int i = 0; i < 5; i++) n.send(List.of(alert("DownToo" + i, now, now + 600_000)));
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "send blocked");
      for (int i = 0; i < 5; i++) webhook.await(named("DownToo" + i, "firing"), WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while ((metrics.errors(deadUrl) < 5 || metrics.dropped.sum() < 5) && System.nanoTime() < deadline) Thread.sleep(20);
      assertEquals(5, metrics.errors(deadUrl));
      assertEquals(5, metrics.sent(deadUrl));
      assertEquals(0, metrics.errors("http://" + am.address() + "/am/api/v2/alerts"));
      // every batch reached no Alertmanager of the second entry: counted as dropped
      assertEquals(5, metrics.dropped.sum());
    }
  }

  @Test
  void withoutThePathPrefixAlertmanagerUnderARoutePrefixRefusesAlerts() throws Exception {
    NotifierMetrics metrics = new NotifierMetrics();
    try (Notifier n = new Notifier(100, true, metrics)) {
      n.apply(alerting("alertmanagers:\n  - static_configs: [{targets: ['" + am.address() + "']}]\n"));
      String url = "http://" + am.address() + "/api/v2/alerts";
      assertEquals(List.of(url), n.activeAlertmanagers());
      long now = System.currentTimeMillis();
      n.send(List.of(alert("NoPrefix1", now, now + 600_000)));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (metrics.errors(url) < 1 && System.nanoTime() < deadline) Thread.sleep(20);
      assertEquals(1, metrics.errors(url), "Alertmanager under /am must refuse a POST to /api/v2/alerts");
    }
  }

  @Test
  void fullQueueDropsTheOldestAlertsAndCountsThem() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer gate = gate(arrived, release);
    NotifierMetrics metrics = new NotifierMetrics();
    try (Notifier n = new Notifier(3, true, metrics)) {
      n.apply(alerting("alertmanagers:\n  - timeout: 20s\n    static_configs: [{targets: ['127.0.0.1:"
          + gate.getAddress().getPort() + "']}]\n"));
      long now = System.currentTimeMillis();
      n.send(List.of(alert("Queue0", now, now + 600_000)));
      assertTrue(arrived.await(10, TimeUnit.SECONDS), "the first batch never reached the gate");
      // the sender now waits on the gate: five more alerts meet a queue of three
      List<Alert> five = new ArrayList<>();
      for (int i = 1; i <= 5; i++) five.add(alert("Queue" + i, now, now + 600_000));
      n.send(five);
      assertEquals(2, metrics.dropped.sum());
      assertEquals(3, n.queueLength());
      release.countDown();
      for (String name : List.of("Queue0", "Queue3", "Queue4", "Queue5")) webhook.await(named(name, "firing"), WAIT);
      // the queue is empty now: Alertmanager holds everything that was ever sent
      assertEquals(List.of("Queue0", "Queue3", "Queue4", "Queue5"), alertmanagerAlertNames("Queue[0-9]+"));
      TreeSet<String> names = new TreeSet<>();
      for (JsonNode a : webhook.alerts()) {
        String name = a.path("labels").path("alertname").asText();
        if (name.startsWith("Queue")) names.add(name);
      }
      assertEquals(new TreeSet<>(List.of("Queue0", "Queue3", "Queue4", "Queue5")), names);
    } finally {
      release.countDown();
      gate.stop(0);
    }
  }

  @Test
  void closeDrainsTheQueueWhenToldTo() throws Exception {
    assertEquals(List.of("Drain1", "Drain2"), sentOnClose(true, "Drain"));
  }

  @Test
  void closeDropsTheQueueWhenNotToldToDrain() throws Exception {
    assertEquals(List.of(), sentOnClose(false, "NoDrain"));
  }

  @Test
  void basicAuthAndAuthorizationCredentialsAreSentWithEachPost(@TempDir Path secrets) throws Exception {
    java.nio.file.Files.writeString(secrets.resolve("token"), "s3cret\n");
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    s.createContext("/", ex -> {
      seen.add(ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization") + " "
          + ex.getRequestHeaders().getFirst("Content-Type"));
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    s.start();
    String target = "127.0.0.1:" + s.getAddress().getPort();
    try (Notifier n = new Notifier(100, true, new NotifierMetrics())) {
      n.apply(alerting("alertmanagers:\n"
          + "  - basic_auth: {username: hearth, password: pw}\n    static_configs: [{targets: ['" + target + "']}]\n"
          + "  - authorization: {type: Bearer, credentials_file: " + secrets.resolve("token") + "}\n"
          + "    path_prefix: /tok\n    static_configs: [{targets: ['" + target + "']}]\n"));
      long now = System.currentTimeMillis();
      n.send(List.of(alert("Auth1", now, now + 600_000)));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen.size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
      String basic = java.util.Base64.getEncoder().encodeToString("hearth:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(new TreeSet<>(List.of("/api/v2/alerts Basic " + basic + " application/json",
          "/tok/api/v2/alerts Bearer s3cret application/json")), new TreeSet<>(seen));
    } finally {
      s.stop(0);
    }
  }

  /**
   * Queues two alerts behind a first one held at a gate, closes the notifier while they wait and
   * returns which of the two reached Alertmanager (the first always does, once released).
   */
  private static List<String> sentOnClose(boolean drain, String prefix) throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer gate = gate(arrived, release);
    NotifierMetrics metrics = new NotifierMetrics();
    try {
      Notifier n = new Notifier(100, drain, metrics);
      n.apply(alerting("alertmanagers:\n  - timeout: 20s\n    static_configs: [{targets: ['127.0.0.1:"
          + gate.getAddress().getPort() + "']}]\n"));
      long now = System.currentTimeMillis();
      n.send(List.of(alert(prefix + "0", now, now + 600_000)));
      assertTrue(arrived.await(10, TimeUnit.SECONDS), "the first batch never reached the gate");
      n.send(List.of(alert(prefix + "1", now, now + 600_000), alert(prefix + "2", now, now + 600_000)));
      Thread closer = new Thread(n::close);
      closer.start();
      Thread.sleep(200);
      assertTrue(closer.isAlive(), "close must wait for the batch in flight");
      release.countDown();
      closer.join(30_000);
      assertFalse(closer.isAlive(), "close did not return");
      assertEquals(0, n.queueLength());
      assertEquals(drain ? 0 : 2, metrics.dropped.sum());
      webhook.await(named(prefix + "0", "firing"), WAIT);
      // close has returned: every POST it made went through the gate to Alertmanager and was
      // answered, so Alertmanager holds all that was sent; each of those also reaches the webhook.
      List<String> names = alertmanagerAlertNames(prefix + "[0-9]+");
      assertTrue(names.remove(prefix + "0"), prefix + "0 at Alertmanager: " + names);
      for (String name : names) webhook.await(named(name, "firing"), WAIT);
      return names;
    } finally {
      release.countDown();
      gate.stop(0);
    }
  }

  /**
   * A loopback server that holds every POST until {@code release}, then forwards it to the test's
   * Alertmanager and answers with its status: a slow Alertmanager the test controls.
   */
  private static HttpServer gate(CountDownLatch arrived, CountDownLatch release) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    s.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        byte[] body = in.readNBytes(1 << 20);
        arrived.countDown();
        release.await(30, TimeUnit.SECONDS);
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + am.address() + "/am/api/v2/alerts").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
        ex.sendResponseHeaders(c.getResponseCode(), -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(503, -1);
      } finally {
        ex.close();
      }
    });
    s.start();
    return s;
  }
}

package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.HearthNode;
import io.hearth.node.NodeConfig;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.remote.RemoteWriteBody;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile remote-write input gets a clear 4xx or 429 and loses nothing accepted before it:
 * decompression bombs are refused before any allocation, series over the label limits are
 * refused by name while the rest is stored, new series beyond the active-series limit get 429,
 * and random or mutated bodies and queries never get a 5xx.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
  @TempDir static Path dir;
  static HearthNode node;
  static PromApiClient api;
  static final long T0 = System.currentTimeMillis() - 600_000;
  static final int MAX_SERIES = 40;

  @BeforeAll
  static void start() throws Exception {
    NodeConfig.Limits limits = new NodeConfig.Limits(10 * 60_000L, 60_000, 20, 64, 256, MAX_SERIES);
    // No scrape jobs: the node's own series would count against the small series limit.
    Path config = dir.resolve("no-scrape.yml");
    java.nio.file.Files.writeString(config, "global:\n  scrape_interval: 15s\n");
    node = io.hearth.node.it.TestNodeConfig.of(dir, "hostile").configFile(config).limits(limits).start();
    api = new PromApiClient(URI.create("http://127.0.0.1:" + node.address().getPort()), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  static PromApiClient.Reply write(byte[] snappy) {
    return api.remoteWrite(snappy);
  }

  static PromApiClient.Reply query(String q) {
    return api.send("GET", "/api/v1/query?query=" + PromApiClient.enc(q) + "&time=" + (T0 + 60_000) / 1000.0, null);
  }

  static int count(String selector) throws Exception {
    PromApiClient.Reply r = query("count(" + selector + ")");
    assertEquals(200, r.status(), r.body());
    com.fasterxml.jackson.databind.JsonNode result = r.json().path("data").path("result");
    return result.isEmpty() ? 0 : Integer.parseInt(result.get(0).path("value").get(1).asText());
  }

  /** A snappy block that declares {@code declared} bytes, followed by a few bytes of nothing. */
  static byte[] bomb(long declared) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long v = declared;
    while (v >= 0x80) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    out.writeBytes(new byte[24]);
    return out.toByteArray();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  @Timeout(120)
  void hostileWritesAreRefusedClearlyAndKeepWhatWasStored() throws Exception {
    WriteRequestBuilder good = WriteRequestBuilder.v1();
    for (int s = 0; s < 10; s++) good.series(Labels.of("__name__", "kept", "s", Integer.toString(s))).sample(T0, s);
    assertEquals(204, write(good.buildSnappy()).status());

    // A 30-byte body that declares 255 MiB: refused before anything is allocated for it.
    PromApiClient.Reply bombed = write(bomb(255L << 20));
    assertEquals(400, bombed.status(), bombed.body());
    assertTrue(bombed.body().contains("cannot come from 28 compressed bytes"), bombed.body());
    assertEquals(413, write(bomb(1L << 40)).status(), "beyond the decoded size limit");

    // Label limits: the series over a limit is named and refused, the rest stored.
    String[] many = new String[2 * 21];
    many[0] = "__name__";
    many[1] = "limited";
    for (int i = 1; i < 21; i++) {
      many[2 * i] = String.format("l%02d", i);
      many[2 * i + 1] = "v";
    }
    WriteRequestBuilder limited = WriteRequestBuilder.v1()
        .series(Labels.of(many)).sample(T0, 1)
        .series(Labels.of("__name__", "limited", "long", "x".repeat(300))).sample(T0, 2)
        .series(Labels.of("__name__", "limited", "n" + "x".repeat(70), "v")).sample(T0, 3)
        .series(Labels.of("__name__", "limited", "ok", "yes")).sample(T0, 4);
    PromApiClient.Reply r = write(limited.buildSnappy());
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("too many labels (actual: 21, limit: 20)"), r.body());
    assertTrue(r.body().contains("label value too long (actual: 300 bytes, limit: 256"), r.body());
    assertTrue(r.body().contains("label name too long (actual: 71 bytes, limit: 64)"), r.body());
    assertEquals(1, count("limited"), "the valid series of that request is stored");

    // The active-series limit: new series beyond it get 429, the others are stored.
    WriteRequestBuilder flood = WriteRequestBuilder.v1();
    for (int s = 0; s < MAX_SERIES; s++) flood.series(Labels.of("__name__", "flood", "s", Integer.toString(s))).sample(T0, s);
    PromApiClient.Reply over = write(flood.buildSnappy());
    assertEquals(429, over.status(), over.body());
    assertTrue(over.body().contains("per-node active series limit of " + MAX_SERIES + " exceeded"), over.body());
    assertTrue(over.headers().firstValue("Retry-After").isPresent());
    assertEquals(MAX_SERIES - 11, count("flood"), "series up to the limit are stored");
    assertEquals(204, write(WriteRequestBuilder.v1().series(Labels.of("__name__", "kept", "s", "3")).sample(T0 + 15_000, 3)
        .buildSnappy()).status(), "existing series still take samples at the limit");

    assertEquals(10, count("kept"), "everything stored before is intact");
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  @Timeout(180)
  void randomAndMutatedBodiesAndQueriesNeverGetA5xx() throws Exception {
    Random rnd = new Random(0x5EED);
    byte[] valid = WriteRequestBuilder.v1().series(Labels.of("__name__", "fuzz", "a", "b")).sample(T0, 1)
        .series(Labels.of("__name__", "fuzz", "a", "c")).sample(T0, 2).build();
    int served = 0;
    for (int i = 0; i < 300; i++) {
      byte[] raw;
      switch (i % 3) {
        case 0 -> {
          raw = new byte[rnd.nextInt(200)];
          rnd.nextBytes(raw);
        }
        case 1 -> raw = java.util.Arrays.copyOf(valid, rnd.nextInt(valid.length));
        default -> {
          raw = valid.clone();
          for (int k = 0; k < 3; k++) raw[rnd.nextInt(raw.length)] = (byte) rnd.nextInt(256);
        }
      }
      byte[] body = i % 5 == 0 ? raw : RemoteWriteBody.compress(raw, 0, raw.length);
      PromApiClient.Reply r = write(body);
      assertTrue(r.status() < 500, "body " + i + " got " + r.status() + ": " + r.body());
      served++;
    }
    String[] pieces = {"sum(", "rate(", "fuzz", "{a=\"b\"}", "[5m]", ")", " by (a)", "@ 1", "offset -1m", "+", "/", "\"", "~",
        "=~\"(\"", "histogram_quantile(0.9,", "1e309", "-", "[1s:0s]", "}", "{"};
    for (int i = 0; i < 300; i++) {
      StringBuilder q = new StringBuilder();
      int n = 1 + rnd.nextInt(6);
      for (int k = 0; k < n; k++) q.append(pieces[rnd.nextInt(pieces.length)]);
      PromApiClient.Reply r = query(q.toString());
      assertTrue(r.status() < 500, "query " + q + " got " + r.status() + ": " + r.body());
    }
    assertEquals(300, served);
    assertEquals(200, api.send("GET", "/-/ready", null).status(), "the node is still up");
  }
}

package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.node.HearthNode;
import io.hearth.node.it.TestNodeConfig;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of remote writes beyond what the node takes at once is answered quickly with 503 and
 * Retry-After, never a hang; every request answered 204 is stored whole and no refused request is
 * stored in part.
 */
class OverloadTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void burstBeyondCapacityGets503QuicklyAndLosesNothingAcknowledged() throws Exception {
    System.setProperty("hearth.write.threads", "2");
    System.setProperty("hearth.write.queue", "4");
    HearthNode node = null;
    try {
      node = TestNodeConfig.of(dir, "overload").start();
      String base = "http://127.0.0.1:" + node.address().getPort();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      long t = System.currentTimeMillis() - 60_000;
      int requests = 120;
      int seriesPerRequest = 500;
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      long start = System.nanoTime();
      for (int r = 0; r < requests; r++) {
        WriteRequestBuilder b = WriteRequestBuilder.v1();
        for (int s = 0; s < seriesPerRequest; s++) {
          b.series(Labels.of("__name__", "burst", "req", Integer.toString(r), "s", Integer.toString(s))).sample(t, s);
        }
        sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/write")).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
            .POST(HttpRequest.BodyPublishers.ofByteArray(b.buildSnappy())).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int ok = 0, refused = 0;
      List<String> other = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> f : sent) {
        HttpResponse<String> resp = f.get();
        if (resp.statusCode() == 204) {
          ok++;
        } else if (resp.statusCode() == 503 || resp.statusCode() == 429) {
          refused++;
          if (resp.headers().firstValue("Retry-After").isEmpty()) other.add("no Retry-After on " + resp.statusCode());
        } else {
          other.add(resp.statusCode() + " " + resp.body());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("overload: %d requests, %d accepted, %d refused (503/429), %.1f s%n", requests, ok, refused, seconds);
      assertTrue(other.isEmpty(), String.join("\n", other));
      assertTrue(refused > 0, "the burst exceeded capacity, some requests must be refused");
      assertTrue(ok > 0, "some requests must be accepted");
      String q = URLEncoder.encode("count(burst)", StandardCharsets.UTF_8);
      HttpResponse<String> count = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=" + q + "&time=" + t / 1000.0))
          .build(), HttpResponse.BodyHandlers.ofString());
      String value = new ObjectMapper().readTree(count.body()).path("data").path("result").path(0).path("value").path(1).asText();
      assertEquals(String.valueOf(ok * seriesPerRequest), value, "stored series = accepted requests x series per request");
    } finally {
      System.clearProperty("hearth.write.threads");
      System.clearProperty("hearth.write.queue");
      if (node != null) node.close();
    }
  }
}

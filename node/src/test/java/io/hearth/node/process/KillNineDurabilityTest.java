package io.hearth.node.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample that got a 204 survives a kill -9 of the process during sustained remote writes:
 * after a restart on the same data directory, each acknowledged (series, timestamp) is there.
 */
class KillNineDurabilityTest {
  private static final int SERIES = 200;
  private static final int WRITERS = 4;
  @TempDir Path dir;

  @Test
  @Timeout(180)
  void acknowledgedSamplesSurviveKillNine() throws Exception {
    int web = HearthProcess.freePort();
    int cluster = HearthProcess.freePortPair();
    Path data = dir.resolve("data");
    // acknowledged (series index, timestamp) pairs, as series * 2^40 + t-offset
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    AtomicLong requests = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long t0 = System.currentTimeMillis() - 3600_000L;
    AtomicBoolean stop = new AtomicBoolean();
    try (HearthProcess p = HearthProcess.start(data, web, cluster)) {
      p.awaitReady(Duration.ofSeconds(60));
      PromApiClient api = p.api();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Thread t = new Thread(() -> {
          // Each writer owns series w, w+WRITERS, ... and advances its own round counter.
          for (int round = 0; !stop.get() && round < 100_000; round++) {
            WriteRequestBuilder b = WriteRequestBuilder.v1();
            long ts = t0 + round * 1000L;
            List<Long> keys = new ArrayList<>();
            for (int s = writer; s < SERIES; s += WRITERS) {
              b.series(Labels.of("__name__", "kill_test", "series", Integer.toString(s))).sample(ts, round);
              keys.add(((long) s << 40) | (ts - t0));
            }
            try {
              PromApiClient.Reply r = api.remoteWrite(b.buildSnappy());
              requests.incrementAndGet();
              if (r.status() == 204) acked.addAll(keys);
              else failures.incrementAndGet();
            } catch (Exception e) {
              failures.incrementAndGet();
              return; // the process is gone
            }
          }
        }, "writer-" + w);
        t.start();
        writers.add(t);
      }
      Thread.sleep(6000);
      // enough acknowledged samples for the check to mean something: a loaded machine needs longer
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acked.size() <= 1000 && System.nanoTime() < deadline) Thread.sleep(100);
      p.kill9();
      stop.set(true);
      for (Thread t : writers) t.join(15_000);
    }
    assertTrue(acked.size() > 1000, "enough acknowledged samples before the kill: " + acked.size());

    try (HearthProcess p = HearthProcess.start(data, web, cluster)) {
      long tRestart = System.nanoTime();
      p.awaitReady(Duration.ofSeconds(90));
      double recovery = (System.nanoTime() - tRestart) / 1e9;
      long maxOffset = 0;
      for (long k : acked) maxOffset = Math.max(maxOffset, k & ((1L << 40) - 1));
      long evalAt = t0 + maxOffset;
      PromApiClient.Reply r = p.api().get("/api/v1/query",
          List.of(Map.entry("query", "kill_test[2h]"), Map.entry("time", Double.toString(evalAt / 1000.0))));
      assertEquals(200, r.status(), r.body());
      JsonNode result = r.json().path("data").path("result");
      Set<Long> found = new HashSet<>();
      for (JsonNode s : result) {
        int series = Integer.parseInt(s.path("metric").path("series").asText());
        for (JsonNode v : s.path("values")) {
          long ts = Math.round(v.get(0).asDouble() * 1000);
          found.add(((long) series << 40) | (ts - t0));
        }
      }
      long lost = 0;
      for (long k : acked) if (!found.contains(k)) lost++;
      long extra = found.size() - (acked.size() - lost);
      System.out.printf("kill -9 durability: requests=%d failed=%d acknowledged_samples=%d found=%d lost=%d "
          + "unacknowledged_but_present=%d recovery_seconds=%.1f%n", requests.get(), failures.get(), acked.size(),
          found.size(), lost, extra, recovery);
      assertEquals(0, lost, "acknowledged samples lost after kill -9");
    }
  }
}

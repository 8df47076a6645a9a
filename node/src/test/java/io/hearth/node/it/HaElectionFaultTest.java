package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HA deduplication when the cluster-wide election store fails: a node in cluster mode (its
 * elections in Ignite's replicated cache) whose store is wrapped, through the seam the replica
 * tracker reads, by one that fails or hangs on command. A remote-write request of an HA pair that
 * needs the store then gets a 503 naming the cluster, the replica and the store's failure (so
 * Prometheus retries it), never a 2xx that drops the samples and never a hang; nothing of it is
 * stored, what was accepted before stays, and once the store answers again the retried request is
 * stored.
 */
class HaElectionFaultTest {
  @TempDir Path dir;

  /** The election store as the node has it, failing or hanging on command. */
  static final class FaultyElections implements ReplicaElections {
    enum Mode { WORK, FAIL, HANG }

    private final ReplicaElections store;
    volatile Mode mode = Mode.WORK;
    final CountDownLatch release = new CountDownLatch(1);

    FaultyElections(ReplicaElections store) {
      this.store = store;
    }

    private void fault(String op) {
      switch (mode) {
        case FAIL -> throw new IllegalStateException("injected fault: election store " + op + " failed");
        case HANG -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("injected fault: election store " + op + " hung");
        }
        default -> { }
      }
    }

    @Override
    public ReplicaElection get(String cluster) {
      fault("read");
      return store.get(cluster);
    }

    @Override
    public ReplicaElection putIfAbsent(String cluster, ReplicaElection election) {
      fault("create");
      return store.putIfAbsent(cluster, election);
    }

    @Override
    public boolean replace(String cluster, ReplicaElection expected, ReplicaElection next) {
      fault("update");
      return store.replace(cluster, expected, next);
    }

    @Override
    public Map<String, ReplicaElection> all() {
      fault("list");
      return store.all();
    }
  }

  private static byte[] sample(String cluster, String replica, long t, double v) {
    return WriteRequestBuilder.v1().series("__name__", "ha_requests_total", "__replica__", replica, "cluster", cluster, "job", "api")
        .sample(t, v).buildSnappy();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void failingOrHangingElectionStoreAnswers503AndKeepsWhatWasAcceptedBefore() throws Exception {
    FaultyElections[] faulty = new FaultyElections[1];
    int port = LoopbackPorts.freePair();
    // A cluster of one (itself as its peer): the elections live in the Ignite cache, as in any cluster.
    try (HearthFixture hearth = HearthFixture.start(dir.resolve("hearth"), "ha-fault", port, List.of("127.0.0.1:" + port), 1,
        TestResources.text("hearth-no-scrape.yml", Map.of()),
        Map.of("remote-write.ha-dedup", "true", "remote-write.ha-failover-timeout", "3s"), io.hearth.node.notifier.AlertSender.NONE,
        node -> node.replicaElections(store -> faulty[0] = new FaultyElections(store)))) {
      PromApiClient api = hearth.api();
      FaultyElections store = faulty[0];
      long t = System.currentTimeMillis() - 60_000;
      List<Long> stored = new ArrayList<>();
      assertEquals(204, api.remoteWrite(sample("c1", "r1", t, 1)).status(), "r1 is elected for c1");
      stored.add(t);

      // Failing store: a cluster this node has never seen must be read first.
      store.mode = FaultyElections.Mode.FAIL;
      PromApiClient.Reply failed = api.remoteWrite(sample("c2", "r1", t, 1));
      assertEquals(503, failed.status(), failed.body());
      assertTrue(failed.body().contains("samples not stored: cannot tell whether replica \"r1\" of HA cluster \"c2\" is the elected one"),
          failed.body());
      assertTrue(failed.body().contains("injected fault: election store read failed"), failed.body());

      // The elected replica passes on the node's copy until its last-seen time is due in the store
      // (a third of the failover timeout); then the refresh fails and so does the request.
      long deadline = System.currentTimeMillis() + 30_000;
      PromApiClient.Reply r;
      long next = t;
      do {
        next += 1000;
        r = api.remoteWrite(sample("c1", "r1", next, next - t));
        if (r.status() == 204) {
          stored.add(next);
          Thread.sleep(100);
        }
      } while (r.status() == 204 && System.currentTimeMillis() < deadline);
      assertEquals(503, r.status(), "the refresh of r1's last-seen time failed: " + r.body());
      assertTrue(r.body().contains("injected fault: election store update failed"), r.body());
      long refused = next;

      // Hanging store: answered within the node's deadline, not when the store gives up.
      store.mode = FaultyElections.Mode.HANG;
      long t0 = System.nanoTime();
      PromApiClient.Reply hung = api.remoteWrite(sample("c3", "r1", t, 1));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(503, hung.status(), hung.body());
      assertTrue(hung.body().contains("replica election store did not answer within 5000 ms"), hung.body());
      assertTrue(ms < 20_000, "answered after " + ms + " ms");

      assertEquals(stored, times(api, "ha_requests_total{cluster=\"c1\"}", next), "what was accepted before stays, the refused is not there");
      assertEquals(List.of(), times(api, "ha_requests_total{cluster=~\"c2|c3\"}", next));

      // The store answers again: the retried requests are stored, without the replica label.
      store.mode = FaultyElections.Mode.WORK;
      store.release.countDown();
      assertEquals(204, api.remoteWrite(sample("c1", "r1", refused, refused - t)).status());
      stored.add(refused);
      assertEquals(204, api.remoteWrite(sample("c2", "r1", t, 1)).status());
      assertEquals(stored, times(api, "ha_requests_total{cluster=\"c1\",__replica__=\"\"}", next));
      assertEquals(List.of(t), times(api, "ha_requests_total{cluster=\"c2\"}", next));
    }
  }

  /** Timestamps (ms) of the one series {@code selector} selects (none: empty) in the 10 minutes before {@code atMs} + 1 s. */
  private static List<Long> times(PromApiClient api, String selector, long atMs) {
    PromApiClient.Reply r = api.get("/api/v1/query", List.of(Map.entry("query", selector + "[10m]"),
        Map.entry("time", PromApiClient.time(atMs + 1000))));
    assertEquals(200, r.status(), r.body());
    JsonNode result = r.json().get("data").get("result");
    List<Long> out = new ArrayList<>();
    if (result.isEmpty()) return out;
    assertEquals(1, result.size(), selector + " selects " + result);
    for (JsonNode v : result.get(0).get("values")) out.add(Math.round(v.get(0).asDouble() * 1000));
    return out;
  }
}

package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import io.hearth.sharding.ha.ReplicaElectionsContract;
import io.hearth.sharding.ha.ReplicaTracker;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The elections cache on a real two-node Ignite cluster in this JVM: the store contract through
 * one node, what one node writes the other reads, and compare-and-set races between threads on
 * both nodes (first election and failover) with exactly one winner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IgniteReplicaElectionsTest extends ReplicaElectionsContract {
  private static final long FAILOVER = 5_000;
  private static final int THREADS_PER_NODE = 4;

  private Path dir;
  private final List<IgniteStore> stores = new ArrayList<>();
  private final List<ReplicaElections> elections = new ArrayList<>();

  @BeforeAll
  void startTwoNodes() throws Exception {
    dir = Files.createTempDirectory("ha-elections");
    int[] disco = {LoopbackPorts.free(), LoopbackPorts.free()};
    List<String> peers = List.of("127.0.0.1:" + disco[0], "127.0.0.1:" + disco[1]);
    List<CompletableFuture<IgniteStore>> starting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      IgniteSettings s = new IgniteSettings("ha" + i, dir.resolve("ha" + i), "127.0.0.1", disco[i], LoopbackPorts.free(), peers, 8, 2,
          64L << 20, Durability.LOG_ONLY);
      starting.add(CompletableFuture.supplyAsync(() -> IgniteStore.start(s)));
    }
    for (CompletableFuture<IgniteStore> f : starting) stores.add(f.get(120, TimeUnit.SECONDS));
    for (IgniteStore s : stores) elections.add(new IgniteReplicaElections(s));
  }

  @AfterAll
  void stopNodes() throws IOException {
    for (IgniteStore s : stores) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // already stopped
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  protected ReplicaElections store() {
    return elections.get(0);
  }

  @Test
  void anElectionWrittenThroughOneNodeIsReadThroughTheOther() {
    String c = freshCluster();
    ReplicaElection e = new ReplicaElection("r1", 10, 20);
    elections.get(0).putIfAbsent(c, e);
    assertEquals(e, elections.get(1).get(c));
    assertEquals(e, elections.get(1).all().get(c));
  }

  @Test
  void concurrentReplacesOnBothNodesHaveExactlyOneWinner() throws Exception {
    for (int round = 0; round < 20; round++) {
      String c = freshCluster();
      ReplicaElection start = elections.get(0).putIfAbsent(c, new ReplicaElection("r0", 0, 0));
      List<Boolean> won = race((node, thread) -> elections.get(node).replace(c, start,
          new ReplicaElection("n" + node + "t" + thread, 1, 1)));
      assertEquals(1, won.stream().filter(b -> b).count(), "round " + round + ": replaces that succeeded " + won);
    }
  }

  @Test
  void firstElectionRaceBetweenTwoNodesElectsOneReplica() throws Exception {
    for (int round = 0; round < 10; round++) {
      String c = freshCluster();
      ReplicaTracker[] trackers = {new ReplicaTracker(elections.get(0), FAILOVER), new ReplicaTracker(elections.get(1), FAILOVER)};
      // Node 0 receives replica a, node 1 replica b, at the same moment.
      List<Boolean> admitted = race((node, thread) -> trackers[node].admit(c, node == 0 ? "a" : "b", 1_000));
      String winner = elections.get(0).get(c).replica();
      int winningNode = winner.equals("a") ? 0 : 1;
      for (int i = 0; i < admitted.size(); i++) {
        assertEquals(i / THREADS_PER_NODE == winningNode, admitted.get(i), "round " + round + ", call " + i + ", elected " + winner);
      }
    }
  }

  @Test
  void failoverRaceBetweenTwoNodesElectsOneReplica() throws Exception {
    for (int round = 0; round < 10; round++) {
      String c = freshCluster();
      ReplicaTracker[] trackers = {new ReplicaTracker(elections.get(0), FAILOVER), new ReplicaTracker(elections.get(1), FAILOVER)};
      assertTrue(trackers[0].admit(c, "old", 0));
      assertTrue(!trackers[1].admit(c, "x", 0), "node 1 sees the election of node 0");
      // "old" is silent past the timeout; replicas a (via node 0) and b (via node 1) both try to take over.
      long now = FAILOVER + 1;
      List<Boolean> admitted = race((node, thread) -> trackers[node].admit(c, node == 0 ? "a" : "b", now));
      ReplicaElection after = elections.get(1).get(c);
      int winningNode = after.replica().equals("a") ? 0 : 1;
      assertEquals(now, after.electedAtMs());
      for (int i = 0; i < admitted.size(); i++) {
        assertEquals(i / THREADS_PER_NODE == winningNode, admitted.get(i), "round " + round + ", call " + i + ", elected " + after);
      }
      assertEquals(1, trackers[0].failovers() + trackers[1].failovers(), "one failover in the whole cluster");
      assertTrue(!trackers[0].admit(c, "old", now + 1) && !trackers[1].admit(c, "old", now + 1), "old stays dropped on both nodes");
    }
  }

  private interface Call {
    boolean run(int node, int thread) throws Exception;
  }

  /** Runs {@code call} on {@value #THREADS_PER_NODE} threads per node released together; results node-major. */
  private static List<Boolean> race(Call call) throws Exception {
    int n = 2 * THREADS_PER_NODE;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int node = i / THREADS_PER_NODE;
        int thread = i % THREADS_PER_NODE;
        futures.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return call.run(node, thread);
        }));
      }
      List<Boolean> out = new ArrayList<>();
      for (Future<Boolean> f : futures) out.add(f.get(60, TimeUnit.SECONDS));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

}

package io.hearth.sharding.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Election, refresh cadence and failover of {@link ReplicaTracker}, over the in-process store. */
class ReplicaTrackerTest {
  private static final long FAILOVER = 30_000;

  /** The in-process store, counting the writes that reach it. */
  private static final class CountingStore implements ReplicaElections {
    final LocalReplicaElections inner = new LocalReplicaElections();
    int reads;
    int writes;

    @Override
    public ReplicaElection get(String cluster) {
      reads++;
      return inner.get(cluster);
    }

    @Override
    public ReplicaElection putIfAbsent(String cluster, ReplicaElection election) {
      writes++;
      return inner.putIfAbsent(cluster, election);
    }

    @Override
    public boolean replace(String cluster, ReplicaElection expected, ReplicaElection next) {
      writes++;
      return inner.replace(cluster, expected, next);
    }

    @Override
    public Map<String, ReplicaElection> all() {
      return inner.all();
    }
  }

  private final CountingStore store = new CountingStore();
  private final ReplicaTracker tracker = new ReplicaTracker(store, FAILOVER);

  @Test
  void firstReplicaToWriteIsElected() {
    assertTrue(tracker.admit("c1", "r1", 1_000));
    assertEquals(new ReplicaElection("r1", 1_000, 1_000), store.inner.get("c1"));
    assertTrue(tracker.admit("c1", "r1", 2_000));
  }

  @Test
  void otherReplicaIsDroppedWhileTheElectedOneWrites() {
    assertTrue(tracker.admit("c1", "r1", 1_000));
    for (long t = 2_000; t < 120_000; t += 1_000) {
      assertTrue(tracker.admit("c1", "r1", t), "elected replica at " + t);
      assertFalse(tracker.admit("c1", "r2", t), "other replica at " + t);
    }
    assertEquals("r1", store.inner.get("c1").replica());
    assertEquals(0, tracker.failovers());
  }

  @Test
  void lastSeenIsWrittenAtMostOncePerRefreshInterval() {
    assertTrue(tracker.admit("c1", "r1", 0));
    int before = store.writes;
    // Ten requests a second for a minute.
    for (long t = 100; t <= 60_000; t += 100) tracker.admit("c1", "r1", t);
    int writes = store.writes - before;
    assertEquals(10_000, tracker.refreshMs());
    assertEquals(6, writes, "one write per refresh interval, not per request");
    assertEquals(60_000, store.inner.get("c1").lastSeenMs());
  }

  @Test
  void otherReplicaTakesOverOnceTheElectedOneIsUnseenForTheFailoverTimeout() {
    assertTrue(tracker.admit("c1", "r1", 0));
    assertTrue(tracker.admit("c1", "r1", 10_000));
    assertFalse(tracker.admit("c1", "r2", 10_000 + FAILOVER), "at exactly the timeout the elected replica holds");
    assertTrue(tracker.admit("c1", "r2", 10_001 + FAILOVER));
    assertEquals(new ReplicaElection("r2", 10_001 + FAILOVER, 10_001 + FAILOVER), store.inner.get("c1"));
    assertEquals(1, tracker.failovers());
    assertFalse(tracker.admit("c1", "r1", 10_002 + FAILOVER), "the replica that lost its election is dropped when it returns");
  }

  @Test
  void noFailoverWhileAnotherNodeKeepsTheElectionFresh() {
    ReplicaTracker other = new ReplicaTracker(store, FAILOVER);
    assertTrue(tracker.admit("c1", "r1", 0));
    assertFalse(other.admit("c1", "r2", 0), "the second node reads the election");
    // r1 keeps writing to the first node only; the second node sees only r2 and holds an old copy.
    for (long t = 1_000; t <= 100_000; t += 1_000) {
      assertTrue(tracker.admit("c1", "r1", t));
      assertFalse(other.admit("c1", "r2", t), "r2 at " + t + " while r1 writes elsewhere");
    }
    assertEquals(0, other.failovers());
  }

  @Test
  void aNodeWithAnOutdatedElectionCorrectsItAtItsNextRefresh() {
    ReplicaTracker other = new ReplicaTracker(store, FAILOVER);
    assertTrue(tracker.admit("c1", "r1", 0));
    // r1 goes silent; r2, writing to the other node, takes over.
    assertTrue(other.admit("c1", "r2", FAILOVER + 1));
    // r1 comes back to the first node, whose copy still names r1: its refresh finds r2 elected.
    assertFalse(tracker.admit("c1", "r1", FAILOVER + 2));
    assertTrue(tracker.admit("c1", "r2", FAILOVER + 3));
  }

  @Test
  void clustersAreElectedIndependently() {
    assertTrue(tracker.admit("a", "r1", 0));
    assertTrue(tracker.admit("b", "r2", 0));
    assertFalse(tracker.admit("a", "r2", 1));
    assertFalse(tracker.admit("b", "r1", 1));
    assertEquals(Map.of("a", new ReplicaElection("r1", 0, 0), "b", new ReplicaElection("r2", 0, 0)), tracker.elections());
  }
}

package io.hearth.sharding.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link ReplicaElections} contract, run against every implementation: compare-and-set by
 * value, first election kept, listing in cluster order.
 */
public abstract class ReplicaElectionsContract {
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  /** The store under test; may be shared between tests (each test uses clusters of its own). */
  protected abstract ReplicaElections store();

  /** A cluster name no other test used. */
  protected static String freshCluster() {
    return "c" + CLUSTERS.incrementAndGet();
  }

  @Test
  void getOfAClusterNeverElectedIsNull() {
    assertNull(store().get(freshCluster()));
  }

  @Test
  void putIfAbsentKeepsTheFirstElection() {
    String c = freshCluster();
    ReplicaElection first = new ReplicaElection("r1", 1_000, 1_000);
    assertEquals(first, store().putIfAbsent(c, first));
    assertEquals(first, store().putIfAbsent(c, new ReplicaElection("r2", 2_000, 2_000)));
    assertEquals(first, store().get(c));
  }

  @Test
  void replaceSucceedsOnlyAgainstTheStoredElection() {
    String c = freshCluster();
    ReplicaElection first = store().putIfAbsent(c, new ReplicaElection("r1", 1_000, 1_000));
    ReplicaElection seen = first.seenAt(5_000);
    assertTrue(store().replace(c, new ReplicaElection("r1", 1_000, 1_000), seen), "an equal copy is the expected value");
    assertFalse(store().replace(c, first, new ReplicaElection("r2", 6_000, 6_000)), "the stored election moved on");
    assertEquals(seen, store().get(c));
    assertFalse(store().replace(freshCluster(), first, seen), "no election to replace");
  }

  @Test
  void allListsEveryClusterInOrder() {
    String a = freshCluster();
    String b = freshCluster();
    store().putIfAbsent(b, new ReplicaElection("rb", 1, 2));
    store().putIfAbsent(a, new ReplicaElection("ra", 3, 4));
    List<String> names = store().all().keySet().stream().filter(k -> k.equals(a) || k.equals(b)).toList();
    assertEquals(a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a), names);
    assertEquals(new ReplicaElection("rb", 1, 2), store().all().get(b));
  }
}

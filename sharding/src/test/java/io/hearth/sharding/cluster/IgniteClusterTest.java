package io.hearth.sharding.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.CommitReport;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import io.hearth.sharding.ignite.Durability;
import io.hearth.sharding.ignite.IgniteClusterView;
import io.hearth.sharding.ignite.IgnitePersistence;
import io.hearth.sharding.ignite.IgniteSettings;
import io.hearth.sharding.ignite.IgniteStore;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real Ignite nodes in this JVM, each with its head, ownership manager, router and cluster
 * reads: writes through any node land on the owners, any node reads everything, and a node that
 * leaves hands its partitions to the others with nothing acknowledged lost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IgniteClusterTest {
  private static final int PARTITIONS = 16;
  @TempDir Path dir;
  private final List<Member> members = new ArrayList<>();

  private static final class Member implements AutoCloseable {
    final IgniteStore store;
    final Head head;
    final IgniteClusterView view;
    final OwnershipManager ownership;
    final RoutingAppendable router;
    final ClusterQueryable reads;

    Member(IgniteStore store) {
      this.store = store;
      this.head = Head.openUnloaded(HeadOptions.defaults().withPartitions(PARTITIONS), new IgnitePersistence(store));
      this.view = new IgniteClusterView(store);
      RoutingAppendable.serve(view, head);
      ClusterQueryable.serve(view, head);
      this.router = new RoutingAppendable(view, PARTITIONS);
      this.reads = new ClusterQueryable(view);
      this.ownership = new OwnershipManager(view, head, PARTITIONS);
      ownership.start();
    }

    /** A graceful leave: stop reconciling, checkpoint, release everything, stop Ignite. */
    @Override
    public void close() {
      ownership.close();
      head.flush();
      for (int p : head.loadedPartitions()) head.releasePartition(p);
      view.close();
      head.close();
      store.close();
    }
  }

  @AfterEach
  void stopAll() {
    for (Member m : members) {
      try {
        m.close();
      } catch (RuntimeException ignored) {
        // already stopped
      }
    }
  }


  private void startCluster(int n) throws Exception {
    int[] disco = new int[n];
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      disco[i] = LoopbackPorts.free();
      peers.add("127.0.0.1:" + disco[i]);
    }
    List<CompletableFuture<IgniteStore>> starting = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      IgniteSettings s = new IgniteSettings("m" + i, dir.resolve("m" + i), "127.0.0.1", disco[i], LoopbackPorts.free(), peers, PARTITIONS, 2, 64L << 20,
          Durability.LOG_ONLY);
      starting.add(CompletableFuture.supplyAsync(() -> IgniteStore.start(s)));
    }
    for (CompletableFuture<IgniteStore> f : starting) members.add(new Member(f.get(120, TimeUnit.SECONDS)));
    awaitReady();
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      boolean all = true;
      int served = 0;
      for (Member m : members) {
        all &= m.ownership.ready();
        served += m.head.loadedPartitions().length;
      }
      if (all && served == PARTITIONS) return;
      Thread.sleep(100);
    }
    throw new AssertionError("partitions not all served within 60 s");
  }

  private static CommitReport write(Member via, int series, long t, double v) {
    Appender a = via.router.appender();
    for (int s = 0; s < series; s++) a.append(a.series(Labels.of("__name__", "m", "s", Integer.toString(s))), t, v);
    a.commit();
    return a.commitReport();
  }

  /** Samples of every series named m, as (series count, sample count). */
  private static long[] read(Member via) {
    long series = 0, samples = 0;
    try (Querier q = via.reads.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, Matcher.eq("__name__", "m"));
      SampleIterator it = null;
      while (set.next()) {
        series++;
        it = set.at().iterator(it);
        while (it.next() != ValueType.NONE) samples++;
      }
    }
    return new long[] {series, samples};
  }

  @Test
  void writesThroughAnyNodeAreReadFromEveryNodeAndEachPartitionHasOneServingOwner() throws Exception {
    startCluster(3);
    for (int round = 0; round < 10; round++) {
      CommitReport r = write(members.get(round % 3), 300, 1000L * round, round);
      assertEquals(300, r.acceptedFloats());
      assertEquals(0, r.rejected());
    }
    for (Member m : members) assertEquals(300 * 10, read(m)[1], "read through " + m.store.settings().nodeName());
    int served = 0;
    for (Member m : members) served += m.head.loadedPartitions().length;
    assertEquals(PARTITIONS, served, "every partition served exactly once");
    // The same samples again are duplicates and ignored; an older one is out of order and reported.
    assertEquals(0, write(members.get(1), 300, 9000, 9).rejected());
    CommitReport late = write(members.get(2), 300, 500, 1);
    assertEquals(300, late.outOfOrder());
    assertEquals(Labels.of("__name__", "m", "s", "0").get("__name__"), late.firstSeries().get("__name__"));
    assertEquals(300 * 10, read(members.get(0))[1]);
    long bytes = 0;
    for (Member m : members) bytes += m.router.bytesSent.sum();
    assertTrue(bytes > 0, "routed writes counted");
    // Label names and values across the cluster count only series with samples in the range.
    Appender later = members.get(0).router.appender();
    later.append(later.series(Labels.of("__name__", "late", "s", "x")), 100_000, 1);
    later.commit();
    for (Member m : members) {
      try (Querier q = m.reads.querier(0, 50_000)) {
        assertEquals(List.of("m"), q.labelValues("__name__"));
      }
      try (Querier q = m.reads.querier(90_000, 200_000)) {
        assertEquals(List.of("late"), q.labelValues("__name__"));
        assertEquals(List.of("__name__", "s"), q.labelNames());
      }
      try (Querier q = m.reads.querier(200_000, 300_000)) {
        assertEquals(List.of(), q.labelNames());
      }
    }
  }

  @Test
  void aNodeLeavingHandsItsPartitionsOverWithNoAcknowledgedSampleLost() throws Exception {
    startCluster(3);
    for (int round = 0; round < 5; round++) write(members.get(round % 3), 200, 1000L * round, round);
    Member leaving = members.remove(2);
    leaving.close();
    awaitReady();
    assertEquals(200 * 5, read(members.get(0))[1], "all acknowledged samples after the leave");
    // Writes keep working on the survivors, including for the partitions that moved.
    for (int round = 5; round < 8; round++) write(members.get(round % 2), 200, 1000L * round, round);
    assertEquals(200 * 8, read(members.get(1))[1]);
  }
}

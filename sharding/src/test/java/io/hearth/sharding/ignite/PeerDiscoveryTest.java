package io.hearth.sharding.ignite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.discovery.NameResolver;
import io.hearth.sharding.discovery.PeerAddresses;
import io.hearth.sharding.discovery.PeerEntry;
import io.hearth.sharding.testing.LoopbackPorts;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers found through one {@code dns+} name whose records come from a resolver the test controls:
 * real Ignite nodes on loopback (127.0.0.1, one port each) form a cluster from the records, and a
 * node whose record appears only later is found then.
 */
class PeerDiscoveryTest {
  private static final String NAME = "hearth-headless.test.svc";
  @TempDir Path dir;
  private final List<IgniteStore> stores = new CopyOnWriteArrayList<>();

  /** The records of {@link #NAME}: what the resolver answers now (none: the name does not resolve). */
  private final List<InetSocketAddress> records = new CopyOnWriteArrayList<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final NameResolver resolver = (name, port) -> {
    if (!name.equals(NAME)) throw new UnknownHostException(name + ": not a test name");
    lookups.incrementAndGet();
    if (records.isEmpty()) throw new UnknownHostException(name + ": no records yet");
    return List.copyOf(records);
  };

  @AfterEach
  void stopAll() {
    ZoneAwareAffinityTest.closeAll(stores);
  }

  private IgniteSettings node(String name, int disco) throws Exception {
    return new IgniteSettings(name, dir.resolve(name), "127.0.0.1", disco, LoopbackPorts.free(),
        List.of("dns+" + NAME + ":47500"), 16, 2, 64L << 20, Durability.LOG_ONLY).withResolver(resolver);
  }

  private CompletableFuture<IgniteStore> start(IgniteSettings s) {
    return CompletableFuture.supplyAsync(() -> {
      IgniteStore st = IgniteStore.start(s);
      stores.add(st);
      return st;
    });
  }

  private static Set<String> servers(IgniteStore s) {
    Set<String> out = new TreeSet<>();
    for (ClusterNode n : s.ignite().cluster().forServers().nodes()) out.add(String.valueOf(n.consistentId()));
    return out;
  }

  @Test
  @Timeout(value = 360, unit = TimeUnit.SECONDS)
  void nodesBehindOneNameFormOneClusterAndANodeWhoseRecordAppearsLaterIsFound() throws Exception {
    int pa = LoopbackPorts.free();
    int pb = LoopbackPorts.free();
    int pc = LoopbackPorts.free();
    records.add(new InetSocketAddress("127.0.0.1", pa));
    records.add(new InetSocketAddress("127.0.0.1", pb));
    // Two nodes start together: the name resolves to both, so the new cluster activates with both.
    CompletableFuture<IgniteStore> a = start(node("a", pa));
    CompletableFuture<IgniteStore> b = start(node("b", pb));
    IgniteStore sa = a.get(120, TimeUnit.SECONDS);
    IgniteStore sb = b.get(120, TimeUnit.SECONDS);
    assertEquals(Set.of("a", "b"), servers(sa));
    assertEquals(Set.of("a", "b"), servers(sb));
    assertEquals(2, sa.ignite().cluster().currentBaselineTopology().size(), "baseline formed from the two resolved nodes");

    // A third node's record appears: it finds the cluster through the name.
    // Then a fourth starts while the name does not resolve at all: it waits, asking again, until its
    // record and the others appear.
    records.add(new InetSocketAddress("127.0.0.1", pc));
    IgniteStore sc = start(node("c", pc)).get(60, TimeUnit.SECONDS);
    assertEquals(Set.of("a", "b", "c"), servers(sc));

    int pd = LoopbackPorts.free();
    List<InetSocketAddress> all = new ArrayList<>(records);
    all.add(new InetSocketAddress("127.0.0.1", pd));
    records.clear();
    int before = lookups.get();
    CompletableFuture<IgniteStore> d = start(node("d", pd));
    // Still waiting after 5 s and after two lookups at least (a loaded machine may take longer than
    // 5 s to get the node that far).
    Thread.sleep(5000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lookups.get() - before < 2 && System.nanoTime() < deadline) Thread.sleep(50);
    assertTrue(lookups.get() - before >= 2, "asked the resolver again while waiting: " + (lookups.get() - before) + " lookups");
    assertFalse(d.isDone(), "joined while the name did not resolve");
    records.addAll(all);
    IgniteStore sd = d.get(60, TimeUnit.SECONDS);
    for (IgniteStore s : List.of(sa, sb, sc, sd)) assertEquals(Set.of("a", "b", "c", "d"), servers(s));
  }

  @Test
  void peerEntriesAreCheckedAndNamed() {
    assertEquals(new PeerEntry("hearth-headless.monitoring.svc.cluster.local", 47500, true),
        PeerEntry.parse("dns+hearth-headless.monitoring.svc.cluster.local:47500"));
    assertEquals(new PeerEntry("10.0.0.7", 47500, false), PeerEntry.parse("10.0.0.7:47500"));
    assertEquals("invalid peer \"dns+hearth-headless\": expected dns+NAME:PORT",
        assertThrows(IllegalArgumentException.class, () -> PeerEntry.parse("dns+hearth-headless")).getMessage());
    assertEquals("invalid peer \"h:0\": port 0 is outside 1-65535",
        assertThrows(IllegalArgumentException.class, () -> PeerEntry.parse("h:0")).getMessage());
    assertEquals("invalid peer \"h:x\": port \"x\" is not a number",
        assertThrows(IllegalArgumentException.class, () -> PeerEntry.parse("h:x")).getMessage());
  }

  @Test
  void addressesAreResolvedAgainOnEveryCallSortedAndWithoutDuplicates() throws Exception {
    PeerAddresses peers = new PeerAddresses(PeerEntry.parseAll(List.of("dns+" + NAME + ":1", "127.0.0.1:7000")), resolver);
    assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7000)), peers.resolve(), "unresolvable name contributes nothing");
    records.add(new InetSocketAddress("127.0.0.1", 7000));
    records.add(new InetSocketAddress("127.0.0.1", 6000));
    assertEquals(List.of(new InetSocketAddress("127.0.0.1", 6000), new InetSocketAddress("127.0.0.1", 7000)), peers.resolve());
    assertTrue(peers.dynamic());
  }
}

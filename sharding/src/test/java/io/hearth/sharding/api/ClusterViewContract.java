package io.hearth.sharding.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@link ClusterView}'s contract, for every implementation (the in-memory one of the test kit and
 * {@code IgniteClusterView} over real Ignite nodes): each node sees the same topology, which names
 * itself and gives every partition a primary among the live nodes; a call runs the named node's
 * handler, bytes in and out, also on the calling node itself; a handler's {@link StorageException}
 * (every subclass) and {@link IllegalArgumentException} reach the caller with class and message,
 * any other failure as a {@link StorageException}; {@code serve} replaces an earlier handler; a
 * node that leaves raises the version, leaves the topology and its partitions to the others, and
 * calls to it fail with {@link StorageException.Unavailable}. One cluster of {@link #NODES} nodes
 * per class; the leave runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ClusterViewContract {
  protected static final int NODES = 2;
  protected static final Duration SETTLE = Duration.ofSeconds(60);

  /** A running cluster for the contract. */
  protected interface Members extends AutoCloseable {
    /** The nodes' views, one per node, all in the cluster. */
    List<ClusterView> views();

    /** Node {@code i} leaves the cluster (stops). */
    void leave(int i) throws Exception;

    @Override
    void close() throws Exception;
  }

  /** Starts {@link #NODES} nodes whose every partition has a live copy. */
  protected abstract Members start() throws Exception;

  private Members members;

  @BeforeAll
  void startMembers() throws Exception {
    members = start();
    await("every node sees the same topology with every node and every partition served", () -> settled(members.views(), NODES));
  }

  @AfterAll
  void stopMembers() throws Exception {
    if (members != null) members.close();
  }

  private static boolean settled(List<ClusterView> views, int nodes) {
    Topology first = views.get(0).topology();
    if (first.nodes().size() != nodes || !first.unservedPartitions().isEmpty()) return false;
    for (ClusterView v : views) {
      Topology t = v.topology();
      if (t.version() != first.version() || !t.nodes().equals(first.nodes()) || !java.util.Arrays.equals(t.primaries(), first.primaries())) {
        return false;
      }
    }
    return true;
  }

  protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + SETTLE + ": " + what);
      Thread.sleep(50);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Throwable failure(ClusterView from, String node, String service) throws InterruptedException {
    try {
      from.call(node, service, new byte[0]).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("call " + service + " to " + node + " did not complete within 30 s");
    }
    throw new AssertionError("call " + service + " to " + node + " succeeded; expected a failure");
  }

  @Test
  @Order(1)
  void everyNodeSeesItselfAndTheSameSortedNodesWithAPrimaryForEveryPartition() {
    List<ClusterView> views = members.views();
    Topology first = views.get(0).topology();
    assertEquals(NODES, first.nodes().size(), first.nodes().toString());
    List<String> sorted = new ArrayList<>(first.nodes());
    java.util.Collections.sort(sorted);
    assertEquals(sorted, first.nodes(), "nodes are sorted");
    assertTrue(first.partitions() > 0);
    var locals = new HashSet<String>();
    for (ClusterView v : views) {
      Topology t = v.topology();
      assertTrue(t.nodes().contains(t.localNode()), t.localNode() + " in " + t.nodes());
      locals.add(t.localNode());
      for (int p = 0; p < t.partitions(); p++) assertTrue(t.nodes().contains(t.primary(p)), "partition " + p + " on " + t.primary(p));
    }
    assertEquals(new HashSet<>(first.nodes()), locals, "each view is another node's");
  }

  @Test
  @Order(2)
  void aCallRunsTheNamedNodesHandlerBytesInAndOutAlsoOnTheCallerItself() throws Exception {
    List<ClusterView> views = members.views();
    for (ClusterView v : views) {
      String me = v.topology().localNode();
      v.serve("contract.echo", req -> bytes(me + ":" + new String(req, StandardCharsets.UTF_8)));
    }
    for (ClusterView from : views) {
      for (String to : from.topology().nodes()) {
        assertArrayEquals(bytes(to + ":hi \u00e9"), from.call(to, "contract.echo", bytes("hi \u00e9")).get(30, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  @Order(3)
  void serveReplacesTheEarlierHandler() throws Exception {
    ClusterView v = members.views().get(1);
    String me = v.topology().localNode();
    v.serve("contract.version", req -> bytes("one"));
    v.serve("contract.version", req -> bytes("two"));
    assertArrayEquals(bytes("two"), members.views().get(0).call(me, "contract.version", new byte[0]).get(30, TimeUnit.SECONDS));
  }

  @Test
  @Order(4)
  void aHandlersStorageExceptionsReachTheCallerWithClassAndMessageAndOtherFailuresAsStorageException() throws Exception {
    ClusterView target = members.views().get(1);
    ClusterView caller = members.views().get(0);
    String node = target.topology().localNode();
    target.serve("contract.notOwner", req -> {
      throw new StorageException.NotOwner("partition 3 moved");
    });
    target.serve("contract.overloaded", req -> {
      throw new StorageException.Overloaded("queue full");
    });
    target.serve("contract.unavailable", req -> {
      throw new StorageException.Unavailable("shutting down");
    });
    target.serve("contract.storage", req -> {
      throw new StorageException("disk said no");
    });
    target.serve("contract.badRequest", req -> {
      throw new IllegalArgumentException("bad request body");
    });
    target.serve("contract.bug", req -> {
      throw new IllegalStateException("a bug");
    });
    for (ClusterView from : List.of(caller, target)) {
      assertFailure(StorageException.NotOwner.class, "partition 3 moved", failure(from, node, "contract.notOwner"));
      assertFailure(StorageException.Overloaded.class, "queue full", failure(from, node, "contract.overloaded"));
      assertFailure(StorageException.Unavailable.class, "shutting down", failure(from, node, "contract.unavailable"));
      assertFailure(StorageException.class, "disk said no", failure(from, node, "contract.storage"));
      assertFailure(IllegalArgumentException.class, "bad request body", failure(from, node, "contract.badRequest"));
      Throwable bug = failure(from, node, "contract.bug");
      assertInstanceOf(StorageException.class, bug);
      assertTrue(bug.getMessage().contains("a bug") && bug.getMessage().contains(node), bug.getMessage());
    }
  }

  private static void assertFailure(Class<? extends Throwable> type, String message, Throwable t) {
    assertEquals(type, t.getClass(), String.valueOf(t));
    assertEquals(message, t.getMessage());
  }

  @Test
  @Order(5)
  void aServiceTheNodeDoesNotServeFailsAsUnavailable() throws Exception {
    ClusterView caller = members.views().get(0);
    String other = members.views().get(1).topology().localNode();
    assertInstanceOf(StorageException.Unavailable.class, failure(caller, other, "contract.never-served"));
  }

  @Test
  @Order(6)
  void aNodeThatLeavesRaisesTheVersionHandsItsPartitionsOverAndCallsToItFailAsUnavailable() throws Exception {
    ClusterView survivor = members.views().get(0);
    Topology before = survivor.topology();
    String gone = members.views().get(1).topology().localNode();
    assertNotNull(gone);
    members.leave(1);
    await("the survivor's topology without " + gone + " and every partition served", () -> {
      Topology t = survivor.topology();
      return !t.nodes().contains(gone) && t.unservedPartitions().isEmpty();
    });
    Topology after = survivor.topology();
    assertTrue(after.version() > before.version(), "version " + before.version() + " -> " + after.version());
    for (int p = 0; p < after.partitions(); p++) assertFalse(gone.equals(after.primary(p)), "partition " + p + " still on " + gone);
    assertInstanceOf(StorageException.Unavailable.class, failure(survivor, gone, "contract.echo"));
  }
}

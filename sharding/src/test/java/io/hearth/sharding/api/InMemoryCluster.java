package io.hearth.sharding.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Several nodes' {@link ClusterView}s in one JVM, the test kit's stand-in for {@code
 * IgniteClusterView} (both pass {@code ClusterViewContract}). A call runs the named node's handler
 * on a pool thread, bytes in and out, and fails as the Ignite view's does: a {@link
 * StorageException} or {@link IllegalArgumentException} of the handler with its class and message,
 * any other failure as a {@link StorageException} naming node and service, a node that left or does
 * not serve the service with {@link StorageException.Unavailable}. Ownership is set by the test:
 * partition {@code p} starts on node {@code p % N}; every change of it or of the members raises the
 * topology version. Thread-safe.
 */
public final class InMemoryCluster implements AutoCloseable {
  private final Map<String, Map<String, ClusterView.Handler>> handlers = new ConcurrentHashMap<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "in-memory-cluster-call");
    t.setDaemon(true);
    return t;
  });
  private final TreeSet<String> nodes = new TreeSet<>();
  private final String[] primaries;
  private long version = 1;

  /** {@code partitions} partitions over {@code names}, partition p on {@code names[p % N]}. */
  public InMemoryCluster(int partitions, String... names) {
    nodes.addAll(Arrays.asList(names));
    primaries = new String[partitions];
    for (int p = 0; p < partitions; p++) primaries[p] = names[p % names.length];
  }

  /** The view of node {@code local}. */
  public ClusterView view(String local) {
    return new ClusterView() {
      @Override
      public Topology topology() {
        return InMemoryCluster.this.topology(local);
      }

      @Override
      public CompletableFuture<byte[]> call(String node, String service, byte[] request) {
        return InMemoryCluster.this.call(node, service, request);
      }

      @Override
      public void serve(String service, Handler handler) {
        handlers.computeIfAbsent(local, k -> new ConcurrentHashMap<>()).put(service, handler);
      }
    };
  }

  public synchronized Topology topology(String local) {
    return new Topology(version, local, List.copyOf(nodes), primaries.clone());
  }

  /** Partition {@code p} is now served by {@code node}; null: no live copy of it. */
  public synchronized void assign(int p, String node) {
    primaries[p] = node;
    version++;
  }

  /** Every partition is now served by {@code node} (e.g. the leader, primary of partition 0). */
  public synchronized void assignAll(String node) {
    Arrays.fill(primaries, node);
    version++;
  }

  /** {@code node} joins; it serves no partition until assigned one. */
  public synchronized void join(String node) {
    nodes.add(node);
    version++;
  }

  /** {@code node} leaves: its handlers are gone and its partitions go to the others in turn (none left: no live copy). */
  public synchronized void leave(String node) {
    nodes.remove(node);
    handlers.remove(node);
    List<String> rest = new ArrayList<>(nodes);
    for (int p = 0; p < primaries.length; p++) {
      if (node.equals(primaries[p])) primaries[p] = rest.isEmpty() ? null : rest.get(p % rest.size());
    }
    version++;
  }

  private CompletableFuture<byte[]> call(String node, String service, byte[] request) {
    CompletableFuture<byte[]> out = new CompletableFuture<>();
    ClusterView.Handler h;
    synchronized (this) {
      if (!nodes.contains(node)) return CompletableFuture.failedFuture(new StorageException.Unavailable("node " + node + " is not in the cluster"));
      h = handlers.getOrDefault(node, Map.of()).get(service);
    }
    if (h == null) return CompletableFuture.failedFuture(new StorageException.Unavailable("service " + service + " is not running on node " + node));
    try {
      pool.execute(() -> {
        try {
          out.complete(h.handle(request));
        } catch (StorageException | IllegalArgumentException e) {
          out.completeExceptionally(e);
        } catch (Exception e) {
          out.completeExceptionally(new StorageException("node " + node + " failed " + service + ": " + e));
        }
      });
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(new StorageException.Unavailable("node " + node + " is stopping"));
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

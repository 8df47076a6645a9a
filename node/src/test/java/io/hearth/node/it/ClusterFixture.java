package io.hearth.node.it;

import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster of in-process Hearth nodes on 127.0.0.1 ({@link HearthFixture}s whose peers are every
 * node's Ignite discovery address), started in parallel (a node's start blocks until every peer has
 * joined). {@link #start} returns once {@code /-/ready} answers 200 on every node, that is once each
 * serves every partition it is primary for. {@link #close()} stops them all; safe to call twice.
 */
public final class ClusterFixture implements AutoCloseable {
  private final List<HearthFixture> nodes;
  /** Starts node {@code i} again with the settings it first had (same name, ports and data directory). */
  private java.util.function.IntFunction<HearthFixture> restarter;

  private ClusterFixture(List<HearthFixture> nodes) {
    this.nodes = nodes;
  }

  /**
   * Stops node {@code i} if it runs and starts it again with the same name, ports, data directory,
   * configuration and flags; returns once its {@code start()} returned (not waiting for readiness).
   */
  public HearthFixture restart(int i) {
    nodes.get(i).close();
    HearthFixture n = restarter.apply(i);
    nodes.set(i, n);
    return n;
  }

  /** Starts {@code size} nodes named {@code namePrefix-i}, their data under {@code dir/node-i}. */
  public static ClusterFixture start(Path dir, String namePrefix, int size, int replicationFactor, long readyTimeoutMs)
      throws IOException, InterruptedException {
    return start(dir, namePrefix, size, replicationFactor, readyTimeoutMs, TestResources.text("hearth-no-scrape.yml", java.util.Map.of()));
  }

  /** As above, every node started with the same command-line {@code flags} (names without dashes). */
  public static ClusterFixture start(Path dir, String namePrefix, int size, int replicationFactor, long readyTimeoutMs,
      java.util.Map<String, String> flags) throws IOException, InterruptedException {
    return start(dir, namePrefix, size, replicationFactor, readyTimeoutMs, TestResources.text("hearth-no-scrape.yml", java.util.Map.of()), flags);
  }

  /** As above, every node with the configuration {@code configYaml}. */
  public static ClusterFixture start(Path dir, String namePrefix, int size, int replicationFactor, long readyTimeoutMs,
      String configYaml) throws IOException, InterruptedException {
    return start(dir, namePrefix, size, replicationFactor, readyTimeoutMs, configYaml, java.util.Map.of());
  }

  /** As above, every node with the configuration {@code configYaml} and the command-line {@code flags}. */
  public static ClusterFixture start(Path dir, String namePrefix, int size, int replicationFactor, long readyTimeoutMs,
      String configYaml, java.util.Map<String, String> flags) throws IOException, InterruptedException {
    List<Integer> ports = new ArrayList<>();
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int p = LoopbackPorts.freePair();
      ports.add(p);
      peers.add("127.0.0.1:" + p);
    }
    ExecutorService starters = Executors.newFixedThreadPool(size);
    List<Future<HearthFixture>> futures = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int n = i;
      futures.add(starters.submit(() -> HearthFixture.start(dir.resolve("node-" + n), namePrefix + "-" + n, ports.get(n),
          List.copyOf(peers), replicationFactor, configYaml, flags)));
    }
    starters.shutdown();
    List<HearthFixture> started = new ArrayList<>();
    ClusterFixture cluster = new ClusterFixture(started);
    cluster.restarter = n -> {
      try {
        return HearthFixture.start(dir.resolve("node-" + n), namePrefix + "-" + n, ports.get(n), List.copyOf(peers), replicationFactor,
            configYaml, flags);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting node " + n, e);
      }
    };
    try {
      long deadline = System.currentTimeMillis() + readyTimeoutMs;
      Throwable failure = null;
      for (Future<HearthFixture> f : futures) {
        try {
          started.add(f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
          if (failure == null) failure = e.getCause();
        } catch (TimeoutException e) {
          if (failure == null) failure = new IllegalStateException("a cluster node did not start within " + readyTimeoutMs + " ms");
        }
      }
      if (failure != null) throw new IllegalStateException("cluster did not start: " + failure, failure);
      for (HearthFixture node : started) awaitReady(node, deadline);
    } catch (InterruptedException | RuntimeException e) {
      starters.shutdownNow();
      // a start still blocked waiting for its peers ends when those that did start are gone
      cluster.close();
      for (Future<HearthFixture> f : futures) {
        if (f.isDone() && !f.isCancelled()) {
          try {
            HearthFixture late = f.get();
            if (!started.contains(late)) late.close();
          } catch (ExecutionException failed) {
            // nothing was started
          }
        }
      }
      throw e;
    }
    return cluster;
  }

  private static void awaitReady(HearthFixture node, long deadline) throws InterruptedException {
    String last = "no answer";
    while (System.currentTimeMillis() < deadline) {
      try {
        PromApiClient.Reply r = node.api().get("/-/ready", List.of());
        if (r.status() == 200) return;
        last = r.status() + " " + r.body().strip();
      } catch (UncheckedIOException e) {
        last = String.valueOf(e.getCause());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("node on port " + node.port() + " not ready in time: " + last);
  }

  public int size() {
    return nodes.size();
  }

  public HearthFixture node(int i) {
    return nodes.get(i);
  }

  /** The API of node {@code i mod size}: round-robin over the nodes. */
  public PromApiClient api(int i) {
    return nodes.get(Math.floorMod(i, nodes.size())).api();
  }

  @Override
  public void close() {
    // Concurrently: a node leaving hands its partitions to the others, which then leave too.
    List<Thread> stopping = new ArrayList<>();
    for (HearthFixture n : nodes) {
      Thread t = new Thread(n::close, "cluster-fixture-close");
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join(90_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

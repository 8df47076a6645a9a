package io.hearth.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A cluster of {@link ClusterNodeProcess}es on loopback: {@code initial} nodes that form it (their
 * discovery addresses are the {@code --cluster.peers} list) and {@code spare} nodes that can join
 * later (started with the peers plus their own address). Tracks which nodes are serving: the
 * writer and the reader only use those. Everything lives under {@code target/chaos/<test>/}:
 * {@code data/<node>} and {@code logs/<node>-<incarnation>.log}.
 */
public final class ChaosCluster implements AutoCloseable {
  /**
   * How long a node (or the whole cluster) may take to become ready, and the cluster to become
   * stable. Bounds against a hang, not figures under test (those are measured and printed): a
   * loaded 2-core machine running three or four JVMs has taken over 100 s to start Ignite. Test
   * timeouts allow for them.
   */
  public static final Duration START_MAX = Duration.ofSeconds(300);
  public static final Duration STABLE_MAX = Duration.ofSeconds(180);

  public final Path dir;
  private final List<ClusterNodeProcess> nodes = new ArrayList<>();
  private final CopyOnWriteArrayList<ClusterNodeProcess> serving = new CopyOnWriteArrayList<>();
  private final int initial;

  public static Path baseDir() {
    return Path.of(System.getProperty("hearth.chaos.dir", "target/chaos"));
  }

  public ChaosCluster(String testName, int initial, int spare) throws IOException {
    this.initial = initial;
    this.dir = baseDir().resolve(testName).toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    // no scrape_configs: the nodes scrape nothing, the only data is what the test writes
    Files.writeString(config, "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n");
    int[] web = new int[initial + spare];
    int[] disco = new int[initial + spare];
    for (int i = 0; i < initial + spare; i++) {
      disco[i] = freePortPair();
      web[i] = freePort();
    }
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < initial; i++) peers.add("127.0.0.1:" + disco[i]);
    for (int i = 0; i < initial + spare; i++) {
      List<String> p = new ArrayList<>(peers);
      if (i >= initial) p.add("127.0.0.1:" + disco[i]);
      if (initial + spare == 1) p.clear(); // a lone node runs without --cluster.peers (harness self-test)
      String name = "node-" + (i + 1);
      nodes.add(new ClusterNodeProcess(name, web[i], disco[i], dir.resolve("data").resolve(name), dir.resolve("logs"), p, config));
    }
  }

  /**
   * A free port that stays free until the node binds it, however long its start (and any restart
   * on the same port) takes: see {@link LoopbackPorts}, which hands each port out once.
   */
  static int freePort() throws IOException {
    return LoopbackPorts.free();
  }

  /** p and p + 1 free (Ignite discovery and communication). */
  static int freePortPair() throws IOException {
    return LoopbackPorts.freePair();
  }

  public ClusterNodeProcess node(int i) {
    return nodes.get(i);
  }

  public List<ClusterNodeProcess> initialNodes() {
    return nodes.subList(0, initial);
  }

  /** The nodes the load may use now. */
  public List<ClusterNodeProcess> serving() {
    return List.copyOf(serving);
  }

  public void markServing(ClusterNodeProcess n) {
    if (!serving.contains(n)) serving.add(n);
    serving.sort(Comparator.comparing(x -> x.name));
  }

  public void markDown(ClusterNodeProcess n) {
    serving.remove(n);
  }

  /** Starts the nodes together (a fresh cluster forms only once all peers are up), waits for all to be ready. */
  public void startTogether(List<ClusterNodeProcess> which, Duration max) throws Exception {
    for (ClusterNodeProcess n : which) n.start();
    long deadline = System.nanoTime() + max.toNanos();
    for (ClusterNodeProcess n : which) {
      awaitReady(n, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    for (ClusterNodeProcess n : which) markServing(n);
  }

  /**
   * Starts {@code members} together (each ready within {@link ChaosClusterExtension#START}) and waits until
   * they are stable with all of them in the baseline; returns the seconds from the start to stable.
   */
  public double form(List<ClusterNodeProcess> members, Duration stableWithin) throws Exception {
    long t = System.nanoTime();
    startTogether(members, ChaosClusterExtension.START);
    awaitStable(members, stableWithin);
    return (System.nanoTime() - t) / 1e9;
  }

  /**
   * Takes {@code members} out of the load's rotation, sends each SIGTERM and fails unless every one
   * exits by itself within {@code max}; returns the seconds until the last one exited.
   */
  public double stopAll(List<ClusterNodeProcess> members, Duration max) throws InterruptedException {
    for (ClusterNodeProcess n : members) markDown(n);
    long t = System.nanoTime();
    for (ClusterNodeProcess n : members) n.sigterm();
    for (ClusterNodeProcess n : members) {
      if (!n.awaitExit(max)) {
        throw new AssertionError(n.name + " did not exit within " + max.toSeconds() + " s of SIGTERM; log " + n.log() + ":\n"
            + n.logTail(40));
      }
    }
    return (System.nanoTime() - t) / 1e9;
  }

  /** Starts one node (again) and waits until it is ready; returns the seconds it took. */
  public double startAndAwaitReady(ClusterNodeProcess n, Duration max) throws Exception {
    long t = System.nanoTime();
    n.start();
    awaitReady(n, max);
    markServing(n);
    return (System.nanoTime() - t) / 1e9;
  }

  /** How long one step of a rolling restart took: SIGTERM to exit, and start to a stable cluster. */
  public record RestartStep(double stopSeconds, double recoverySeconds) {}

  /**
   * One step of a rolling restart: SIGTERM to {@code n} while it is still in the load's rotation (it
   * must not acknowledge what it cannot keep), out of the rotation half a second later, its own exit
   * within 90 s, a pause, {@code beforeStart} (e.g. another build to run), a start on the same data,
   * ready within 150 s, and {@code members} stable with all of them in the baseline within 120 s.
   */
  public RestartStep restartGracefully(ClusterNodeProcess n, List<ClusterNodeProcess> members, Runnable beforeStart) throws Exception {
    long t = System.nanoTime();
    n.sigterm();
    Thread.sleep(500);
    markDown(n);
    boolean exited = n.awaitExit(Duration.ofSeconds(90));
    double stop = (System.nanoTime() - t) / 1e9;
    if (!exited) throw new AssertionError(n.name + " did not exit within 90 s of SIGTERM; log " + n.log() + ":\n" + n.logTail(40));
    Thread.sleep(3000);
    beforeStart.run();
    t = System.nanoTime();
    startAndAwaitReady(n, ChaosCluster.START_MAX);
    awaitStable(members, ChaosChecks.names(members), ChaosCluster.STABLE_MAX);
    return new RestartStep(stop, (System.nanoTime() - t) / 1e9);
  }

  /** Polls {@code /-/ready} until 200; fails at once if the process exits. */
  public static void awaitReady(ClusterNodeProcess n, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    String last = "no answer";
    while (true) {
      if (!n.alive() || n.mainThreadDied()) {
        throw new AssertionError(n.name + (n.alive() ? " failed to start" : " exited with status " + n.exitValue())
            + " before it was ready; log " + n.log() + ":\n" + n.logTail(40));
      }
      try {
        PromApiClient.Reply r = n.api(Duration.ofSeconds(2)).tryGet("/-/ready");
        if (r.status() == 200) return;
        last = r.toString();
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(n.name + " not ready within " + max.toSeconds() + " s (last: " + last + "); log " + n.log()
            + ":\n" + n.logTail(40));
      }
      Thread.sleep(250);
    }
  }

  /** {@code data} of {@code /api/v1/status/cluster} as the node sees it. */
  public static JsonNode status(ClusterNodeProcess n) throws IOException, InterruptedException {
    PromApiClient.Reply r = n.api(Duration.ofSeconds(5)).tryGet("/api/v1/status/cluster");
    if (r.status() != 200) throw new IOException("status/cluster from " + n.name + ": " + r);
    return r.json().path("data");
  }

  /** The entry of {@code node} in the status's {@code nodes}; fails when it is not in the topology. */
  public static JsonNode nodeEntry(JsonNode status, String node) {
    for (JsonNode n : status.path("nodes")) if (node.equals(n.path("name").asText())) return n;
    throw new AssertionError(node + " not in the topology: " + status);
  }

  public static Set<String> names(JsonNode array) {
    Set<String> s = new TreeSet<>();
    for (JsonNode e : array) s.add(e.path("name").asText());
    return s;
  }

  /**
   * Waits until every one of {@code members} is ready, sees exactly {@code members} in the topology,
   * has the expected baseline (all online) and is not rebalancing. Returns the seconds it took.
   */
  public double awaitStable(List<ClusterNodeProcess> members, Set<String> baseline, Duration max) throws Exception {
    long t = System.nanoTime();
    long deadline = t + max.toNanos();
    Set<String> expected = new TreeSet<>();
    for (ClusterNodeProcess m : members) expected.add(m.name);
    String last = "";
    while (true) {
      boolean ok = true;
      for (ClusterNodeProcess m : members) {
        if (!m.alive()) throw new AssertionError(m.name + " exited with " + m.exitValue() + "; log " + m.log() + ":\n" + m.logTail(40));
        try {
          PromApiClient.Reply ready = m.api(Duration.ofSeconds(2)).tryGet("/-/ready");
          JsonNode s = status(m);
          Set<String> online = new TreeSet<>();
          for (JsonNode b : s.path("baseline")) if (b.path("online").asBoolean()) online.add(b.path("name").asText());
          boolean good = ready.status() == 200 && names(s.path("nodes")).equals(expected)
              && names(s.path("baseline")).equals(baseline) && online.equals(baseline) && !s.path("rebalancing").asBoolean(true);
          if (!good) {
            ok = false;
            last = m.name + ": ready=" + ready.status() + " status=" + s;
            break;
          }
        } catch (IOException e) {
          ok = false;
          last = m.name + ": " + e;
          break;
        }
      }
      if (ok) return (System.nanoTime() - t) / 1e9;
      if (System.nanoTime() > deadline) throw new AssertionError("cluster not stable within " + max.toSeconds() + " s; last: " + last);
      Thread.sleep(500);
    }
  }

  /**
   * Waits until every one of {@code survivors} no longer lists {@code gone} in its topology (failing
   * after {@code max}); returns the time (ms since the epoch) at which the last of them was asked and
   * answered without it.
   */
  public static long awaitLeft(List<ClusterNodeProcess> survivors, ClusterNodeProcess gone, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    long noticed = 0;
    for (ClusterNodeProcess s : survivors) {
      String last = "";
      while (true) {
        long asked = System.currentTimeMillis();
        try {
          JsonNode status = status(s);
          if (!names(status.path("nodes")).contains(gone.name)) {
            noticed = Math.max(noticed, asked);
            break;
          }
          last = status.toString();
        } catch (IOException notNow) {
          last = notNow.toString();
        }
        if (System.nanoTime() >= deadline) throw new AssertionError(s.name + " still lists " + gone.name + " " + max.toSeconds()
            + " s after its kill -9: " + last);
        Thread.sleep(100);
      }
    }
    return noticed;
  }

  /** {@link #awaitStable(List, Set, Duration)} with exactly {@code members} in the baseline. */
  public double awaitStable(List<ClusterNodeProcess> members, Duration max) throws Exception {
    return awaitStable(members, ChaosChecks.names(members), max);
  }

  /** {@code POST /api/v1/admin/cluster/baseline/<op>} with {@code node=NAME}; returns data. */
  public static JsonNode baseline(ClusterNodeProcess via, String op, String node) throws IOException, InterruptedException {
    PromApiClient.Reply r = via.api(Duration.ofSeconds(60)).tryPostForm("/api/v1/admin/cluster/baseline/" + op, Map.of("node", node));
    if (r.status() != 200) throw new AssertionError("baseline " + op + " " + node + " via " + via.name + ": " + r);
    JsonNode j = r.json();
    if (!"success".equals(j.path("status").asText())) throw new AssertionError("baseline " + op + " " + node + ": " + r);
    return j.path("data");
  }

  /**
   * Sum of the node's rebalance byte counters in /metrics ({@code hearth_*rebalanc*bytes*}, e.g.
   * {@code hearth_cluster_rebalanced_bytes_total}), or NaN when it exposes none (or does not answer).
   */
  public static double rebalanceBytes(ClusterNodeProcess n) {
    try {
      PromApiClient.Reply r = n.api(Duration.ofSeconds(5)).tryGet("/metrics");
      if (r.status() != 200) return Double.NaN;
      double sum = 0;
      boolean found = false;
      for (String line : r.body().split("\n")) {
        String metric = line.split("[{\\s]", 2)[0];
        if (metric.startsWith("hearth_") && metric.contains("rebalanc") && metric.contains("bytes")) {
          String[] parts = line.trim().split("\\s+");
          String v = line.contains("}") ? line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+")[0] : parts[1];
          sum += Double.parseDouble(v);
          found = true;
        }
      }
      return found ? sum : Double.NaN;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  /** Kills (-9) every node still running. */
  @Override
  public void close() {
    for (ClusterNodeProcess n : nodes) {
      try {
        n.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Paths of every node's log files, for messages. */
  public String logs() {
    return dir.resolve("logs").toString();
  }

  static void deleteRecursively(Path p) {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> {
        try {
          Files.deleteIfExists(x);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
          throw new UncheckedIOException("something still writes into " + x, e);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (java.nio.file.NoSuchFileException gone) {
      // removed meanwhile (a file a process was finishing): walk again
      deleteRecursively(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

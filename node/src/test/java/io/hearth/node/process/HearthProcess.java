package io.hearth.node.process;

import io.hearth.node.it.PromApiClient;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Hearth node as a separate OS process (the same classes as this test JVM), so that tests can
 * kill it with SIGKILL and start it again on the same data directory.
 */
public final class HearthProcess implements AutoCloseable {
  private final Process process;
  public final int webPort;
  public final Path log;

  private HearthProcess(Process p, int webPort, Path log) {
    this.process = p;
    this.webPort = webPort;
    this.log = log;
  }

  /** A free port, kept free until the process binds it however long its start takes (see {@link LoopbackPorts}). */
  public static int freePort() throws IOException {
    return LoopbackPorts.free();
  }

  /** Two free ports p, p+1 (Ignite discovery and communication). */
  public static int freePortPair() throws IOException {
    return LoopbackPorts.freePair();
  }

  public static HearthProcess start(Path dataDir, int webPort, int clusterPort, String... flags) throws IOException {
    return start(JvmLauncher.hearth(), dataDir, webPort, clusterPort, flags);
  }

  /** A node of another build: its shaded jar on the classpath (e.g. the previous release, for upgrade fixtures). */
  public static HearthProcess startJar(Path jar, Path dataDir, int webPort, int clusterPort, String... flags)
      throws IOException {
    return start(JvmLauncher.hearth().classPath(jar), dataDir, webPort, clusterPort, flags);
  }

  private static HearthProcess start(JvmLauncher launcher, Path dataDir, int webPort, int clusterPort, String... flags)
      throws IOException {
    launcher.args("run", "--web.listen-address=127.0.0.1:" + webPort, "--cluster.listen-address=127.0.0.1:" + clusterPort,
        "--storage.tsdb.path=" + dataDir, "--storage.ignite.region-size=128MB", "--cluster.partitions=16").args(flags);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
    return new HearthProcess(launcher.start(log), webPort, log);
  }

  public String base() {
    return "http://127.0.0.1:" + webPort;
  }

  /** The node's HTTP API. */
  public PromApiClient api() {
    return new PromApiClient(URI.create(base()));
  }

  /** Polls /-/ready until it answers 200 or the time is up. */
  public void awaitReady(Duration max) throws Exception {
    PromApiClient c = new PromApiClient(URI.create(base()), Duration.ofSeconds(2));
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("hearth exited with " + process.exitValue() + "; log " + log);
      try {
        if (c.get("/-/ready", List.of()).status() == 200) return;
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("hearth not ready within " + max + "; log " + log);
  }

  /** SIGKILL: no shutdown hook runs. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM and wait for a graceful exit. */
  public int stop(Duration max) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
      return -1;
    }
    return process.exitValue();
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill9();
  }
}

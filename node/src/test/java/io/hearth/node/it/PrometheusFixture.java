package io.hearth.node.it;

import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code /usr/bin/prometheus} as a child process on a free 127.0.0.1 port, with the
 * remote-write receiver and the lifecycle API on, its TSDB and log under the given directory.
 * {@link #reload(String)} swaps the configuration; {@link #stop(Duration)} is a graceful SIGTERM;
 * {@link #close()} always kills what is left.
 */
public final class PrometheusFixture implements AutoCloseable {
  public static final String BINARY = "/usr/bin/prometheus";

  private final ChildProcess process;
  private final Path config;
  private final int port;
  private final PromApiClient api;

  private PrometheusFixture(ChildProcess process, Path config, int port) {
    this.process = process;
    this.config = config;
    this.port = port;
    this.api = new PromApiClient(URI.create("http://127.0.0.1:" + port));
  }

  /** A port for Prometheus, chosen before the configuration is written (it may scrape itself). */
  public static int reservePort() throws IOException {
    return LoopbackPorts.free();
  }

  /** Starts Prometheus on {@code port} with {@code configYaml}; returns once {@code /-/ready} answers 200. */
  public static PrometheusFixture start(Path dir, int port, String configYaml) throws IOException, InterruptedException {
    return start(dir, port, configYaml, List.of());
  }

  /** As above with more command-line flags (e.g. {@code --enable-feature=native-histograms}). */
  public static PrometheusFixture start(Path dir, int port, String configYaml, List<String> extraFlags)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, configYaml, StandardCharsets.UTF_8);
    List<String> args = new java.util.ArrayList<>(List.of(BINARY,
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--web.enable-remote-write-receiver",
        "--web.enable-lifecycle",
        "--log.level=info"));
    args.addAll(extraFlags);
    ChildProcess p = ChildProcess.start("prometheus", args, dir.resolve("prometheus.log"));
    PrometheusFixture f = new PrometheusFixture(p, config, port);
    try {
      p.awaitReady(f.api.base().resolve("/-/ready"), Duration.ofSeconds(60));
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.close();
      throw e;
    }
    return f;
  }

  public PromApiClient api() {
    return api;
  }

  public int port() {
    return port;
  }

  /** Rewrites the configuration file and POSTs {@code /-/reload}; fails unless Prometheus accepted it. */
  public void reload(String configYaml) throws IOException {
    Files.writeString(config, configYaml, StandardCharsets.UTF_8);
    PromApiClient.Reply r = api.post("/-/reload");
    if (r.status() != 200) {
      throw new IllegalStateException("prometheus reload failed: " + r.status() + " " + r.body() + "\n" + process.logTail());
    }
  }

  /** SIGTERM, then waits for the exit (Prometheus flushes its remote-write queues on the way). */
  public int stop(Duration timeout) throws InterruptedException {
    return process.stop(timeout);
  }

  public String logTail() {
    return process.logTail();
  }

  @Override
  public void close() {
    process.close();
  }
}

package io.hearth.node.it;

import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code prometheus-node-exporter} on a free 127.0.0.1 port with a small, light set of
 * collectors (cpu, meminfo, loadavg, filesystem). {@link #close()} kills it.
 */
public final class NodeExporterFixture implements AutoCloseable {
  public static final String BINARY = "/usr/bin/prometheus-node-exporter";

  private final ChildProcess process;
  private final int port;

  private NodeExporterFixture(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static NodeExporterFixture start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = LoopbackPorts.free();
    ChildProcess p = ChildProcess.start("node-exporter", List.of(BINARY,
        "--web.listen-address=127.0.0.1:" + port,
        "--collector.disable-defaults",
        "--collector.cpu", "--collector.meminfo", "--collector.loadavg", "--collector.filesystem"), dir.resolve("node-exporter.log"));
    try {
      p.awaitReady(URI.create("http://127.0.0.1:" + port + "/metrics"), Duration.ofSeconds(30));
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.close();
      throw e;
    }
    return new NodeExporterFixture(p, port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.close();
  }
}

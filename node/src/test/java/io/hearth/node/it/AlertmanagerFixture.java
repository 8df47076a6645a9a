package io.hearth.node.it;

import io.hearth.sharding.testing.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code prometheus-alertmanager} as a child process on a free 127.0.0.1 port, gossip
 * off ({@code --cluster.listen-address=}), its storage and log under the given directory, served
 * under {@code routePrefix} ({@code --web.route-prefix}), with one route: every alert goes at once
 * ({@code group_wait} 100ms, {@code group_interval} 200ms, grouped by all labels) to a webhook
 * with {@code send_resolved}. {@link #close()} always kills it.
 */
public final class AlertmanagerFixture implements AutoCloseable {
  public static final String BINARY = "/usr/bin/prometheus-alertmanager";

  private final ChildProcess process;
  private final int port;
  private final String routePrefix;

  private AlertmanagerFixture(ChildProcess process, int port, String routePrefix) {
    this.process = process;
    this.port = port;
    this.routePrefix = routePrefix;
  }

  /** Starts Alertmanager posting to {@code webhookUrl}; returns once {@code <prefix>/-/ready} answers 200. */
  public static AlertmanagerFixture start(Path dir, String webhookUrl, String routePrefix)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route:
          receiver: hook
          group_by: ['...']
          group_wait: 100ms
          group_interval: 200ms
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: %s
                send_resolved: true
        """.formatted(webhookUrl), StandardCharsets.UTF_8);
    int port = LoopbackPorts.free();
    ChildProcess p = ChildProcess.start("alertmanager", List.of(BINARY,
        "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--web.route-prefix=" + routePrefix,
        "--cluster.listen-address=",
        "--log.level=info"), dir.resolve("alertmanager.log"));
    AlertmanagerFixture f = new AlertmanagerFixture(p, port, routePrefix);
    try {
      p.awaitReady(URI.create("http://127.0.0.1:" + port + f.prefix() + "/-/ready"), Duration.ofSeconds(30));
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.close();
      throw e;
    }
    return f;
  }

  /** {@code 127.0.0.1:<port>}, the target address for {@code static_configs}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The alerts Alertmanager holds that match {@code filter} (e.g. {@code alertname="X"}): {@code GET <prefix>/api/v2/alerts?filter=}. */
  public PromApiClient.Reply alerts(String filter) {
    return new PromApiClient(URI.create("http://" + address() + prefix()), Duration.ofSeconds(5))
        .get("/api/v2/alerts", List.of(Map.entry("filter", filter)));
  }

  /** The route prefix without a trailing slash ({@code ""} for the root). */
  public String prefix() {
    return routePrefix.equals("/") ? "" : routePrefix.replaceAll("/+$", "");
  }

  public String logTail() {
    return process.logTail();
  }

  @Override
  public void close() {
    process.close();
  }
}

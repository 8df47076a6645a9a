package io.hearth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearth cluster decommission NODE --web.listen-address=HOST:PORT}: asks a running node (any
 * node of the cluster, started with {@code --web.enable-admin-api}) to decommission NODE, then polls
 * {@code /api/v1/status/cluster} and prints the partitions NODE still holds until it holds none and
 * nothing rebalances; then NODE can be stopped (and its pod removed) without data moving.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Change the cluster's membership.",
    subcommands = {ClusterCommand.Decommission.class})
public final class ClusterCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("hearth: error: expected a subcommand: decommission");
  }

  @Command(name = "decommission", mixinStandardHelpOptions = true,
      description = "Move every partition away from a running node, then report that it can be stopped.")
  static final class Decommission implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "NODE", description = "The node's name (--cluster.node-name, the pod name).")
    String node;

    @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", description = "A node of the cluster to ask (default: ${DEFAULT-VALUE}).")
    String listenAddress = "127.0.0.1:9090";

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    String timeout = "1h";

    @Option(names = "--poll-interval", paramLabel = "DURATION", description = "How often to ask for progress (default: ${DEFAULT-VALUE}).")
    String pollInterval = "2s";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws InterruptedException {
      String base;
      long timeoutMs;
      long pollMs;
      try {
        String[] hp = Units.hostPort("web.listen-address", listenAddress);
        base = "http://" + hp[0] + ":" + hp[1];
        timeoutMs = Units.duration("timeout", timeout);
        pollMs = Math.max(100, Units.duration("poll-interval", pollInterval));
      } catch (IllegalArgumentException e) {
        System.err.println("hearth: error: " + e.getMessage());
        return 2;
      }
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/cluster/decommission"))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("node=" + URLEncoder.encode(node, StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          JsonNode outside = outsideBaseline(status(base));
          if (outside == null) {
            System.err.println("hearth: error: decommission " + node + " via " + base + ": HTTP " + r.statusCode() + ": " + error(r.body()));
            return 1;
          }
          System.out.println(node + " is already outside the baseline (" + error(r.body()) + "); waiting for its partitions to move");
        } else {
          System.out.println(node + " removed from the baseline via " + base + "; its partitions move to the other nodes");
        }
        String last = "";
        while (true) {
          JsonNode s = status(base);
          JsonNode d = outsideBaseline(s);
          double secs = (System.nanoTime() - t0) / 1e9;
          if (d == null) {
            System.err.println("hearth: error: " + node + " is no longer online outside the baseline (stopped, or added back) after "
                + String.format("%.1f", secs) + " s; status: " + s);
            return 1;
          }
          String line = node + ": " + d.path("partitionsOwned").asInt() + " partitions assigned, " + d.path("partitionsOnDisk").asInt()
              + " on disk, " + d.path("servingPartitions").asInt() + " served, cluster "
              + (d.path("rebalancing").asBoolean() ? "rebalancing" : "not rebalancing");
          if (!line.equals(last)) System.out.println(String.format("%6.1f s  ", secs) + line);
          last = line;
          if (d.path("done").asBoolean()) {
            System.out.println(String.format("decommissioned %s in %.1f s: it holds no partition; stop it now (kubectl scale"
                + " statefulset ... --replicas=N-1 when it is the highest ordinal)", node, secs));
            return 0;
          }
          if (secs * 1000 > timeoutMs) {
            System.err.println("hearth: error: " + node + " still holds partitions after " + timeout + " (--timeout); it keeps moving;"
                + " run the command again to keep watching");
            return 1;
          }
          Thread.sleep(pollMs);
        }
      } catch (IOException e) {
        System.err.println("hearth: error: cannot reach " + base + ": " + e.getMessage());
        return 1;
      }
    }

    private JsonNode status(String base) throws IOException, InterruptedException {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status/cluster")).timeout(Duration.ofSeconds(30))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IOException("status/cluster answered HTTP " + r.statusCode() + ": " + error(r.body()));
      return JSON.readTree(r.body()).path("data");
    }

    /** The node's entry in {@code outsideBaseline}, or null when it is not there. */
    private JsonNode outsideBaseline(JsonNode status) {
      for (JsonNode n : status.path("outsideBaseline")) if (node.equals(n.path("name").asText())) return n;
      return null;
    }

    private static String error(String body) {
      try {
        JsonNode j = JSON.readTree(body);
        if (j.hasNonNull("error")) return j.path("error").asText();
      } catch (IOException e) {
        // not JSON: the body as it is
      }
      return body.strip();
    }
  }
}

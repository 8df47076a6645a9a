package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.remote.WriteRequestBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplars of one series remote-written to different nodes of a two-node cluster are checked for
 * order per series, as Prometheus checks them: an exemplar older than the series' newest is refused
 * whichever node receives it, and a newer one is kept whichever node receives it. (Each node keeping
 * what it received would accept the older one on the node that had none of the series.)
 */
class ClusterExemplarOrderTest {
  private static final String CONFIG = "global:\n  scrape_interval: 15s\nstorage:\n  exemplars:\n    max_exemplars: 1000\n";

  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void anExemplarOlderThanItsSeriesNewestIsRefusedWhicheverNodeReceivesIt() throws Exception {
    try (ClusterFixture cluster = ClusterFixture.start(dir, "it-exemplar-order", 2, 1, 150_000, CONFIG)) {
      long now = System.currentTimeMillis();
      for (int series = 0; series < 4; series++) {
        // Several series: whichever node owns each, every one has exemplars arriving at both nodes.
        String job = "j" + series;
        write(cluster.api(0), job, now - 4_000, now - 10_000, "first");
        write(cluster.api(1), job, now - 3_000, now - 20_000, "older");
        write(cluster.api(1), job, now - 2_000, now - 5_000, "newer");
        write(cluster.api(0), job, now - 1_000, now - 7_000, "older-again");
      }
      for (int node = 0; node < 2; node++) {
        JsonNode data = cluster.api(node).get("/api/v1/query_exemplars", List.of(Map.entry("query", "ordered_total"),
            Map.entry("start", PromApiClient.time(now - 60_000)), Map.entry("end", PromApiClient.time(now)))).json().get("data");
        assertEquals(4, data.size(), "node " + node + ": " + data);
        for (JsonNode s : data) {
          List<String> traces = new ArrayList<>();
          for (JsonNode e : s.get("exemplars")) traces.add(e.get("labels").get("trace_id").asText());
          assertEquals(List.of("first", "newer"), traces, "node " + node + ", series " + s.get("seriesLabels"));
        }
      }
    }
  }

  /**
   * One sample of {@code ordered_total{job}} at {@code sampleT} (in order: each write's is newer)
   * with an exemplar at {@code exemplarT} traced {@code trace}.
   */
  private static void write(PromApiClient api, String job, long sampleT, long exemplarT, String trace) {
    byte[] body = WriteRequestBuilder.v1().series("__name__", "ordered_total", "job", job).sample(sampleT, 1)
        .exemplar(1, exemplarT, "trace_id", trace).buildSnappy();
    PromApiClient.Reply r = api.remoteWrite(body);
    assertEquals(204, r.status(), r.body());
  }
}

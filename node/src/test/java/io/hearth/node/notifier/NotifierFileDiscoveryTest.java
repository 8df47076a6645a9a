package io.hearth.node.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.node.metrics.NotifierMetrics;
import io.hearth.scrape.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code file_sd_configs} in an {@code alertmanagers} entry: the file's targets and their changes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifierFileDiscoveryTest {
  @TempDir Path dir;

  @Test
  void alertmanagersFromAFileFollowItsChanges() throws Exception {
    Path targets = dir.resolve("alertmanagers.json");
    Files.writeString(targets, "[{\"targets\": [\"127.0.5.1:9093\"], \"labels\": {\"env\": \"prod\"}}]");
    Files.writeString(dir.resolve("prometheus.yml"), """
        alerting:
          alertmanagers:
            - scheme: https
              file_sd_configs: [{files: ['*.json'], refresh_interval: 1s}]
              relabel_configs: [{source_labels: [env], regex: prod, action: keep}]
        """);
    try (Notifier n = new Notifier(10, false, new NotifierMetrics())) {
      n.apply(ConfigLoader.load(dir.resolve("prometheus.yml")).alerting());
      NotifierKubernetesDiscoveryTest.await(n::activeAlertmanagers, List.of("https://127.0.5.1:9093/api/v2/alerts"));
      Files.writeString(targets, "[{\"targets\": [\"127.0.5.2:9093\"], \"labels\": {\"env\": \"prod\"}},"
          + " {\"targets\": [\"127.0.5.3:9093\"], \"labels\": {\"env\": \"test\"}}]");
      NotifierKubernetesDiscoveryTest.await(n::activeAlertmanagers, List.of("https://127.0.5.2:9093/api/v2/alerts"));
      assertEquals(List.of("https://127.0.5.3:9093/api/v2/alerts"), n.droppedAlertmanagers());
    }
  }
}

package io.hearth.scrape.discovery.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.config.FileSdConfig;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscovererTest {
  @Test
  void firstUpdateCarriesAllGroupsFromJsonAndYaml(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.json"), "[{\"targets\": [\"h1:1\", \"h2:2\"], \"labels\": {\"env\": \"p\"}}]");
    Files.writeString(dir.resolve("b.yml"), "- targets: ['h3:3']\n  labels:\n    env: q\n- targets: ['h4:4']\n");
    LinkedBlockingQueue<List<TargetGroup>> q = new LinkedBlockingQueue<>();
    try (FileDiscoverer d = new FileDiscoverer(new FileSdConfig(List.of(dir + "/*.json", dir + "/*.yml"),
        Duration.ofMinutes(5)), Duration.ofMillis(50))) {
      d.start(q::add);
      List<TargetGroup> first = q.poll(5, TimeUnit.SECONDS);
      assertEquals(3, first.size());
      TargetGroup a = first.get(0);
      assertEquals(dir.resolve("a.json") + ":0", a.source());
      assertEquals(List.of(Labels.of("__address__", "h1:1"), Labels.of("__address__", "h2:2")), a.targets());
      assertEquals(Labels.of("env", "p", "__meta_filepath", dir.resolve("a.json").toString()), a.labels());
      Files.delete(dir.resolve("b.yml"));
      List<TargetGroup> removal = q.poll(5, TimeUnit.SECONDS);
      assertEquals(2, removal.size());
      assertTrue(removal.stream().allMatch(g -> g.targets().isEmpty()), "deleted file empties its groups");
    }
  }
}

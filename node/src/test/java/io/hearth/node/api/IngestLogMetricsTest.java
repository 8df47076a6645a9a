package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.TestNodeConfig;
import io.hearth.node.process.HearthProcess;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node alone reports its ingest log files in /metrics ({@code hearth_ingest_log_files},
 * {@code hearth_ingest_log_file_bytes}) as they are on disk: written samples show as a file with
 * bytes; a flush checkpoints every partition, after which a stop leaves the directory empty.
 */
class IngestLogMetricsTest {
  @TempDir Path dir;

  private static double metric(String body, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(body);
    assertTrue(m.find(), name + " in /metrics");
    return Double.parseDouble(m.group(1));
  }

  private static long filesIn(Path d) throws Exception {
    if (!Files.isDirectory(d)) return 0;
    try (var s = Files.list(d)) {
      return s.filter(f -> f.toString().endsWith(".hlog")).count();
    }
  }

  @Test
  void theLogFilesOnDiskAreReportedAndAStopAfterAFlushLeavesNone() throws Exception {
    Path logDir = dir.resolve("data").resolve("ignite").resolve("ingest-log");
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "scrape_configs: []\n"); // nothing else writes meanwhile
    HearthNode node = TestNodeConfig.of(dir, "logmetrics").configFile(config).clusterPort(HearthProcess.freePortPair()).start();
    try {
      PromApiClient api = new PromApiClient(URI.create("http://127.0.0.1:" + node.address().getPort()), Duration.ofSeconds(20));
      Appender a = node.head().appender();
      long t = System.currentTimeMillis() - 60_000;
      for (int s = 0; s < 200; s++) {
        int ref = a.series(Labels.of("__name__", "logged", "s", Integer.toString(s)));
        for (int i = 0; i < 10; i++) a.append(ref, t + i * 1000L, i);
      }
      a.commit();
      String body = api.get("/metrics", List.of()).body();
      long onDisk = filesIn(logDir);
      assertTrue(onDisk >= 1, "a log file on disk");
      assertEquals(onDisk, (long) metric(body, "hearth_ingest_log_files"));
      long bytes = 0;
      try (var s = Files.list(logDir)) {
        for (Path f : (Iterable<Path>) s::iterator) bytes += Files.size(f);
      }
      assertEquals(bytes, (long) metric(body, "hearth_ingest_log_file_bytes"), "the files' bytes as stored");
    } finally {
      node.close();
    }
    assertEquals(0, filesIn(logDir), "a clean stop checkpoints every partition and deletes the files");
  }
}

package io.hearth.node.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.process.HearthProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test of this build: makes the data-directory fixture of {@link UpgradeFromPreviousReleaseTest}
 * with the jar of an older build ({@code -Dhearth.upgrade.oldJar=...}); skipped without it. Run by
 * {@code scripts/make-upgrade-fixture.sh COMMIT}, which builds that jar. Writes
 * {@code data.tar.gz} (the node's data directory after a graceful stop), {@code expected.json}
 * (every sample as that build answered a range selector over all of them) and
 * {@code fixture.properties} into {@code -Dhearth.upgrade.out}.
 */
class UpgradeFixtureMaker {
  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void makeFixtureWithOldJar() throws Exception {
    String jar = System.getProperty("hearth.upgrade.oldJar");
    assumeTrue(jar != null && !jar.isEmpty(), "set -Dhearth.upgrade.oldJar to make an upgrade fixture");
    String commit = System.getProperty("hearth.upgrade.commit", "unknown");
    Path out = Path.of(System.getProperty("hearth.upgrade.out", UpgradeData.fixtureRoot().resolve(commit).toString()));
    Path data = tmp.resolve("data");
    JsonNode expected;
    double segments;
    double blocks;
    try (HearthProcess p = HearthProcess.startJar(Path.of(jar), data, HearthProcess.freePort(), HearthProcess.freePortPair(),
        UpgradeData.RETENTION, "--web.enable-admin-api")) {
      p.awaitReady(Duration.ofSeconds(90));
      // Three writes with flushes between them: segments, then a truncation (index block) once head
      // time passes the truncation interval, and a tail that only the head snapshot holds.
      UpgradeData.write(p, 0, 180, 30);
      Thread.sleep(3000);
      assertEquals(204, UpgradeData.post(p, "/api/v1/admin/tsdb/flush"));
      UpgradeData.write(p, 180, 350, 30);
      Thread.sleep(3000);
      assertEquals(204, UpgradeData.post(p, "/api/v1/admin/tsdb/flush"));
      UpgradeData.write(p, 350, UpgradeData.STEPS, 5);
      expected = UpgradeData.readAll(p, UpgradeData.STEPS);
      assertEquals(UpgradeData.SERIES * UpgradeData.STEPS, UpgradeData.sampleCount(expected), "samples read back from the old build");
      segments = UpgradeData.metric(p, "hearth_segments");
      blocks = UpgradeData.metric(p, "hearth_index_blocks");
      assertTrue(segments > 0 && blocks > 0, "the fixture must hold segments and an index block [segments=" + segments
          + ", index blocks=" + blocks + "]; log " + p.log);
      UpgradeData.stopGracefully(p);
    }
    Files.createDirectories(out);
    UpgradeData.json().writerWithDefaultPrettyPrinter().writeValue(out.resolve("expected.json").toFile(), expected);
    Files.writeString(out.resolve("fixture.properties"), "# written by UpgradeFixtureMaker (scripts/make-upgrade-fixture.sh)\n"
        + "commit=" + commit + "\n"
        + "nodeName=hearth-0\n"
        + "partitions=16\n"
        + "steps=" + UpgradeData.STEPS + "\n"
        + "segments=" + (long) segments + "\n"
        + "indexBlocks=" + (long) blocks + "\n");
    Process tar = new ProcessBuilder("tar", "-czf", out.resolve("data.tar.gz").toString(), "-C", tmp.toString(), "data")
        .inheritIO().start();
    assertTrue(tar.waitFor(120, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar of the data directory");
  }
}

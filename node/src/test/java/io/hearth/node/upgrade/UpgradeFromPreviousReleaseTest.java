package io.hearth.node.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.process.HearthProcess;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * This build starts on a data directory written by an earlier release (a committed fixture under
 * {@code src/test/resources/upgrade/<commit>/}, made by {@code scripts/make-upgrade-fixture.sh})
 * and answers every series and sample exactly as that release did; it then takes new writes, and
 * after a restart still reads the old and the new samples.
 */
class UpgradeFromPreviousReleaseTest {
  @TempDir Path tmp;

  static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> dirs = Files.list(UpgradeData.fixtureRoot())) {
      List<Path> out = dirs.filter(d -> Files.isRegularFile(d.resolve("data.tar.gz"))).sorted().toList();
      assertFalse(out.isEmpty(), "no upgrade fixture under " + UpgradeData.fixtureRoot().toAbsolutePath());
      return out.stream();
    }
  }

  @ParameterizedTest(name = "data of {0}")
  @MethodSource("fixtures")
  @Timeout(300)
  void dataOfThePreviousReleaseReadsBackAndTakesWritesAcrossARestart(Path fixture) throws Exception {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(fixture.resolve("fixture.properties"))) {
      props.load(r);
    }
    JsonNode expected = UpgradeData.json().readTree(fixture.resolve("expected.json").toFile());
    int steps = Integer.parseInt(props.getProperty("steps"));
    assertEquals(UpgradeData.SERIES * steps, UpgradeData.sampleCount(expected), "the fixture's expected answer");
    Process tar = new ProcessBuilder("tar", "-xzf", fixture.resolve("data.tar.gz").toAbsolutePath().toString(), "-C",
        tmp.toString()).inheritIO().start();
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "untar the fixture");
    Path data = tmp.resolve("data");
    int web = HearthProcess.freePort();
    int cluster = HearthProcess.freePortPair();
    // The fixture's node: its name (the Ignite consistent id) and partitions (HearthProcess passes 16).
    assertEquals("16", props.getProperty("partitions"), "partitions of the fixture");
    String[] flags = {UpgradeData.RETENTION, "--cluster.node-name=" + props.getProperty("nodeName")};
    int more = 20;
    try (HearthProcess p = HearthProcess.start(data, web, cluster, flags)) {
      p.awaitReady(Duration.ofSeconds(120));
      assertEquals(expected, UpgradeData.readAll(p, steps), "every sample of the old build reads back identically; log " + p.log);
      assertTrue(UpgradeData.metric(p, "hearth_index_blocks") > 0, "the old index blocks are found; log " + p.log);
      UpgradeData.write(p, steps, steps + more, 5);
      JsonNode after = UpgradeData.readAll(p, steps + more);
      assertEquals(UpgradeData.SERIES * (steps + more), UpgradeData.sampleCount(after), "old and new samples; log " + p.log);
      UpgradeData.stopGracefully(p);
    }
    try (HearthProcess p = HearthProcess.start(data, web, cluster, flags)) {
      p.awaitReady(Duration.ofSeconds(120));
      assertEquals(expected, UpgradeData.readAll(p, steps), "old samples after a restart on the new build; log " + p.log);
      JsonNode after = UpgradeData.readAll(p, steps + more);
      assertEquals(UpgradeData.SERIES * (steps + more), UpgradeData.sampleCount(after), "old and new samples after a restart");
      assertEquals(UpgradeData.seriesOf(expected), UpgradeData.seriesOf(after), "no series gained or lost");
    }
  }
}

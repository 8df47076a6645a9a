package io.hearth.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.node.NodeConfig;
import io.hearth.sharding.ignite.Durability;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code hearth run}'s flags as the node receives them, and the one-line refusals of bad values. */
class RunCommandTest {
  private static NodeConfig config(String... args) {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.toConfig();
  }

  @Test
  void walModeDefaultsToLogOnly() {
    NodeConfig cfg = config();
    assertEquals(Durability.LOG_ONLY, cfg.durability());
    assertEquals("log_only", cfg.flags().get("storage.ignite.wal-mode"));
  }

  @Test
  void walModeFsyncReachesTheNodeConfigAndTheFlagsPage() {
    NodeConfig cfg = config("--storage.ignite.wal-mode=fsync");
    assertEquals(Durability.FSYNC, cfg.durability());
    assertEquals("fsync", cfg.flags().get("storage.ignite.wal-mode"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "FSYNC", "background", ""})
  @Timeout(30) // a value wrongly accepted would start a node
  void unknownWalModeIsRefusedWithOneLineNamingTheFlagAndTheAcceptedValues(String value) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = new CommandLine(new Main()).execute("run", "--storage.ignite.wal-mode=" + value);
    } finally {
      System.setErr(err);
    }
    assertEquals(2, code);
    assertEquals("hearth: error: invalid value \"" + value + "\" for flag --storage.ignite.wal-mode: expected log_only or fsync\n",
        captured.toString(StandardCharsets.UTF_8));
  }

  @Test
  void alertmanagerFlagsDefaultAsPrometheussAndReachTheFlagsPage() {
    NodeConfig cfg = config();
    assertEquals("10000", cfg.flags().get("alertmanager.notification-queue-capacity"));
    assertEquals("true", cfg.flags().get("alertmanager.drain-notification-queue-on-shutdown"));
    cfg = config("--alertmanager.notification-queue-capacity=5", "--alertmanager.drain-notification-queue-on-shutdown=false");
    assertEquals("5", cfg.flags().get("alertmanager.notification-queue-capacity"));
    assertEquals("false", cfg.flags().get("alertmanager.drain-notification-queue-on-shutdown"));
  }

  @Test
  void notificationQueueCapacityBelowOneIsRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> config("--alertmanager.notification-queue-capacity=0"));
    assertEquals("invalid value \"0\" for flag --alertmanager.notification-queue-capacity: at least 1", e.getMessage());
  }

  @Test
  void resultsCacheSizeDefaultsToAThirtySecondOfTheHeapTakesZeroToTurnItOffAndRefusesWhatIsNoSize() {
    long auto = Math.max(8L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 32));
    assertEquals(auto, config().queryResultsCacheBytes());
    assertEquals("auto", config().flags().get("query.results-cache-size"));
    assertEquals(0, config("--query.results-cache-size=0").queryResultsCacheBytes());
    assertEquals(1L << 30, config("--query.results-cache-size=1GB").queryResultsCacheBytes());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> config("--query.results-cache-size=lots"));
    assertEquals("invalid value \"lots\" for flag --query.results-cache-size: not a size like 512MB or 10GB", e.getMessage());
  }
}

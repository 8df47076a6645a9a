package io.hearth.node.cli;

import static io.hearth.node.cli.RunCommandTlsFlagsTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.NodeConfig;
import org.junit.jupiter.api.Test;

/** The {@code --remote-write.ha-*} flags: defaults, values reaching the config, and clear errors. */
class RunCommandHaFlagsTest {
  @Test
  void defaultsAreOffWithMimirsLabelsAndThirtySeconds() {
    NodeConfig cfg = parse().toConfig();
    assertFalse(cfg.haDedup());
    assertEquals("cluster", cfg.haClusterLabel());
    assertEquals("__replica__", cfg.haReplicaLabel());
    assertEquals(30_000, cfg.haFailoverTimeoutMs());
  }

  @Test
  void givenValuesReachTheConfig() {
    NodeConfig cfg = parse("--remote-write.ha-dedup", "--remote-write.ha-cluster-label=prometheus",
        "--remote-write.ha-replica-label=prometheus_replica", "--remote-write.ha-failover-timeout=5s").toConfig();
    assertTrue(cfg.haDedup());
    assertEquals("prometheus", cfg.haClusterLabel());
    assertEquals("prometheus_replica", cfg.haReplicaLabel());
    assertEquals(5_000, cfg.haFailoverTimeoutMs());
    assertEquals("true", cfg.flags().get("remote-write.ha-dedup"));
  }

  @Test
  void badValuesNameTheFlagAndWhatIsWrong() {
    assertEquals("flags --remote-write.ha-cluster-label and --remote-write.ha-replica-label must differ, both are \"x\"",
        assertThrows(IllegalArgumentException.class,
            () -> parse("--remote-write.ha-cluster-label=x", "--remote-write.ha-replica-label=x").toConfig()).getMessage());
    assertEquals("invalid value \"__name__\" for flag --remote-write.ha-replica-label: a label name other than __name__",
        assertThrows(IllegalArgumentException.class, () -> parse("--remote-write.ha-replica-label=__name__").toConfig()).getMessage());
    assertEquals("invalid value \"500ms\" for flag --remote-write.ha-failover-timeout: at least 1s",
        assertThrows(IllegalArgumentException.class, () -> parse("--remote-write.ha-failover-timeout=500ms").toConfig()).getMessage());
    assertEquals("invalid value \"soon\" for flag --remote-write.ha-failover-timeout: not a duration like 15d or 2h30m",
        assertThrows(IllegalArgumentException.class, () -> parse("--remote-write.ha-failover-timeout=soon").toConfig()).getMessage());
  }
}

package io.hearth.node.cli;

import static io.hearth.node.cli.RunCommandTlsFlagsTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.node.NodeConfig;
import io.hearth.sharding.ignite.IgniteSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --cluster.peers} with {@code dns+} names, {@code --cluster.partitions}, {@code --cluster.bootstrap-expect} and the zone flags: accepted values and clear errors. */
class RunCommandClusterFlagsTest {
  @Test
  void peersTakeAddressesAndDnsNamesAndTheZoneAndBootstrapCountReachTheConfig() {
    NodeConfig cfg = parse("--cluster.peers=dns+hearth-headless.monitoring.svc.cluster.local:47500,10.0.0.9:47500",
        "--cluster.zone=eu-west-1a", "--cluster.bootstrap-expect=3").toConfig();
    assertEquals(List.of("dns+hearth-headless.monitoring.svc.cluster.local:47500", "10.0.0.9:47500"), cfg.peers());
    assertEquals("eu-west-1a", cfg.clusterZone());
    assertEquals(3, cfg.bootstrapExpect());
    assertEquals(30_000, parse("--cluster.baseline-settle=30s").toConfig().baselineSettleMs());
    assertEquals(0, parse("--cluster.baseline-settle=0s").toConfig().baselineSettleMs());
    NodeConfig plain = parse().toConfig();
    assertEquals(120_000, plain.baselineSettleMs(), "default 2m");
    assertEquals("", plain.clusterZone());
    assertEquals(0, plain.bootstrapExpect());
  }

  @Test
  void partitionsDefaultToAutoAndTakeAPowerOfTwo() {
    assertEquals(IgniteSettings.AUTO_PARTITIONS, parse().toConfig().partitions(), "auto: the data's count, else 16 alone, 64 in a cluster");
    assertEquals(IgniteSettings.AUTO_PARTITIONS, parse("--cluster.partitions=auto").toConfig().partitions());
    assertEquals(128, parse("--cluster.partitions=128").toConfig().partitions());
    for (String bad : List.of("12", "0", "-16", "many", "131072")) {
      assertEquals("invalid value \"" + bad + "\" for flag --cluster.partitions: expected auto or a power of two up to 65536",
          assertThrows(IllegalArgumentException.class, () -> parse("--cluster.partitions=" + bad).toConfig()).getMessage());
    }
  }

  @Test
  void badValuesNameTheFlagAndWhatIsWrong() {
    assertEquals("invalid value for flag --cluster.peers: invalid peer \"dns+hearth-headless\": expected dns+NAME:PORT",
        assertThrows(IllegalArgumentException.class, () -> parse("--cluster.peers=dns+hearth-headless").toConfig()).getMessage());
    assertEquals("invalid value for flag --cluster.peers: invalid peer \"10.0.0.9:99999\": port 99999 is outside 1-65535",
        assertThrows(IllegalArgumentException.class, () -> parse("--cluster.peers=10.0.0.9:99999").toConfig()).getMessage());
    assertEquals("invalid value \"soon\" for flag --cluster.baseline-settle: not a duration like 15d or 2h30m",
        assertThrows(IllegalArgumentException.class, () -> parse("--cluster.baseline-settle=soon").toConfig()).getMessage());
    assertEquals("invalid value \"-1\" for flag --cluster.bootstrap-expect: must not be negative",
        assertThrows(IllegalArgumentException.class, () -> parse("--cluster.bootstrap-expect=-1").toConfig()).getMessage());
    assertEquals("invalid value \"eu west\" for flag --cluster.zone: up to 63 letters, digits, '.', '_' or '-'",
        assertThrows(IllegalArgumentException.class, () -> parse("--cluster.zone=eu west").toConfig()).getMessage());
    assertEquals("flags --cluster.zone and --cluster.zone-from-node exclude each other: give the zone or the node to read it from",
        assertThrows(IllegalArgumentException.class,
            () -> parse("--cluster.zone=a", "--cluster.zone-from-node=ip-10-0-1-7").toConfig()).getMessage());
  }
}

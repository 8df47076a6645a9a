package io.hearth.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.NodeConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --enable-feature} as Prometheus reads it: repeatable, comma lists, unknown names warned about and ignored. */
class RunCommandFeatureFlagsTest {
  private static NodeConfig config(String... args) {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.toConfig();
  }

  @Test
  void createdTimestampZeroIngestionIsOffByDefault() {
    assertFalse(config().createdTimestampZeroIngestion());
  }

  @Test
  void featureIsEnabledFromACommaListOrARepeatedFlag() {
    assertTrue(config("--enable-feature=native-histograms,created-timestamp-zero-ingestion").createdTimestampZeroIngestion());
    assertTrue(config("--enable-feature=native-histograms", "--enable-feature", "created-timestamp-zero-ingestion")
        .createdTimestampZeroIngestion());
  }

  @Test
  void unknownFeaturesAreNotAnErrorButListedToWarnAbout() {
    NodeConfig cfg = config("--enable-feature=exemplar-storage,created-timestamp-zero-ingestion,exemplar-storage");
    assertTrue(cfg.createdTimestampZeroIngestion());
    Features.Parsed p = Features.parse(List.of("exemplar-storage,created-timestamp-zero-ingestion,exemplar-storage", " agent "));
    assertEquals(Set.of("created-timestamp-zero-ingestion"), p.enabled());
    assertEquals(List.of("exemplar-storage", "agent"), p.unknown());
  }
}

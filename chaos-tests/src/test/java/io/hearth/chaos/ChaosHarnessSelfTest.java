package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness against one node without clustering: the writer's ledger, the reader's checks and
 * the read-back agree with a real node, and the read-back does report acknowledged samples that
 * are not stored (so that "lost=0" in the cluster tests means something).
 */
class ChaosHarnessSelfTest {
  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void readBackFindsEveryAcknowledgedSampleAndReportsOnesThatWereNeverStored() throws Exception {
    ChaosCluster cluster = chaos.create("ChaosHarnessSelfTest", 1, 0);
    ClusterNodeProcess n = cluster.node(0);
    cluster.startTogether(List.of(n), ChaosCluster.START_MAX);
    AckLedger ledger = AckLedger.startingTwoHoursAgo("chaos_metric", 200);
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(ledger)).start()) {
      Thread.sleep(6000);
      load.awaitProgress(20, 5, ChaosLoad.PROGRESS_WAIT);
      load.stop();
      assertTrue(ledger.ackedRoundCount() >= 20, "batches acknowledged by a healthy node: " + ledger.ackedRoundCount());
      assertTrue(load.reader.checked.sum() >= 5, "reader answers checked: " + load.reader.checked.sum());
      assertEquals(List.of(), load.queryProblems());
      assertEquals(List.of(), load.rejectedWrites());

      Verifier.Readback ok = Verifier.readBack(load.queries, ledger, n);
      Summary.print("ChaosHarnessSelfTest", ok.describe() + load.writerFigures());
      assertEquals(0, ok.lost(), ok.describe());
      assertEquals(0, ok.wrong(), ok.describe());
      assertEquals(ledger.ackedSamples(), ok.acknowledged());

      // a round "acknowledged" in the ledger but never sent must show up as lost, once per series
      int never = load.writers.get(0).rounds() + 5;
      ledger.attempting(never);
      ledger.ack(never);
      Verifier.Readback missing = Verifier.readBack(load.queries, ledger, n);
      assertEquals(ledger.series, missing.lost(), missing.describe());
      assertEquals(0, missing.wrong(), missing.describe());
    }
  }
}

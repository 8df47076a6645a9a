package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The end of every chaos test: read everything back, print the figures, fail on any loss or wrong answer. */
public final class ChaosChecks {
  private ChaosChecks() {}

  public static Set<String> names(List<ClusterNodeProcess> nodes) {
    Set<String> s = new TreeSet<>();
    for (ClusterNodeProcess n : nodes) s.add(n.name);
    return s;
  }

  /**
   * After the load stopped: reads every ledger back through the first serving node, asks every
   * serving node for the total count, prints the summary line, then asserts: nothing acknowledged
   * lost, nothing wrong read back, every node gives the same total, no query problem, no rejected
   * write, and at least {@code minAckedBatches} batches acknowledged per ledger (the load really ran).
   */
  public static void verifyAndReport(String test, ChaosCluster cluster, ChaosLoad load, double recoverySeconds, int minAckedBatches,
      String extra) throws InterruptedException {
    List<ClusterNodeProcess> serving = cluster.serving();
    long lost = 0;
    long wrong = 0;
    List<String> problems = new ArrayList<>();
    StringBuilder readbacks = new StringBuilder();
    for (AckLedger l : load.ledgers) {
      Verifier.Readback rb = Verifier.readBack(load.queries, l, serving.get(0));
      lost += rb.lost();
      wrong += rb.wrong();
      readbacks.append(" [").append(l.metric).append(": ").append(rb.describe()).append(']');
      if (rb.lost() > 0 || rb.wrong() > 0) problems.add(l.metric + " read back via " + serving.get(0).name + ": " + rb.describe());
      String q = "sum(count_over_time(" + l.metric + "[3h]))";
      for (ClusterNodeProcess n : serving) {
        QueryClient.Answer a = load.queries.get(QueryClient.instant(q, l.evalTime()), n);
        if (a == null) continue; // recorded in the query client's errors
        double v = QueryClient.singleValue(a.data());
        if (!(v >= l.ackedSamples() && v <= l.attemptedSamples())) {
          wrong++;
          problems.add(q + " from " + n.name + " = " + v + " after the load; acknowledged " + l.ackedSamples() + ", attempted "
              + l.attemptedSamples());
        }
      }
    }
    List<String> queryProblems = load.queryProblems();
    List<String> rejected = load.rejectedWrites();
    Summary.print(test, "acknowledged=" + load.acknowledged() + " lost=" + lost + " wrong=" + wrong + " query_errors="
        + queryProblems.size() + " max_query_unavailable_s=" + Summary.secs(load.queries.maxUnavailableSeconds())
        + " recovery_s=" + Summary.secs(recoverySeconds) + " rejected_writes=" + rejected.size()
        + (extra.isEmpty() ? "" : " " + extra) + load.writerFigures() + readbacks + " logs=" + cluster.logs());
    for (String p : queryProblems) System.out.println("  query problem: " + p);
    for (String p : rejected) System.out.println("  rejected write: " + p);
    for (String p : problems) System.out.println("  problem: " + p);
    assertEquals(0, lost, "acknowledged samples lost: " + problems);
    assertEquals(0, wrong, "wrong samples or totals: " + problems);
    assertEquals(List.of(), queryProblems, "queries failing past " + QueryClient.TOLERATED.toSeconds() + " s or answering wrong");
    assertEquals(List.of(), rejected, "valid batches rejected");
    for (AckLedger l : load.ledgers) {
      assertTrue(l.ackedRoundCount() >= minAckedBatches, l.metric + ": only " + l.ackedRoundCount() + " batches acknowledged");
    }
  }
}

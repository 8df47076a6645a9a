package io.hearth.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.PromApiClient;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Queries the cluster continuously while it is being disturbed and checks every 200 answer against
 * the ledgers: the count of samples it reports may never be below what was acknowledged before the
 * query was sent (a partial answer) nor above what had been attempted once it came back (invented
 * data), and once anything was acknowledged every series must be there.
 */
public final class LoadReader implements AutoCloseable {
  private final QueryClient client;
  private final List<AckLedger> ledgers;
  private final long pauseMs;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private volatile Throwable crashed;
  public final LongAdder checked = new LongAdder();
  /** Answers that were 200 but wrong. */
  public final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();

  public LoadReader(QueryClient client, List<AckLedger> ledgers, long pauseMs) {
    this.client = client;
    this.ledgers = ledgers;
    this.pauseMs = pauseMs;
    this.thread = new Thread(this::run, "chaos-reader");
    thread.setDaemon(true);
  }

  public LoadReader start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      for (long i = 0; !stop.get(); i++) {
        AckLedger l = ledgers.get((int) (i % ledgers.size()));
        switch ((int) ((i / ledgers.size()) % 3)) {
          case 0 -> checkSampleCount(l, false);
          case 1 -> checkSeriesCount(l);
          default -> checkSampleCount(l, true);
        }
        Thread.sleep(pauseMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      crashed = t;
    }
  }

  /** {@code sum(count_over_time(m[3h]))}: between acknowledged-before and attempted-after. */
  private void checkSampleCount(AckLedger l, boolean asRange) throws InterruptedException {
    String q = "sum(count_over_time(" + l.metric + "[3h]))";
    long lo = l.ackedSamples();
    QueryClient.Answer a = asRange
        ? client.get(QueryClient.range(q, AckLedger.seconds(l.evalTimeMs() - 120_000), l.evalTime(), "60"))
        : client.get(QueryClient.instant(q, l.evalTime()));
    long hi = l.attemptedSamples();
    if (a == null) return;
    checked.increment();
    double v;
    if (asRange) {
      JsonNode result = a.data().path("result");
      if (!"matrix".equals(a.data().path("resultType").asText()) || result.size() > 1) {
        wrong.add("range " + q + " from " + a.node().name + ": unexpected shape " + PromApiClient.abbreviate(a.json().toString()));
        return;
      }
      JsonNode values = result.size() == 0 ? null : result.get(0).path("values");
      // the last point is at evalTime, where the [3h] window covers every sample of the ledger
      v = values == null || values.size() == 0 ? 0
          : Math.round(values.get(values.size() - 1).get(0).asDouble() * 1000) == l.evalTimeMs()
              ? Double.parseDouble(values.get(values.size() - 1).get(1).asText()) : 0;
    } else {
      v = QueryClient.singleValue(a.data());
    }
    if (!(v >= lo && v <= hi)) {
      wrong.add(String.format("%s%s from %s = %s, but %d samples were acknowledged before it was sent and %d attempted after",
          asRange ? "range " : "", q, a.node().name, v, lo, hi));
    }
  }

  /** {@code count(last_over_time(m[3h]))}: every series once any batch was acknowledged. */
  private void checkSeriesCount(AckLedger l) throws InterruptedException {
    String q = "count(last_over_time(" + l.metric + "[3h]))";
    long lo = l.ackedSamples();
    QueryClient.Answer a = client.get(QueryClient.instant(q, l.evalTime()));
    if (a == null) return;
    checked.increment();
    double v = QueryClient.singleValue(a.data());
    boolean ok = lo > 0 ? v == l.series : (v >= 0 && v <= l.series);
    if (!ok) wrong.add(q + " from " + a.node().name + " = " + v + ", expected " + l.series + " (acknowledged before: " + lo + ")");
  }

  public void stop() throws InterruptedException {
    stop.set(true);
    thread.join(90_000);
    if (thread.isAlive()) throw new IllegalStateException("reader did not stop");
    if (crashed != null) throw new IllegalStateException("reader crashed", crashed);
  }

  @Override
  public void close() {
    stop.set(true);
    thread.interrupt();
  }
}

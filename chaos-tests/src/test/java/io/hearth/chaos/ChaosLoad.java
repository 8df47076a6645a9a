package io.hearth.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writer and reader load on a cluster for one or more ledgers, with the figures every chaos test
 * reports. {@link #stop()} must be called before reading the figures; {@link #close()} (in a
 * finally) only makes sure the threads end.
 */
public final class ChaosLoad implements AutoCloseable {
  /** How long {@link #awaitProgress} waits at most beyond a test's own schedule. */
  public static final Duration PROGRESS_WAIT = Duration.ofSeconds(90);

  public final QueryClient queries;
  public final List<AckLedger> ledgers;
  /** The ledgers this load writes (the others are only read). */
  private final List<AckLedger> written;
  public final List<LoadWriter> writers = new ArrayList<>();
  public final LoadReader reader;

  /** One writer per ledger (a batch at most every 100 ms), one reader over all ledgers. */
  public ChaosLoad(ChaosCluster cluster, List<AckLedger> ledgers) {
    this(cluster, ledgers, List.of());
  }

  /** Writes the {@code written} ledgers; the reader also checks {@code finished} ones (written before, no longer growing). */
  public ChaosLoad(ChaosCluster cluster, List<AckLedger> written, List<AckLedger> finished) {
    this.queries = new QueryClient(cluster::serving);
    List<AckLedger> all = new ArrayList<>(written);
    all.addAll(finished);
    this.ledgers = List.copyOf(all);
    this.written = List.copyOf(written);
    for (AckLedger l : written) writers.add(new LoadWriter(l, cluster::serving, 100));
    this.reader = new LoadReader(queries, ledgers, 150);
  }

  /**
   * Writes {@code ledger} alone for at least {@code millis} and until at least {@code minAckedRounds}
   * batches were acknowledged (data that is then fixed: the later checks compare answers over it),
   * checks no query problem and no rejected write, and returns the rounds written. A loaded machine
   * acknowledges fewer batches per second, so the amount of data is waited for, not assumed from
   * the time; past {@link #PROGRESS_WAIT} the caller's own check of the count fails.
   */
  public static int writeFixed(ChaosCluster cluster, AckLedger ledger, long millis, int minAckedRounds) throws InterruptedException {
    try (ChaosLoad initial = new ChaosLoad(cluster, List.of(ledger))) {
      initial.start();
      Thread.sleep(millis);
      initial.awaitProgress(minAckedRounds, 0, PROGRESS_WAIT);
      initial.stop();
      if (!initial.queryProblems().isEmpty()) throw new AssertionError("query problems while writing " + ledger.metric + ": " + initial.queryProblems());
      if (!initial.rejectedWrites().isEmpty()) throw new AssertionError("rejected writes of " + ledger.metric + ": " + initial.rejectedWrites());
      return initial.writers.get(0).rounds();
    }
  }

  /**
   * Waits until every ledger this load writes has at least {@code minAckedRounds} acknowledged
   * batches and the reader has checked at least {@code minChecked} answers, or {@code max} has
   * passed (then returns: the test's assertions on the counts fail with their own messages). Tests
   * that require an amount of load wait for it here instead of assuming a rate of batches per second.
   */
  public void awaitProgress(int minAckedRounds, long minChecked, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      boolean enough = reader.checked.sum() >= minChecked;
      for (AckLedger l : written) enough &= l.ackedRoundCount() >= minAckedRounds;
      if (enough) return;
      Thread.sleep(100);
    }
  }

  public ChaosLoad start() {
    writers.forEach(LoadWriter::start);
    reader.start();
    return this;
  }

  public void stop() throws InterruptedException {
    for (LoadWriter w : writers) w.stop();
    reader.stop();
  }

  public long acknowledged() {
    return ledgers.stream().mapToLong(AckLedger::ackedSamples).sum();
  }

  /** Errors of the query client (unavailable past the window, bad status) and wrong answers seen by the reader. */
  public List<String> queryProblems() {
    List<String> p = new ArrayList<>(queries.errors);
    p.addAll(reader.wrong);
    return p;
  }

  public List<String> rejectedWrites() {
    List<String> p = new ArrayList<>();
    for (LoadWriter w : writers) p.addAll(w.rejected);
    return p;
  }

  public String writerFigures() {
    StringBuilder b = new StringBuilder();
    for (LoadWriter w : writers) {
      b.append(" writer[").append(w.rounds()).append(" batches, requests=").append(w.requests.sum()).append(", retries=")
          .append(w.retries.sum()).append(", given_up=").append(w.givenUp.sum()).append(", failures=").append(w.failures())
          .append(", max_write_unavailable_s=").append(Summary.secs(w.maxWriteUnavailableSeconds())).append(']');
    }
    b.append(" reader[queries=").append(queries.queries.sum()).append(", checked=").append(reader.checked.sum())
        .append(", retried=").append(queries.retried.sum()).append(']');
    return b.toString();
  }

  @Override
  public void close() {
    writers.forEach(LoadWriter::close);
    reader.close();
  }
}

package io.hearth.sharding.cluster;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.CommitReport;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.Topology;
import io.hearth.sharding.wire.SeriesCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster's write path: stages samples, and on commit sends each owner node the samples of
 * its partitions in one message (service {@value #APPEND}), where they are appended to the owner's
 * head and made durable (ingest log with FULL_SYNC backups) before it answers. The commit returns
 * when every owner answered.
 *
 * <p>When an owner refuses ({@link StorageException.NotOwner}: ownership moved) or left, its part
 * is re-routed by a fresh topology until {@link #RETRY_MS} has passed, then the commit fails with
 * {@link StorageException.Unavailable}. Parts other owners accepted stay accepted: a sender that
 * retries the whole request finds them as duplicates, which are ignored, so a retry is safe.
 *
 * <p>Order checks happen on the owner: {@link Appender#append} only stages, and
 * {@link Appender#commitReport()} tells what the owners rejected.
 */
public final class RoutingAppendable implements Appendable {
  public static final String APPEND = "write.append";
  static final long RETRY_MS = 15_000;
  private static final long CALL_WAIT_MS = 60_000;

  private final ClusterView view;
  private final int partitions;
  public final LongAdder messagesSent = new LongAdder();
  public final LongAdder bytesSent = new LongAdder();
  public final LongAdder reroutes = new LongAdder();

  /** Encoded label blocks of the series sent, one slot per 16 KiB of heap as the series caches have. */
  private final WriteBatch.LabelBlocks blocks =
      new WriteBatch.LabelBlocks(SeriesCache.slotsForHeap(Runtime.getRuntime().maxMemory()));

  public RoutingAppendable(ClusterView view, int partitions) {
    this.view = view;
    this.partitions = partitions;
  }

  /**
   * Registers the owner side: batches sent here are appended to {@code local} and committed. The
   * labels of series seen before come from a cache sized from the heap ({@link SeriesCache#sizedForHeap}).
   */
  public static void serve(ClusterView view, Appendable local) {
    SeriesCache cache = SeriesCache.sizedForHeap(Runtime.getRuntime().maxMemory());
    view.serve(APPEND, req -> WriteBatch.applyTo(req, local, cache));
  }

  @Override
  public Appender appender() {
    return new RoutingAppender();
  }

  private final class RoutingAppender implements Appender {
    private final List<Labels> series = new ArrayList<>();
    private int[] seriesPartition = new int[64];
    private int[] ref = new int[256];
    private long[] ts = new long[256];
    private double[] vs = new double[256];
    private FloatHistogram[] hs;
    /** For a staged created-timestamp zero sample: the timestamp of the sample it precedes; null until the first. */
    private long[] ctBefore;
    private int n;
    private boolean done;
    private CommitReport report = CommitReport.NONE;

    @Override
    public int series(Labels labels) {
      check();
      if (series.size() == seriesPartition.length) seriesPartition = Arrays.copyOf(seriesPartition, series.size() * 2);
      seriesPartition[series.size()] = Partitioning.partition(labels, partitions);
      series.add(labels);
      return series.size() - 1;
    }

    @Override
    public AppendStatus append(int r, long t, double v) {
      check();
      stage(r, t, v, null);
      return AppendStatus.OK;
    }

    @Override
    public AppendStatus appendHistogram(int r, long t, FloatHistogram h) {
      check();
      if (hs == null) hs = new FloatHistogram[ts.length];
      stage(r, t, 0, h.copy());
      return AppendStatus.OK;
    }

    /** Staged with the sample it precedes; the owner checks it and drops it silently when refused. */
    @Override
    public AppendStatus appendCreatedZero(int r, long ct, long t, FloatHistogram first) {
      check();
      if (ct >= t) return AppendStatus.OUT_OF_ORDER;
      if (first != null && hs == null) hs = new FloatHistogram[ts.length];
      if (ctBefore == null) ctBefore = new long[ts.length];
      stage(r, ct, 0, first == null ? null : FloatHistogram.createdZero(first));
      ctBefore[n - 1] = t;
      return AppendStatus.OK;
    }

    private void stage(int r, long t, double v, FloatHistogram h) {
      if (n == ts.length) {
        ref = Arrays.copyOf(ref, n * 2);
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
        if (hs != null) hs = Arrays.copyOf(hs, n * 2);
        if (ctBefore != null) ctBefore = Arrays.copyOf(ctBefore, n * 2);
      }
      if (ctBefore != null) ctBefore[n] = Long.MIN_VALUE;
      ref[n] = r;
      ts[n] = t;
      vs[n] = v;
      if (hs != null) hs[n] = h;
      n++;
    }

    @Override
    public boolean checksAtCommit() {
      return true;
    }

    @Override
    public CommitReport commitReport() {
      return report;
    }

    @Override
    public void commit() {
      check();
      done = true;
      if (n == 0) return;
      boolean[] pending = new boolean[n];
      Arrays.fill(pending, true);
      int left = n;
      ReportBuilder rb = new ReportBuilder();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS);
      String lastProblem = null;
      while (true) {
        Topology topo = view.topology();
        // Owner of every partition, as an index into owners; then the pending samples of each owner in
        // arrival order (primitive arrays: nothing allocated per sample).
        List<String> owners = new ArrayList<>();
        int[] partOwner = new int[partitions];
        for (int p = 0; p < partitions; p++) {
          String o = topo.primary(p);
          if (o == null) {
            partOwner[p] = -1;
            continue;
          }
          int k = owners.indexOf(o);
          if (k < 0) {
            k = owners.size();
            owners.add(o);
          }
          partOwner[p] = k;
        }
        int[] perOwner = new int[owners.size()];
        for (int i = 0; i < n; i++) {
          if (!pending[i]) continue;
          int o = partOwner[seriesPartition[ref[i]]];
          if (o < 0) lastProblem = "partition " + seriesPartition[ref[i]] + " has no live copy";
          else perOwner[o]++;
        }
        int[][] byOwner = new int[owners.size()][];
        for (int o = 0; o < owners.size(); o++) byOwner[o] = new int[perOwner[o]];
        int[] fill = new int[owners.size()];
        for (int i = 0; i < n; i++) {
          if (!pending[i]) continue;
          int o = partOwner[seriesPartition[ref[i]]];
          if (o >= 0) byOwner[o][fill[o]++] = i;
        }
        List<CompletableFuture<byte[]>> calls = new ArrayList<>(owners.size());
        List<WriteBatch.Encoded> sent = new ArrayList<>(owners.size());
        for (int o = 0; o < owners.size(); o++) {
          if (byOwner[o].length == 0) {
            calls.add(null);
            sent.add(null);
            continue;
          }
          WriteBatch.Encoded enc = WriteBatch.encode(series, ref, ts, vs, hs, ctBefore, byOwner[o], blocks);
          sent.add(enc);
          messagesSent.increment();
          bytesSent.add(enc.bytes().length);
          calls.add(view.call(owners.get(o), APPEND, enc.bytes()));
        }
        StorageException fatal = null;
        for (int o = 0; o < owners.size(); o++) {
          if (calls.get(o) == null) continue;
          String owner = owners.get(o);
          try {
            byte[] answer = calls.get(o).get(CALL_WAIT_MS, TimeUnit.MILLISECONDS);
            rb.add(WriteBatch.decodeReport(answer), sent.get(o), series);
            for (int i : byOwner[o]) {
              pending[i] = false;
              left--;
            }
          } catch (ExecutionException ex) {
            Throwable c = ex.getCause();
            if (c instanceof StorageException.NotOwner || c instanceof StorageException.Unavailable) {
              lastProblem = c.getMessage();
              reroutes.increment();
            } else if (c instanceof StorageException) {
              fatal = (StorageException) c;
            } else {
              fatal = new StorageException("write to node " + owner + " failed: " + c, c);
            }
          } catch (java.util.concurrent.TimeoutException ex) {
            fatal = new StorageException.Unavailable("node " + owner + " did not confirm the write within " + CALL_WAIT_MS + " ms");
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StorageException.Unavailable("interrupted while writing to the cluster");
          }
        }
        if (fatal != null) throw fatal;
        if (left == 0) break;
        if (System.nanoTime() > deadline) {
          throw new StorageException.Unavailable(left + " samples not stored: their partitions had no serving owner within "
              + RETRY_MS + " ms (" + lastProblem + ")");
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new StorageException.Unavailable("interrupted while writing to the cluster");
        }
      }
      report = rb.build();
    }

    @Override
    public void rollback() {
      done = true;
    }

    private void check() {
      if (done) throw new IllegalStateException("appender already committed or rolled back");
    }
  }

  /** Sums the owners' reports; the first offender is the earliest one of the first owner that had one. */
  private static final class ReportBuilder {
    long ooo, dup, old, floats, hists, limited;
    Labels firstSeries;
    long firstT;
    AppendStatus firstStatus;

    void add(WriteBatch.Report r, WriteBatch.Encoded enc, List<Labels> series) {
      ooo += r.outOfOrder();
      dup += r.duplicateTimestamp();
      old += r.tooOld();
      limited += r.seriesLimited();
      floats += r.acceptedFloats();
      hists += r.acceptedHistograms();
      if (firstStatus == null && r.firstStatus() != null) {
        firstStatus = r.firstStatus();
        firstSeries = series.get(enc.seriesRefs()[r.firstSeriesIndex()]);
        firstT = r.firstT();
      }
    }

    CommitReport build() {
      return new CommitReport(ooo, dup, old, floats, hists, firstSeries, firstT, firstStatus, limited);
    }
  }
}

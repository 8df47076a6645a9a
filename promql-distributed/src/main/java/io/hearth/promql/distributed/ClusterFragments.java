package io.hearth.promql.distributed;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.planner.Fragment;
import io.hearth.promql.planner.FragmentExecutor;
import io.hearth.promql.planner.FragmentResult;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.promql.engine.PromQLException;
import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.PartitionLease;
import io.hearth.sharding.api.ShardAccess;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scatter-gather of query fragments over a {@link ClusterView}: one request per node of one
 * {@link Topology} snapshot, naming the partitions that node serves in it, sent to the {@value
 * #SERVICE} service that {@link #serve} registers.
 *
 * <p>Never answers for part of the data: a topology with partitions that have no live copy is
 * refused with {@link StorageException.Unavailable}; a node that no longer serves a partition
 * ({@link StorageException.NotOwner}, at lease time or found by {@link PartitionLease#validate()}
 * after reading) makes the whole scatter start again from a fresh topology, with backoff, until the
 * retry budget (5 s by default) is spent, and then fails with {@link
 * StorageException.Unavailable}. Other storage failures propagate unchanged; a shard's query error
 * is rethrown as the same {@link PromQLException}. Thread-safe.
 */
public final class ClusterFragments implements FragmentExecutor {
  /** The service name of fragment evaluation. */
  public static final String SERVICE = "promql.fragment";
  /** How long a fragment keeps retrying while partitions move. */
  public static final long DEFAULT_RETRY_BUDGET_MS = 5_000;
  private static final long MAX_BACKOFF_MS = 200;

  private final ClusterView view;
  private final long retryBudgetMs;
  private final LongAdder fragments = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder partials = new LongAdder();
  private final LongAdder retries = new LongAdder();

  public ClusterFragments(ClusterView view) {
    this(view, DEFAULT_RETRY_BUDGET_MS);
  }

  public ClusterFragments(ClusterView view, long retryBudgetMs) {
    this.view = view;
    this.retryBudgetMs = retryBudgetMs;
  }

  /**
   * Registers the shard side of {@value #SERVICE} on {@code view}: leases the requested partitions
   * from {@code shards}, evaluates the fragment over the lease with a local engine, validates the
   * lease and answers the encoded partials. A {@link StorageException.NotOwner} from the lease is
   * thrown to the caller (who retries); a query error is answered as such.
   */
  public static void serve(ClusterView view, ShardAccess shards, EngineOptions options) {
    Engine engine = new Engine(options);
    view.serve(SERVICE, request -> {
      FragmentCodec.Request r = FragmentCodec.decodeRequest(request);
      PartitionLease lease = shards.lease(r.partitions());
      FragmentResult result;
      try {
        result = engine.evaluateFragment(lease, r.fragment());
      } catch (PromQLException e) {
        lease.validate();
        return FragmentCodec.encodeError(e);
      }
      lease.validate();
      return FragmentCodec.encodeResult(result);
    });
  }

  @Override
  public FragmentResult execute(Fragment f) {
    long deadline = System.nanoTime() + retryBudgetMs * 1_000_000L;
    long backoff = 10;
    while (true) {
      Topology t = view.topology();
      List<Integer> unserved = t.unservedPartitions();
      if (!unserved.isEmpty()) {
        throw new StorageException.Unavailable("partitions " + unserved + " have no live copy");
      }
      try {
        return scatter(t, f);
      } catch (StorageException.NotOwner e) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
        if (leftMs <= 0) {
          throw new StorageException.Unavailable("query fragments kept reaching nodes that no longer own their "
              + "partitions for " + retryBudgetMs + " ms (last topology version " + t.version() + "): "
              + e.getMessage(), e);
        }
        retries.increment();
        sleep(Math.min(backoff, leftMs));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private FragmentResult scatter(Topology t, Fragment f) {
    Map<String, CompletableFuture<byte[]>> calls = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : t.partitionsByNode().entrySet()) {
      byte[] req = FragmentCodec.encodeRequest(e.getValue(), f);
      fragments.increment();
      bytes.add(req.length);
      calls.put(e.getKey(), view.call(e.getKey(), SERVICE, req));
    }
    List<PartialSeries> series = new ArrayList<>();
    Set<String> warnings = new LinkedHashSet<>();
    Set<String> infos = new LinkedHashSet<>();
    long deadline = System.nanoTime() + Math.max(1, f.timeoutMs()) * 1_000_000L;
    for (Map.Entry<String, CompletableFuture<byte[]>> c : calls.entrySet()) {
      byte[] resp = await(c.getKey(), c.getValue(), deadline);
      bytes.add(resp.length);
      FragmentResult r = FragmentCodec.decodeResult(resp);
      partials.add(r.series().size());
      series.addAll(r.series());
      warnings.addAll(r.warnings());
      infos.addAll(r.infos());
    }
    return new FragmentResult(series, new ArrayList<>(warnings), new ArrayList<>(infos));
  }

  private static byte[] await(String node, CompletableFuture<byte[]> call, long deadline) {
    try {
      return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PromQLException(PromQLException.ErrorType.CANCELED, "query was canceled in expression evaluation", e);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new PromQLException(PromQLException.ErrorType.TIMEOUT, "query timed out in expression evaluation", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StorageException) {
        throw (StorageException) cause;
      }
      if (cause instanceof PromQLException) {
        throw (PromQLException) cause;
      }
      throw new StorageException.Unavailable("query fragment on node " + node + " failed: " + cause, cause);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PromQLException(PromQLException.ErrorType.CANCELED, "query was canceled in expression evaluation", e);
    }
  }

  /** Fragment requests sent ({@code hearth_query_fragments_total}). */
  public long fragmentsTotal() {
    return fragments.sum();
  }

  /** Request plus response bytes of fragments ({@code hearth_query_fragment_bytes_total}). */
  public long fragmentBytesTotal() {
    return bytes.sum();
  }

  /** Partial series received from shards. */
  public long partialSeriesTotal() {
    return partials.sum();
  }

  /** Scatters started again because a partition had moved. */
  public long retriesTotal() {
    return retries.sum();
  }
}

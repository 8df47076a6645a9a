package io.hearth.sharding.exemplar;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exemplars go to the node that serves their series' partition, as samples do, so that one store
 * sees every exemplar of a series and checks their order per series (Prometheus's rule) however
 * many nodes received them. A node whose partition has no serving copy keeps the exemplar itself.
 *
 * <p>Exemplars are best effort, as in Prometheus: one that cannot reach its owner within {@link
 * #DEADLINE_MS} (a node that left, or of a version without {@value #SERVICE}) is dropped and
 * counted in {@link #undelivered}, and never fails the samples' request. After a handover the
 * previous owner keeps what it stored; reads merge every node's exemplars ({@link ClusterExemplars}).
 *
 * <p>Wire: the request is {@link ClusterExemplars}'s answer format (series, then their exemplars in
 * arrival order); the answer is empty. Thread-safe.
 */
public final class ExemplarRouter {
  public static final String SERVICE = "exemplars.append";
  static final long DEADLINE_MS = 2_000;

  private final ClusterView view;
  private final ExemplarStore local;
  /** Exemplars dropped because their owner did not take them in time. */
  public final LongAdder undelivered = new LongAdder();

  private ExemplarRouter(ClusterView view, ExemplarStore local) {
    this.view = view;
    this.local = local;
  }

  /** A router over {@code view}; this node's store {@code local} also takes the exemplars other nodes route here. */
  public static ExemplarRouter serve(ClusterView view, ExemplarStore local) {
    view.serve(SERVICE, req -> {
      for (ExemplarSeries s : ClusterExemplars.decode(req)) {
        for (Exemplar e : s.exemplars()) local.add(s.seriesLabels(), e);
      }
      return new byte[0];
    });
    return new ExemplarRouter(view, local);
  }

  /**
   * Adds {@code exemplars.get(i)} of series {@code series.get(i)}, in that order per series, to the
   * store of the node serving the series' partition; returns once every owner answered or the
   * deadline passed.
   */
  void add(List<Labels> series, List<Exemplar> exemplars) {
    Topology t = view.topology();
    Map<String, Map<Labels, List<Exemplar>>> byOwner = new LinkedHashMap<>();
    for (int i = 0; i < series.size(); i++) {
      String owner = t.primary(Partitioning.partition(series.get(i), t.partitions()));
      if (owner == null) owner = t.localNode();
      byOwner.computeIfAbsent(owner, k -> new LinkedHashMap<>()).computeIfAbsent(series.get(i), k -> new ArrayList<>()).add(exemplars.get(i));
    }
    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Map.Entry<String, Map<Labels, List<Exemplar>>> o : byOwner.entrySet()) {
      if (o.getKey().equals(t.localNode())) {
        o.getValue().forEach((s, list) -> list.forEach(e -> local.add(s, e)));
        continue;
      }
      List<ExemplarSeries> batch = new ArrayList<>(o.getValue().size());
      int n = 0;
      for (Map.Entry<Labels, List<Exemplar>> s : o.getValue().entrySet()) {
        batch.add(new ExemplarSeries(s.getKey(), s.getValue()));
        n += s.getValue().size();
      }
      calls.add(view.call(o.getKey(), SERVICE, ClusterExemplars.encode(batch)));
      counts.add(n);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    for (int i = 0; i < calls.size(); i++) {
      try {
        calls.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        undelivered.add(counts.get(i));
      } catch (Exception e) {
        undelivered.add(counts.get(i));
      }
    }
  }
}

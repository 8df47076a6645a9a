package io.hearth.promql.distributed;

import io.hearth.promql.engine.EngineOptions;
import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.InMemoryCluster;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.ShardAccess;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster inside one JVM: N nodes, each a real in-memory {@link Head} holding only the series of
 * the partitions it serves ({@code primaries[p] = node p % N}), with a {@link ClusterView} per node
 * from the test kit's {@link InMemoryCluster}, whose calls run the target node's byte[] handler on a
 * pool, so every fragment goes through the codec. Also keeps one {@link Head} with all data for single-node comparison. Lease failures can
 * be injected: the next {@link #failLeases} leases on any node throw {@link
 * StorageException.NotOwner}. Public for the conformance scripts run over the cluster ({@code
 * promqltest.DistributedConformanceTest}).
 */
public final class InProcessCluster implements AutoCloseable {
  final int partitions;
  final List<String> nodes = new ArrayList<>();
  public final Head[] shards;
  final Head all;
  final AtomicInteger failLeases = new AtomicInteger();
  private final InMemoryCluster cluster;

  InProcessCluster(int nodeCount, int partitions) {
    this(nodeCount, partitions, EngineOptions.defaults());
  }

  /** A cluster whose shards evaluate fragments with {@code options}. */
  public InProcessCluster(int nodeCount, int partitions, EngineOptions options) {
    this.partitions = partitions;
    this.shards = new Head[nodeCount];
    this.all = Head.inMemory(HeadOptions.defaults().withPartitions(partitions));
    for (int i = 0; i < nodeCount; i++) {
      nodes.add("node-" + i);
      shards[i] = Head.inMemory(HeadOptions.defaults().withPartitions(partitions));
    }
    this.cluster = new InMemoryCluster(partitions, nodes.toArray(new String[0]));
    for (int i = 0; i < nodeCount; i++) {
      Head head = shards[i];
      ShardAccess access = parts -> {
        if (failLeases.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new StorageException.NotOwner("partition " + parts[0] + " is not served by this node");
        }
        return head.lease(parts);
      };
      ClusterFragments.serve(view(nodes.get(i)), access, options);
    }
  }

  /** The shard of a series: partition p's data is on node p % N. */
  int nodeOf(Labels l) {
    return Partitioning.partition(l, partitions) % shards.length;
  }

  /** Marks partition {@code p} as having no live copy (null primary). */
  void loseCopy(int p) {
    cluster.assign(p, null);
  }

  public ClusterView view(String local) {
    return cluster.view(local);
  }

  /**
   * An appender that sends each series to the shard that serves its partition (not to the full
   * head); commit and rollback go to every shard.
   */
  public Appender shardAppender() {
    Appender[] apps = new Appender[shards.length];
    for (int i = 0; i < shards.length; i++) {
      apps[i] = shards[i].appender();
    }
    List<int[]> refs = new ArrayList<>(); // our ref -> {shard, the shard appender's ref}
    return new Appender() {
      @Override
      public int series(Labels labels) {
        int node = nodeOf(labels);
        refs.add(new int[] {node, apps[node].series(labels)});
        return refs.size() - 1;
      }

      @Override
      public AppendStatus append(int seriesRef, long t, double v) {
        int[] r = refs.get(seriesRef);
        return apps[r[0]].append(r[1], t, v);
      }

      @Override
      public AppendStatus appendHistogram(int seriesRef, long t, FloatHistogram h) {
        int[] r = refs.get(seriesRef);
        return apps[r[0]].appendHistogram(r[1], t, h);
      }

      @Override
      public void commit() {
        for (Appender a : apps) {
          a.commit();
        }
      }

      @Override
      public void rollback() {
        for (Appender a : apps) {
          a.rollback();
        }
      }
    };
  }

  /** Writes series to the full head and to the shard that serves their partition. */
  final class Loader {
    private Appender allApp;
    private final Appender[] shardApp = new Appender[shards.length];
    private int staged;

    Loader() {
      open();
    }

    private void open() {
      allApp = all.appender();
      for (int i = 0; i < shards.length; i++) {
        shardApp[i] = shards[i].appender();
      }
    }

    /** Appends floats (t[i], v[i]) and histograms (ht[i], h[i]) of one series, each in time order. */
    Loader series(Labels l, long[] t, double[] v, long[] ht, FloatHistogram[] h) {
      Appender s = shardApp[nodeOf(l)];
      int ra = allApp.series(l);
      int rs = s.series(l);
      int i = 0;
      int j = 0;
      while (i < t.length || j < ht.length) {
        if (j >= ht.length || (i < t.length && t[i] < ht[j])) {
          check(allApp.append(ra, t[i], v[i]).accepted() && s.append(rs, t[i], v[i]).accepted(), l);
          i++;
        } else {
          check(allApp.appendHistogram(ra, ht[j], h[j]).accepted() && s.appendHistogram(rs, ht[j], h[j]).accepted(), l);
          j++;
        }
      }
      if (++staged % 500 == 0) {
        commit();
        open();
      }
      return this;
    }

    private void check(boolean ok, Labels l) {
      if (!ok) {
        throw new AssertionError("sample of " + l + " rejected");
      }
    }

    /** Commits what is staged; the loader is done. */
    void commit() {
      allApp.commit();
      for (Appender a : shardApp) {
        a.commit();
      }
    }
  }

  @Override
  public void close() {
    cluster.close();
    all.close();
    for (Head h : shards) {
      h.close();
    }
  }
}

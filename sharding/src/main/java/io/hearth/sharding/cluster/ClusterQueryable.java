package io.hearth.sharding.cluster;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.PartitionLease;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.SettledData;
import io.hearth.sharding.api.ShardAccess;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.Topology;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.head.SampleCodec;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The whole cluster as one {@link Queryable}: every select, label-names and label-values call is
 * sent to the owner of every partition at one topology version (service {@value #READ}), each
 * owner reads only the partitions it was asked for under a {@link PartitionLease}, and the answers
 * are merged. A partition with no live copy, or ownership that keeps moving for
 * {@link #RETRY_MS}, fails the read with {@link StorageException.Unavailable}: never a partial answer.
 */
public final class ClusterQueryable implements Queryable {
  public static final String READ = "read.select";
  /** A node's {@link SettledData.State}: varint bound, varint epoch. */
  public static final String SETTLED = "read.settled";
  static final long SETTLED_TIMEOUT_MS = 5_000;
  static final long RETRY_MS = 5_000;
  private static final int OP_SELECT = 1, OP_LABEL_VALUES = 2, OP_LABEL_NAMES = 3;

  private final ClusterView view;
  private final SettledData settled = this::settledState;
  public final LongAdder requests = new LongAdder();
  public final LongAdder bytesReceived = new LongAdder();

  public ClusterQueryable(ClusterView view) {
    this.view = view;
  }

  /** Registers the owner side over the partitions {@code shards} serves. */
  public static void serve(ClusterView view, ShardAccess shards) {
    view.serve(READ, req -> answer(req, shards));
    view.serve(SETTLED, req -> {
      SettledData.State s = shards.settledData().state();
      ByteSink out = new ByteSink(20);
      out.writeVarint(s.settledUntil());
      out.writeVarint(s.epoch());
      return out.toByteArray();
    });
  }

  @Override
  public SettledData settledData() {
    return settled;
  }

  /**
   * The cluster's state: the state of every node serving partitions, asked at one topology version.
   * The bound is the earliest node's (each node takes its bound before its epoch by its own clock,
   * so clock skew between nodes does not matter); the epoch mixes the topology version with every
   * node's epoch, so a write behind any node's bound, a partition that moved and a node that
   * restarted (its epoch starts anew at random) all change it. A node that does not answer (an
   * older release, a node going away) gives {@link SettledData.State#NONE}: nothing is cached.
   */
  private SettledData.State settledState() {
    Topology t = view.topology();
    if (!t.unservedPartitions().isEmpty()) return SettledData.State.NONE;
    List<String> nodes = new ArrayList<>(new TreeSet<>(t.partitionsByNode().keySet()));
    List<CompletableFuture<byte[]>> calls = new ArrayList<>(nodes.size());
    for (String n : nodes) calls.add(view.call(n, SETTLED, new byte[0]));
    long until = Long.MAX_VALUE;
    long mix = t.version() * 0x9E3779B97F4A7C15L;
    try {
      for (int i = 0; i < nodes.size(); i++) {
        byte[] b = calls.get(i).get(SETTLED_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ByteSource in = new ByteSource().reset(b, 0, b.length, "settled state");
        until = Math.min(until, in.readVarint());
        mix = mixIn(mixIn(mix, nodes.get(i).hashCode()), in.readVarint());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SettledData.State.NONE;
    } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
      return SettledData.State.NONE;
    }
    if (view.topology().version() != t.version()) return SettledData.State.NONE; // moved while asked
    return new SettledData.State(until, mix);
  }

  private static long mixIn(long h, long v) {
    h = (h ^ v) * 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 31);
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, Matcher... matchers) {
        List<byte[]> answers = scatter(OP_SELECT, mint, maxt, null, matchers);
        List<DecodedSeries> all = new ArrayList<>();
        for (byte[] a : answers) decodeSeries(a, all);
        // Each owner answers sorted; the merge is sorted too, whatever was asked.
        all.sort((x, y) -> x.labels.compareTo(y.labels));
        return SeriesSet.of(all);
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        return union(scatter(OP_LABEL_VALUES, mint, maxt, name, matchers));
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        return union(scatter(OP_LABEL_NAMES, mint, maxt, null, matchers));
      }

      @Override
      public void close() {}
    };
  }

  private List<byte[]> scatter(int op, long mint, long maxt, String name, Matcher[] matchers) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS);
    String last;
    while (true) {
      Topology t = view.topology();
      if (!t.unservedPartitions().isEmpty()) {
        last = "partitions " + t.unservedPartitions() + " have no live copy";
      } else {
        try {
          return scatterOnce(t, op, mint, maxt, name, matchers);
        } catch (StorageException.NotOwner | StorageException.Unavailable e) {
          last = e.getMessage();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new StorageException.Unavailable("cluster read failed: ownership did not settle within " + RETRY_MS + " ms (" + last + ")");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException.Unavailable("interrupted while reading from the cluster");
      }
    }
  }

  private List<byte[]> scatterOnce(Topology t, int op, long mint, long maxt, String name, Matcher[] matchers) {
    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    for (Map.Entry<String, int[]> e : t.partitionsByNode().entrySet()) {
      ByteSink req = new ByteSink(128);
      req.writeByte(op);
      req.writeUvarint(e.getValue().length);
      for (int p : e.getValue()) req.writeUvarint(p);
      req.writeVarint(mint);
      req.writeVarint(maxt);
      req.writeString(name == null ? "" : name);
      req.writeUvarint(matchers.length);
      for (Matcher m : matchers) {
        req.writeByte(m.type().ordinal());
        req.writeString(m.name());
        req.writeString(m.value());
      }
      requests.increment();
      calls.add(view.call(e.getKey(), READ, req.toByteArray()));
    }
    List<byte[]> out = new ArrayList<>(calls.size());
    for (CompletableFuture<byte[]> c : calls) {
      try {
        byte[] b = c.get(120, TimeUnit.SECONDS);
        bytesReceived.add(b.length);
        out.add(b);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StorageException) throw (StorageException) e.getCause();
        throw new StorageException("cluster read failed: " + e.getCause(), e.getCause());
      } catch (java.util.concurrent.TimeoutException e) {
        throw new StorageException.Unavailable("a node did not answer a read within 120 s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException.Unavailable("interrupted while reading from the cluster");
      }
    }
    return out;
  }

  private static byte[] answer(byte[] request, ShardAccess shards) {
    ByteSource in = new ByteSource().reset(request, 0, request.length, "read request");
    int op = in.readByte();
    int np = (int) in.readUvarint();
    int[] parts = new int[np];
    for (int i = 0; i < np; i++) parts[i] = (int) in.readUvarint();
    long mint = in.readVarint();
    long maxt = in.readVarint();
    String name = in.readString();
    int nm = (int) in.readUvarint();
    Matcher[] matchers = new Matcher[nm];
    for (int i = 0; i < nm; i++) {
      Matcher.Type type = Matcher.Type.values()[in.readByte()];
      matchers[i] = Matcher.of(type, in.readString(), in.readString());
    }
    PartitionLease lease = shards.lease(parts);
    ByteSink out = new ByteSink(4096);
    try (Querier q = lease.querier(mint, maxt)) {
      if (op == OP_SELECT) {
        encodeSeries(q.select(true, matchers), out);
      } else {
        List<String> l = op == OP_LABEL_VALUES ? q.labelValues(name, matchers) : q.labelNames(matchers);
        out.writeUvarint(l.size());
        for (String s : l) out.writeString(s);
      }
    }
    lease.validate();
    return out.toByteArray();
  }

  private static List<String> union(List<byte[]> answers) {
    TreeSet<String> set = new TreeSet<>();
    for (byte[] a : answers) {
      ByteSource in = new ByteSource().reset(a, 0, a.length, "label answer");
      int n = (int) in.readUvarint();
      for (int i = 0; i < n; i++) set.add(in.readString());
    }
    return new ArrayList<>(set);
  }

  /** series* as: labels, then samples (kind byte 1 float / 2 histogram, delta t, value), kind 0 ends a series. */
  static void encodeSeries(SeriesSet set, ByteSink out) {
    SampleIterator it = null;
    FloatHistogram h = null;
    while (set.next()) {
      Series s = set.at();
      Labels l = s.labels();
      out.writeByte(1);
      out.writeUvarint(l.size());
      for (int j = 0; j < l.size(); j++) {
        out.writeString(l.name(j));
        out.writeString(l.value(j));
      }
      it = s.iterator(it);
      long prev = 0;
      for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
        long t = it.atT();
        if (vt == ValueType.FLOAT) {
          out.writeByte(1);
          out.writeVarint(t - prev);
          out.writeLong(Double.doubleToRawLongBits(it.atV()));
        } else {
          h = it.atHistogram(h);
          out.writeByte(2);
          out.writeVarint(t - prev);
          SampleCodec.writeHistogram(out, h);
        }
        prev = t;
      }
      out.writeByte(0);
    }
    out.writeByte(0);
  }

  static void decodeSeries(byte[] b, List<DecodedSeries> out) {
    ByteSource in = new ByteSource().reset(b, 0, b.length, "series answer");
    while (in.readByte() == 1) {
      int nl = (int) in.readUvarint();
      String[] pairs = new String[2 * nl];
      for (int j = 0; j < 2 * nl; j++) pairs[j] = in.readString();
      DecodedSeries s = new DecodedSeries(Labels.ofSortedPairsUnchecked(pairs));
      long prev = 0;
      for (int kind = in.readByte(); kind != 0; kind = in.readByte()) {
        long t = prev + in.readVarint();
        if (kind == 1) s.addFloat(t, Double.longBitsToDouble(in.readLong()));
        else s.addHistogram(t, SampleCodec.readHistogram(in, b.length, "series answer"));
        prev = t;
      }
      out.add(s);
    }
  }

  /** A series read from an answer: samples in arrays. */
  static final class DecodedSeries implements Series {
    final Labels labels;
    long[] ts = new long[16];
    double[] vs = new double[16];
    FloatHistogram[] hs;
    int n;

    DecodedSeries(Labels labels) {
      this.labels = labels;
    }

    void addFloat(long t, double v) {
      grow();
      ts[n] = t;
      vs[n++] = v;
    }

    void addHistogram(long t, FloatHistogram h) {
      grow();
      if (hs == null) hs = new FloatHistogram[ts.length];
      ts[n] = t;
      hs[n++] = h;
    }

    private void grow() {
      if (n == ts.length) {
        ts = java.util.Arrays.copyOf(ts, n * 2);
        vs = java.util.Arrays.copyOf(vs, n * 2);
        if (hs != null) hs = java.util.Arrays.copyOf(hs, n * 2);
      }
      if (hs != null && hs.length < ts.length) hs = java.util.Arrays.copyOf(hs, ts.length);
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      return new ArrayIterator(this);
    }
  }

  private static final class ArrayIterator implements SampleIterator {
    private final DecodedSeries s;
    private int i = -1;

    ArrayIterator(DecodedSeries s) {
      this.s = s;
    }

    private ValueType kind() {
      if (i >= s.n) return ValueType.NONE;
      return s.hs != null && s.hs[i] != null ? ValueType.HISTOGRAM : ValueType.FLOAT;
    }

    @Override
    public ValueType next() {
      if (i < s.n) i++;
      return kind();
    }

    @Override
    public ValueType seek(long t) {
      if (i < 0) i = 0;
      while (i < s.n && s.ts[i] < t) i++;
      return kind();
    }

    @Override
    public long atT() {
      return s.ts[i];
    }

    @Override
    public double atV() {
      return s.vs[i];
    }

    @Override
    public FloatHistogram atHistogram(FloatHistogram reuse) {
      return reuse == null ? s.hs[i].copy() : s.hs[i].copyInto(reuse);
    }
  }
}

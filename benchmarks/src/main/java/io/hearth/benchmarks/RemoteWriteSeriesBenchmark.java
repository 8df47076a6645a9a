package io.hearth.benchmarks;

import com.google.protobuf.CodedOutputStream;
import io.hearth.node.remote.DecodeOptions;
import io.hearth.node.remote.RemoteWriteDecoder;
import io.hearth.sharding.wire.SeriesCache;
import io.hearth.node.remote.WriteSink;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A remote-write 1.0 request's series resolved in a head that already holds them: decode the body
 * (2,000 series of kube-state-metrics-like labels, one sample each) and resolve every series in a
 * head appender, then roll back. This is the per-series cost every request pays before any sample
 * is stored; {@code cache} compares decoding every series' labels with the decoder's series cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RemoteWriteSeriesBenchmark {
  private static final int BATCH = 2000;

  @Param({"20000", "200000"})
  int series;

  @Param({"false", "true"})
  boolean cache;

  Head head;
  byte[][] bodies;
  SeriesCache seriesCache;
  int next;
  Appender appender;
  final WriteSink sink = new WriteSink() {
    int ref;

    @Override
    public void series(Labels labels) {
      ref = appender.series(labels);
    }

    @Override
    public void sample(long t, double v) {
      appender.append(ref, t, v);
    }

    @Override
    public void histogram(long t, FloatHistogram h) {}
  };

  @Setup(Level.Trial)
  public void setup() {
    head = Head.inMemory(HeadOptions.defaults().withPartitions(64));
    // Sized as a node sizes it for a 6 GiB heap (2^19 slots), at least twice the series.
    seriesCache = cache ? new SeriesCache(Math.max(1 << 19, 2 * series)) : SeriesCache.NONE;
    bodies = new byte[series / BATCH][];
    for (int b = 0; b < bodies.length; b++) bodies[b] = body(b * BATCH, 1_700_000_000_000L);
    // The head holds every series, created from what the decoder delivered.
    for (byte[] body : bodies) {
      appender = head.appender();
      new RemoteWriteDecoder(DecodeOptions.DEFAULT, seriesCache).decode(body, 0, body.length, sink);
      appender.commit();
    }
  }

  /** ns per series of one request: decode, resolve, stage one sample, roll back. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void resolveRequest() {
    byte[] body = bodies[next];
    next = (next + 1) % bodies.length;
    appender = head.appender();
    new RemoteWriteDecoder(DecodeOptions.DEFAULT, seriesCache).decode(body, 0, body.length, sink);
    appender.rollback();
  }

  private static byte[] body(int first, long t) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (int s = first; s < first + BATCH; s++) {
        String[] pairs = {"__name__", "kube_pod_container_resource_requests", "container", "app-" + (s % 7),
            "instance", "10.0." + (s / 250) + "." + (s % 250) + ":8080", "job", "kube-state-metrics",
            "namespace", "team-" + (s / 400), "node", "ip-10-0-" + (s / 1000) + "-1.ec2.internal",
            "pod", "app-" + s + "-5d8f7c9b6-x2k4q", "resource", "cpu", "unit", "core"};
        ByteArrayOutputStream ts = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(ts);
        for (int i = 0; i < pairs.length; i += 2) {
          ByteArrayOutputStream l = new ByteArrayOutputStream();
          CodedOutputStream lo = CodedOutputStream.newInstance(l);
          lo.writeString(1, pairs[i]);
          lo.writeString(2, pairs[i + 1]);
          lo.flush();
          o.writeByteArray(1, l.toByteArray());
        }
        ByteArrayOutputStream sm = new ByteArrayOutputStream();
        CodedOutputStream so = CodedOutputStream.newInstance(sm);
        so.writeDouble(1, s * 0.25);
        so.writeInt64(2, t);
        so.flush();
        o.writeByteArray(2, sm.toByteArray());
        o.flush();
        out.writeByteArray(1, ts.toByteArray());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.hearth.benchmarks;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.index.FrozenPostings;
import io.hearth.sharding.index.MemPostings;
import io.hearth.sharding.segment.IndexBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reading an index block of {@value #SERIES} series shaped like a cluster's (node_exporter and
 * cAdvisor names, instance, job, namespace, pod, cpu/mode/device labels) when a query misses the
 * block cache, and selecting from it once cached. {@code memPostings*} is how blocks were indexed
 * before {@link FrozenPostings}: a {@code Labels} per series and the head's mutable postings.
 * One op is one whole block (decode, index) or one selection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class BlockIndexBenchmark {
  static final int SERIES = 12_500;

  private byte[] blob;
  private IndexBlock.Decoded decoded;
  private FrozenPostings frozen;
  private MemPostings mem;
  private final Matcher[] eqName = {Matcher.eq("__name__", "up")};
  private final Matcher[] cpuNotIdle = {Matcher.eq("__name__", "node_cpu_seconds_total"),
      Matcher.of(Matcher.Type.NEQ, "mode", "idle")};
  private final Matcher[] podRegex = {Matcher.eq("__name__", "container_cpu_usage_seconds_total"),
      Matcher.of(Matcher.Type.RE, "namespace", "team-0.*")};

  static List<IndexBlock.SeriesEntry> series() {
    List<IndexBlock.SeriesEntry> out = new ArrayList<>();
    String[] modes = {"idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"};
    int i = 0;
    while (out.size() < SERIES) {
      int node = i / 40, pod = i;
      String instance = "10.0." + (node / 250) + "." + (node % 250) + ":9100";
      List<Labels> ls = new ArrayList<>();
      ls.add(Labels.of("__name__", "up", "instance", instance, "job", "node"));
      for (int c = 0; c < 4; c++) {
        for (String m : modes) {
          ls.add(Labels.of("__name__", "node_cpu_seconds_total", "cpu", "" + c, "instance", instance, "job", "node",
              "mode", m));
        }
      }
      ls.add(Labels.of("__name__", "node_network_receive_bytes_total", "device", "eth0", "instance", instance,
          "job", "node"));
      ls.add(Labels.of("__name__", "container_cpu_usage_seconds_total", "instance", instance, "job", "cadvisor",
          "namespace", "team-" + (pod % 37), "pod", "pod-" + pod + "-x7f"));
      ls.add(Labels.of("__name__", "container_memory_working_set_bytes", "instance", instance, "job", "cadvisor",
          "namespace", "team-" + (pod % 37), "pod", "pod-" + pod + "-x7f"));
      for (Labels l : ls) {
        out.add(new IndexBlock.SeriesEntry(out.size(), l, new long[] {1}, new int[] {out.size() * 60}, new int[] {60},
            new long[] {1_700_000_000_000L}, new long[] {1_700_000_600_000L}));
      }
      i++;
    }
    return out;
  }

  @Setup
  public void setup() {
    blob = IndexBlock.encode(series(), 1);
    decoded = IndexBlock.decode(blob, "bench");
    frozen = FrozenPostings.build(decoded.symbols, decoded.labelStart, decoded.labelSyms);
    mem = new MemPostings();
    for (int s = 0; s < decoded.numSeries(); s++) mem.add(s, decoded.labels(s));
  }

  @Benchmark
  public FrozenPostings decodeAndIndexFrozen() {
    IndexBlock.Decoded d = IndexBlock.decode(blob, "bench");
    return FrozenPostings.build(d.symbols, d.labelStart, d.labelSyms);
  }

  @Benchmark
  public MemPostings decodeAndIndexMemPostings() {
    IndexBlock.Decoded d = IndexBlock.decode(blob, "bench");
    MemPostings p = new MemPostings();
    for (int s = 0; s < d.numSeries(); s++) p.add(s, d.labels(s));
    return p;
  }

  @Benchmark
  public RoaringBitmap selectNameFrozen() {
    return frozen.select(eqName);
  }

  @Benchmark
  public RoaringBitmap selectNameMemPostings() {
    return mem.select(eqName);
  }

  @Benchmark
  public RoaringBitmap selectCpuNotIdleFrozen() {
    return frozen.select(cpuNotIdle);
  }

  @Benchmark
  public RoaringBitmap selectCpuNotIdleMemPostings() {
    return mem.select(cpuNotIdle);
  }

  @Benchmark
  public RoaringBitmap selectNamespaceRegexFrozen() {
    return frozen.select(podRegex);
  }

  @Benchmark
  public RoaringBitmap selectNamespaceRegexMemPostings() {
    return mem.select(podRegex);
  }
}

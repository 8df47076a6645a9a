package io.hearth.benchmarks;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.engine.QueryResult;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dashboard query shape {@code sum by (job) (rate(x[5m]))} over 1 h at 60 s steps, evaluated by
 * the engine over the real head: selection, chunk decoding, extrapolated rate, aggregation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EngineRateSumBenchmark {
  @Param({"1000", "10000"})
  int series;

  Head head;
  Engine engine;
  long end;

  @Setup
  public void setup() {
    head = Head.inMemory(HeadOptions.defaults().withPartitions(16));
    long start = 1_700_000_000_000L;
    int points = 4 * 60 * 2; // 2 h at 15 s
    Appender a = head.appender();
    int[] refs = new int[series];
    for (int s = 0; s < series; s++) {
      refs[s] = a.series(Labels.of("__name__", "requests_total", "job", "job" + (s % 10), "instance", "i" + s));
    }
    double[] v = new double[series];
    for (int p = 0; p < points; p++) {
      for (int s = 0; s < series; s++) {
        v[s] += 1 + (s % 7);
        a.append(refs[s], start + p * 15_000L, v[s]);
      }
    }
    a.commit();
    end = start + (points - 1) * 15_000L;
    engine = new Engine(EngineOptions.defaults());
  }

  @Benchmark
  public QueryResult rangeSumRate() {
    return engine.rangeQuery(head, "sum by (job) (rate(requests_total[5m]))", end - 3600_000L, end, 60_000);
  }

  @Benchmark
  public QueryResult instantSumRate() {
    return engine.instantQuery(head, "sum by (job) (rate(requests_total[5m]))", end);
  }
}

package io.hearth.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.node.api.PromJson;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.sharding.api.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * Writing a range query's matrix as the Prometheus API's JSON: 201 series of 61 points (the peer
 * harness's {@code cpu_by_pod} over 1 h at 60 s), values as a rate gives them (fractions of many
 * digits) or as gauges of bytes give them (integers). What a results-cache hit still costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueryJsonBenchmark {
  @Param({"fractions", "integers"})
  String values;

  Matrix matrix;
  /** Counts the bytes written (the answer's size); closing it is a no-op, as the generator closes it per answer. */
  final OutputStream sink = new OutputStream() {
    @Override
    public void write(int b) {
      written++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      written += len;
    }
  };
  long written;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(7);
    List<RangeSeries> series = new ArrayList<>();
    long end = 1_796_635_785_000L;
    for (int s = 0; s < 201; s++) {
      long[] t = new long[61];
      double[] v = new double[61];
      for (int i = 0; i < 61; i++) {
        t[i] = end - (60 - i) * 60_000L;
        v[i] = values.equals("fractions") ? r.nextDouble() * 0.37 : (double) r.nextLong(1L << 20, 1L << 34);
      }
      series.add(RangeSeries.ofFloats(Labels.of("namespace", "team-0" + s % 10, "pod", "pod-" + s), t, v, 61));
    }
    matrix = new Matrix(series);
  }

  @Benchmark
  public long writeMatrix() throws IOException {
    written = 0;
    try (JsonGenerator g = PromJson.generator(sink)) {
      g.writeStartObject();
      PromJson.writeResult(g, matrix);
      g.writeEndObject();
    }
    return written;
  }
}

package io.hearth.benchmarks;

import java.util.SplittableRandom;

/**
 * Deterministic synthetic series shaped like what Prometheus scrapes, for codec benchmarks. Every
 * shape is a function of (shape, jitter, seed) only, so figures are reproducible.
 *
 * <ul>
 *   <li>{@code node_cpu}: {@code node_cpu_seconds_total}-like counters: kernel ticks (1/100 s)
 *       divided by 100, per-series rates from idle-ish (~1 cpu-s/s) to nearly idle.
 *   <li>{@code node_memory}: memory gauges in whole 4 KiB pages, a slow sine plus noise.
 *   <li>{@code node_fs_size}: constant filesystem sizes.
 *   <li>{@code node_mix}: one node_exporter target's mix: 45% cpu-like counters (a third of them
 *       barely moving), 15% memory-like gauges, 10% byte counters (network/disk), 30% constants.
 *   <li>{@code ksm}: kube-state-metrics-like: 90% constant 0/1 states, 10% counters that move
 *       rarely (restarts).
 * </ul>
 *
 * Timestamps are milliseconds every 15 s; with {@code jitterMs > 0} each one is moved uniformly by
 * up to that many ms either way.
 */
public final class DataShapes {
  public static final String[] SHAPES = {"node_cpu", "node_memory", "node_fs_size", "node_mix", "ksm"};
  public static final long START = 1_700_000_000_000L;
  public static final long INTERVAL = 15_000L;

  /** Timestamps and values of one batch of series, {@code [series][sample]}. */
  public static final class Batch {
    public final long[][] ts;
    public final double[][] values;

    Batch(int series, int samples) {
      ts = new long[series][samples];
      values = new double[series][samples];
    }

    public int series() {
      return ts.length;
    }

    public int totalSamples() {
      int n = 0;
      for (long[] t : ts) n += t.length;
      return n;
    }
  }

  private DataShapes() {}

  public static Batch generate(String shape, int jitterMs, int series, int samples, long seed) {
    Batch b = new Batch(series, samples);
    SplittableRandom r = new SplittableRandom(seed ^ shape.hashCode() * 31L ^ jitterMs);
    for (int s = 0; s < series; s++) {
      long[] ts = b.ts[s];
      for (int i = 0; i < samples; i++) {
        ts[i] = START + i * INTERVAL + (jitterMs > 0 ? r.nextInt(-jitterMs, jitterMs + 1) : 0);
      }
      fill(shape, s, r, b.values[s]);
    }
    return b;
  }

  private static void fill(String shape, int s, SplittableRandom r, double[] v) {
    switch (shape) {
      case "node_cpu": cpuCounter(r, v, r.nextInt(3) == 0); break;
      case "node_memory": memoryGauge(r, v); break;
      case "node_fs_size": constant(v, 4096.0 * (1L << 20) * (1 + r.nextInt(500))); break;
      case "node_mix": {
        int k = r.nextInt(100);
        if (k < 45) cpuCounter(r, v, k < 15);
        else if (k < 60) memoryGauge(r, v);
        else if (k < 70) byteCounter(r, v);
        else constant(v, r.nextInt(4) == 0 ? r.nextInt(2) : 4096.0 * (1 + r.nextInt(1 << 20)));
        break;
      }
      case "ksm": {
        if (r.nextInt(10) == 0) rareCounter(r, v);
        else constant(v, r.nextInt(2));
        break;
      }
      default: throw new IllegalArgumentException("unknown shape [shape=" + shape + "]");
    }
  }

  /** Kernel ticks (USER_HZ=100) / 100.0, like /proc/stat as node_exporter reports it. */
  private static void cpuCounter(SplittableRandom r, double[] v, boolean nearlyIdle) {
    long ticks = r.nextLong(1_000_000, 5_000_000_000L);
    double perScrape = nearlyIdle ? r.nextDouble() * 3 : 20 + r.nextDouble() * 1480; // ticks per 15 s
    for (int i = 0; i < v.length; i++) {
      ticks += (long) Math.floor(perScrape * (0.7 + 0.6 * r.nextDouble()));
      v[i] = ticks / 100.0;
    }
  }

  private static void memoryGauge(SplittableRandom r, double[] v) {
    double base = (1L << 30) * (1 + r.nextInt(16));
    double amp = base * 0.05 * r.nextDouble();
    double period = 200 + r.nextInt(2000);
    double phase = r.nextDouble() * 6.283;
    for (int i = 0; i < v.length; i++) {
      double x = base + amp * Math.sin(phase + 6.283 * i / period) + r.nextGaussian() * 64 * 4096;
      v[i] = 4096.0 * Math.round(x / 4096.0);
    }
  }

  private static void byteCounter(SplittableRandom r, double[] v) {
    long bytes = r.nextLong(1L << 20, 1L << 40);
    long perScrape = 1 + r.nextLong(1L << 24);
    for (int i = 0; i < v.length; i++) {
      bytes += (long) (perScrape * (0.5 + r.nextDouble()));
      v[i] = bytes;
    }
  }

  private static void rareCounter(SplittableRandom r, double[] v) {
    long n = r.nextInt(20);
    for (int i = 0; i < v.length; i++) {
      if (r.nextInt(500) == 0) n++;
      v[i] = n;
    }
  }

  private static void constant(double[] v, double c) {
    java.util.Arrays.fill(v, c);
  }
}

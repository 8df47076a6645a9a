package io.hearth.bench.churn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The churn data set, a pure function of its parameters: {@code pods} pods, each exposing every metric of
 * {@link #NAMES}, replaced by new pods (new {@code pod} label values) every {@code roundsPerGen} rounds. Round
 * {@code r} has timestamp {@code startMs + r * stepMs}; its generation is {@code r / roundsPerGen}. Series {@code s}
 * of a generation ({@code 0 <= s < seriesPerGen()}) belongs to pod {@code s / NAMES.length}.
 *
 * <pre>
 * churn_metric{container="c", job="churn", namespace="ns-3", pod="app-17-123"}
 * </pre>
 */
final class Workload {
  /** Metric names every pod exposes: a gauge, two counters and a byte gauge, like a container's cAdvisor set. */
  static final String[] NAMES = {"churn_metric", "churn_cpu_seconds_total", "churn_memory_bytes", "churn_restarts_total"};

  final long startMs;
  final long stepMs;
  final int rounds;
  final int roundsPerGen;
  final int pods;
  final int namespaces;
  final long seed;

  Workload(long startMs, long stepMs, int rounds, int roundsPerGen, int pods, int namespaces, long seed) {
    if (rounds <= 0 || roundsPerGen <= 0 || pods <= 0 || namespaces <= 0 || stepMs <= 0) {
      throw new IllegalArgumentException("rounds, rounds per generation, pods, namespaces and step must be positive");
    }
    this.startMs = startMs;
    this.stepMs = stepMs;
    this.rounds = rounds;
    this.roundsPerGen = roundsPerGen;
    this.pods = pods;
    this.namespaces = namespaces;
    this.seed = seed;
  }

  int seriesPerGen() {
    return pods * NAMES.length;
  }

  int generations() {
    return (rounds + roundsPerGen - 1) / roundsPerGen;
  }

  int gen(int round) {
    return round / roundsPerGen;
  }

  long ts(int round) {
    return startMs + round * stepMs;
  }

  long endMs() {
    return ts(rounds - 1);
  }

  /** Rounds of generation {@code g} that exist (the last generation may be cut short). */
  int roundsIn(int g) {
    return Math.min(roundsPerGen, rounds - g * roundsPerGen);
  }

  static String podName(int gen, int pod) {
    return "app-" + gen + "-" + pod;
  }

  /** Sorted label pairs of series {@code s} of generation {@code gen}. */
  String[] labels(int gen, int s) {
    int pod = s / NAMES.length;
    return new String[] {
      "__name__", NAMES[s % NAMES.length],
      "container", "c",
      "job", "churn",
      "namespace", "ns-" + (pod % namespaces),
      "pod", podName(gen, pod),
    };
  }

  /** The remote-write {@code Label} messages of a series, already encoded (field 1 of a TimeSeries each). */
  byte[] encodedLabels(int gen, int s) {
    String[] kv = labels(gen, s);
    return RemoteWriteEncoder.labels(kv);
  }

  /**
   * Next value of series {@code s} at round {@code round}, given its previous value ({@code NaN} at the first sample
   * of its generation). Gauges move around a per-series level; counters grow by noisy increments.
   */
  double value(int gen, int s, int round, double prev) {
    long h = mix(seed, gen, s, round);
    double u = (h >>> 11) * 0x1.0p-53;
    long level = mix(seed, gen, s, -1);
    switch (s % NAMES.length) {
      case 0: { // gauge, one decimal
        double base = 20 + (level & 1023) / 10.0;
        double phase = 2 * Math.PI * (round % 240) / 240.0;
        return Math.round((base + 5 * Math.sin(phase) + 2 * u) * 10) / 10.0;
      }
      case 1: { // counter in 1/100 s
        double p = Double.isNaN(prev) ? (level & 0xffff) / 100.0 : prev;
        return Math.round((p + 0.5 + 1.5 * u) * 100) / 100.0;
      }
      case 2: { // bytes, page-rounded, slow drift
        double base = (64L << 20) + ((level & 0xff) << 20);
        double p = Double.isNaN(prev) ? base : prev;
        return p + 4096 * Math.round(8 * (u - 0.5));
      }
      default: { // restarts: almost never moves
        double p = Double.isNaN(prev) ? 0 : prev;
        return u < 0.001 ? p + 1 : p;
      }
    }
  }

  private static long mix(long seed, int gen, int s, int round) {
    long z = seed * 0x9E3779B97F4A7C15L + ((long) gen << 40) + ((long) s << 20) + round;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Parameters, for load.json (the check and summary steps rebuild the workload from them). */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start_ms", startMs);
    m.put("end_ms", endMs());
    m.put("step_ms", stepMs);
    m.put("rounds", rounds);
    m.put("rounds_per_generation", roundsPerGen);
    m.put("generations", generations());
    m.put("pods_per_generation", pods);
    m.put("metric_names", NAMES.length);
    m.put("series_per_generation", seriesPerGen());
    m.put("namespaces", namespaces);
    m.put("seed", seed);
    m.put("series_ever", (long) generations() * seriesPerGen());
    m.put("samples_total", (long) rounds * seriesPerGen());
    return m;
  }

  static Workload fromDescription(Map<String, Object> m) {
    return new Workload(num(m, "start_ms"), num(m, "step_ms"), (int) num(m, "rounds"), (int) num(m, "rounds_per_generation"),
        (int) num(m, "pods_per_generation"), (int) num(m, "namespaces"), num(m, "seed"));
  }

  private static long num(Map<String, Object> m, String k) {
    Object v = m.get(k);
    if (!(v instanceof Number)) throw new IllegalArgumentException("workload description lacks " + k);
    return ((Number) v).longValue();
  }
}

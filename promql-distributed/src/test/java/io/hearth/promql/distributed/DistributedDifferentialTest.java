package io.hearth.promql.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.engine.QueryResult;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distributed engine (aggregations pushed to 3 shards through {@link ClusterFragments} and the
 * codec) answers exactly as the single-node engine over one head with all the data: instant and
 * range, floats bit for bit, histograms field by field, errors and annotations alike.
 */
class DistributedDifferentialTest {
  static final long T0 = 1_700_000_000_000L;
  static final long M = 60_000L;
  private static final int SAMPLES = 480;
  private static final long SCRAPE = 15_000L;
  private static InProcessCluster cluster;
  private static ClusterFragments fragments;
  private static Engine single;
  private static Engine distributed;
  private static FanOutStorage fanOut;

  static final List<String> QUERIES = List.of(
      "sum(http_requests_total)",
      "sum by (job) (http_requests_total)",
      "sum without (instance) (http_requests_total)",
      "sum by (job) (rate(http_requests_total[5m]))",
      "sum by (job, method) (increase(http_requests_total[10m]))",
      "sum(irate(http_requests_total[2m]))",
      "count(http_requests_total)",
      "count by (job) (mem_bytes)",
      "count without (method) (http_requests_total)",
      "avg(mem_bytes)",
      "avg by (job) (mem_bytes)",
      "avg by (job) (rate(http_requests_total[5m]))",
      "min(mem_bytes)",
      "max by (job) (mem_bytes)",
      "min by (instance) (temp)",
      "max(temp)",
      "group by (job) (http_requests_total)",
      "group(mem_bytes)",
      "topk(3, mem_bytes)",
      "topk by (job) (2, rate(http_requests_total[5m]))",
      "bottomk(4, mem_bytes)",
      "bottomk by (job) (1, temp)",
      "topk(5, status)",
      "bottomk by (job) (2, status)",
      "count_values by (job) (\"value\", status)",
      "count_values(\"v\", status)",
      "count_values without (instance) (\"value\", status)",
      "count_values(\"code\", http_requests_total % 3)",
      "sum by (job) (avg_over_time(mem_bytes[10m]))",
      "max by (job) (max_over_time(temp[15m]))",
      "sum(sum_over_time(mem_bytes[5m]))",
      "avg(quantile_over_time(0.9, mem_bytes[10m]))",
      "sum by (job) (count_over_time(http_requests_total[5m]))",
      "min(min_over_time(temp[5m]))",
      "sum by (job) (stddev_over_time(mem_bytes[10m]))",
      "sum(last_over_time(mem_bytes[5m]))",
      "sum by (job) (present_over_time(mem_bytes[5m]))",
      "sum by (job) (delta(temp[10m]))",
      "sum(deriv(mem_bytes[10m]))",
      "avg by (job) (predict_linear(mem_bytes[10m], 600))",
      "sum(resets(http_requests_total[30m]))",
      "sum by (job) (changes(status[30m]))",
      "sum by (job) (abs(temp))",
      "sum(ceil(mem_bytes))",
      "sum(floor(mem_bytes) + 1)",
      "sum(round(mem_bytes, 0.5))",
      "sum(clamp(temp, -5, 5))",
      "max(clamp_min(temp, 0))",
      "min(clamp_max(temp, 0))",
      "sum(sgn(temp))",
      "sum(sqrt(mem_bytes))",
      "sum(ln(mem_bytes))",
      "sum by (job) (exp(temp / 100))",
      "max(timestamp(mem_bytes))",
      "sum by (job) (-mem_bytes)",
      "sum(mem_bytes * 2)",
      "sum(2 * mem_bytes)",
      "sum by (job) (mem_bytes / 1024)",
      "count(mem_bytes > 500)",
      "count by (job) (temp > bool 0)",
      "sum(temp >= 0)",
      "sum(temp)",
      "avg(temp)",
      "sum by (job) (rate(req_latency[5m]))",
      "sum(req_latency)",
      "avg by (job) (req_latency)",
      "avg(rate(req_latency[5m]))",
      "sum by (job) (histogram_count(rate(req_latency[5m])))",
      "sum(histogram_sum(req_latency))",
      "avg(histogram_avg(rate(req_latency[5m])))",
      "sum by (job) (histogram_fraction(0, 2, req_latency))",
      "max(histogram_stddev(req_latency))",
      "sum(histogram_stdvar(req_latency))",
      "count(req_latency)",
      "sum(nhcb)",
      "sum(rate(nhcb[5m]))",
      "sum({__name__=~\"nhcb|req_latency\"})",
      "sum by (job) (mixed)",
      "avg(mixed)",
      "max(mixed)",
      "topk(2, req_latency)",
      "sum by (job) (rate(http_requests_total[5m])) / on () group_left sum(rate(http_requests_total[5m]))",
      "sum(rate(http_requests_total[5m])) * 60",
      "sum by (job) (mem_bytes) > 1000",
      "topk(2, sum by (job, instance) (mem_bytes))",
      "max_over_time(sum(mem_bytes)[30m:1m])",
      "sum(rate(http_requests_total[5m] offset 10m))",
      "sum by (job) (http_requests_total offset 5m)",
      "stddev(mem_bytes)",
      "quantile(0.5, mem_bytes)",
      "sum(http_requests_total @ 1700003600)",
      "sum(rate(http_requests_total{job=\"api\"}[5m]))",
      "sum({__name__=~\"mem_bytes|temp\"})",
      "sum by (__name__) ({__name__=~\"mem_bytes|temp\"})",
      "count({__name__=~\"mem_bytes|temp\"} * 2)",
      "sum without (instance) (rate({__name__=~\"http_requests_total|mem_bytes\"}[5m]))",
      "group without (instance) (status)",
      "sum(nonexistent_metric)",
      "topk(0, mem_bytes)",
      "label_replace(sum by (job) (mem_bytes), \"x\", \"$1\", \"job\", \"(.*)\")",
      "sum by (job) (mem_bytes) and on (job) count by (job) (temp)",
      "count_values(\"a-b\", status)",
      "count_values(\"\", status)",
      "sum(rate(mem_bytes[5m]))");

  /**
   * Where a single node's result depends on the order in which floats are added, which the shards
   * cannot reproduce: {@code avg} of floats (the split of the Kahan sum into sum and compensation
   * differs, and avg divides both) and sums or means of histograms (added without compensation).
   * Compared within {@value #ORDER_SENSITIVE_ULPS} ulps; every other query bit for bit.
   */
  static final Set<String> ORDER_SENSITIVE = Set.of(
      "avg(mem_bytes)",
      "avg by (job) (mem_bytes)",
      "avg by (job) (rate(http_requests_total[5m]))",
      "avg(quantile_over_time(0.9, mem_bytes[10m]))",
      "avg by (job) (predict_linear(mem_bytes[10m], 600))",
      "avg(temp)",
      "avg(histogram_avg(rate(req_latency[5m])))",
      "sum by (job) (rate(req_latency[5m]))",
      "sum(req_latency)",
      "avg by (job) (req_latency)",
      "avg(rate(req_latency[5m]))",
      "sum(nhcb)",
      "sum(rate(nhcb[5m]))",
      "sum({__name__=~\"nhcb|req_latency\"})",
      "sum by (job) (mixed)",
      "avg(mixed)");
  static final int ORDER_SENSITIVE_ULPS = 4;

  @BeforeAll
  static void load() {
    cluster = new InProcessCluster(3, 16);
    SplittableRandom r = new SplittableRandom(42);
    InProcessCluster.Loader load = cluster.new Loader();
    String[] jobs = {"api", "db", "web"};
    for (String job : jobs) {
      for (int i = 0; i < 6; i++) {
        for (String method : new String[] {"get", "post"}) {
          load.series(Labels.of("__name__", "http_requests_total", "job", job, "instance", "" + i, "method", method),
              times(0, SAMPLES), counter(r, i == 2 && method.equals("get")), new long[0], new FloatHistogram[0]);
        }
        double[] mem = new double[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
          mem[k] = 100 + r.nextDouble() * 1000;
        }
        if (i == 5) {
          // Ends at 1h with a staleness marker.
          mem = Arrays.copyOf(mem, 241);
          mem[240] = StaleNaN.VALUE;
        }
        load.series(Labels.of("__name__", "mem_bytes", "job", job, "instance", "" + i), times(0, mem.length), mem,
            new long[0], new FloatHistogram[0]);
        double[] temp = new double[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
          temp[k] = r.nextInt(20) == 0 ? Double.NaN : (r.nextDouble() - 0.4) * 40;
        }
        if (i == 1) {
          temp[100] = StaleNaN.VALUE;
        }
        load.series(Labels.of("__name__", "temp", "job", job, "instance", "" + i, "zone", "z" + (i % 2)),
            times(0, SAMPLES), temp, new long[0], new FloatHistogram[0]);
        double[] status = new double[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
          status[k] = r.nextInt(3) * 100 + 200;
        }
        load.series(Labels.of("__name__", "status", "job", job, "instance", "" + i), times(0, SAMPLES), status,
            new long[0], new FloatHistogram[0]);
        if (i < 4) {
          load.series(Labels.of("__name__", "req_latency", "job", job, "instance", "" + i), new long[0], new double[0],
              times(0, SAMPLES), histograms(r, SAMPLES, false));
        }
        if (i < 2) {
          load.series(Labels.of("__name__", "nhcb", "job", job, "instance", "" + i), new long[0], new double[0],
              times(0, SAMPLES), histograms(r, SAMPLES, true));
        }
        if (i < 3) {
          Labels l = Labels.of("__name__", "mixed", "job", job, "instance", "" + i);
          if ((i + job.length()) % 2 == 0) {
            load.series(l, times(0, SAMPLES), counter(r, false), new long[0], new FloatHistogram[0]);
          } else {
            load.series(l, new long[0], new double[0], times(0, SAMPLES), histograms(r, SAMPLES, false));
          }
        }
      }
    }
    load.commit();
    fragments = new ClusterFragments(cluster.view("node-0"));
    single = new Engine(EngineOptions.defaults());
    distributed = new Engine(EngineOptions.defaults(), fragments);
    fanOut = new FanOutStorage(Arrays.asList(cluster.shards));
  }

  @AfterAll
  static void close() {
    cluster.close();
  }

  static long[] times(int from, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + (from + i) * SCRAPE;
    }
    return t;
  }

  static double[] counter(SplittableRandom r, boolean reset) {
    double[] v = new double[SAMPLES];
    double c = r.nextInt(1000);
    for (int i = 0; i < SAMPLES; i++) {
      c = reset && i == SAMPLES / 2 ? 0 : c + r.nextInt(20);
      v[i] = c;
    }
    return v;
  }

  static FloatHistogram[] histograms(SplittableRandom r, int n, boolean custom) {
    FloatHistogram[] out = new FloatHistogram[n];
    double[] buckets = new double[4];
    double zero = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      FloatHistogram h = new FloatHistogram();
      if (custom) {
        h.schema = FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
        h.customValues = new double[] {0.1, 0.5, 1, 5};
      } else {
        h.schema = 1;
        h.zeroThreshold = 0.001;
        zero += r.nextInt(3);
        h.zeroCount = zero;
      }
      double count = h.zeroCount;
      for (int b = 0; b < buckets.length; b++) {
        buckets[b] += r.nextInt(5);
        count += buckets[b];
      }
      sum += r.nextDouble() * 10;
      h.positiveSpans = new int[] {custom ? 0 : -1, 4};
      h.positiveBuckets = buckets.clone();
      h.count = count;
      h.sum = sum;
      h.counterResetHint = i == 0 ? CounterResetHint.UNKNOWN : CounterResetHint.NOT_COUNTER_RESET;
      out[i] = h;
    }
    return out;
  }

  @Test
  void everyQueryAnswersAsOnASingleNode() {
    assertTrue(QUERIES.size() >= 60, "at least 60 queries");
    List<String> failures = new ArrayList<>();
    long[] instants = {T0 + 30 * M, T0 + 61 * M + 7_000, T0 + 119 * M + 59_000};
    for (String q : QUERIES) {
      int ulps = ORDER_SENSITIVE.contains(q) ? ORDER_SENSITIVE_ULPS : 0;
      for (long t : instants) {
        compare(failures, q + " @instant " + t, ulps, () -> single.instantQuery(cluster.all, q, t),
            () -> distributed.instantQuery(fanOut, q, t));
      }
      compare(failures, q + " @range", ulps,
          () -> single.rangeQuery(cluster.all, q, T0 + 5 * M, T0 + 125 * M, 45_000),
          () -> distributed.rangeQuery(fanOut, q, T0 + 5 * M, T0 + 125 * M, 45_000));
    }
    assertEquals(List.of(), failures);
    assertTrue(fragments.fragmentsTotal() > 0, "fragments were sent");
  }

  private static void compare(List<String> failures, String what, int ulps, Supplier<QueryResult> want,
      Supplier<QueryResult> got) {
    QueryResult a;
    try {
      a = want.get();
    } catch (PromQLException e) {
      try {
        got.get();
        failures.add(what + ": single node failed with " + e.getMessage() + ", distributed answered");
      } catch (PromQLException d) {
        if (d.errorType() != e.errorType() || !d.getMessage().equals(e.getMessage())) {
          failures.add(what + ": error " + e.errorType() + " " + e.getMessage() + " vs " + d.errorType() + " " + d.getMessage());
        }
      }
      return;
    }
    try {
      String d = ResultDiff.diff(a, got.get(), ulps);
      if (d != null) {
        failures.add(what + ": " + d);
      }
    } catch (PromQLException e) {
      failures.add(what + ": distributed failed with " + e.getMessage());
    }
  }
}

package io.hearth.node.it;

import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Seeded, scrape-shaped data for the differential tests: one sample per target every 15 s for 200
 * scrapes (49 m 45 s), each target's scrape time jittered by 1..999 ms so that no sample ever lies on
 * a whole second (queries evaluated on whole seconds never hit a sample exactly at the edge of the
 * lookback or range window, where Prometheus 2.x (closed) and 3.x (left-open) differ).
 *
 * <p>Targets and series:
 *
 * <ul>
 *   <li>jobs {@code api} (3 instances, {@code env="prod"}), {@code db} (2, {@code env="staging"}),
 *       {@code cache-east} (1, no env): {@code http_requests_total} counters by method and code with
 *       resets, {@code node_temperature_celsius} gauges, and a classic histogram {@code
 *       request_duration_seconds_bucket/_sum/_count} (reset once on {@code 10.0.0.2:9100});
 *   <li>{@code flappy_up{job="flappy"}}: instance {@code a} gets a stale marker at scrape {@value
 *       #STALE_A} and resumes at {@value #RESUME_A} (gap longer than the lookback), {@code b} at
 *       {@value #STALE_B} and {@value #RESUME_B} (gap shorter than the lookback);
 *   <li>{@code batch_last_success_timestamp_seconds{job="batch"}}: {@code runner-1} stops after scrape
 *       {@value #STOP_RUNNER_1} without a stale marker, {@code runner-2} runs throughout;
 *   <li>{@code weird_values{job="weird"}}: special floats (NaN, ±Inf, -0, ...) and label values with
 *       regex metacharacters, quotes, backslashes and non-ASCII;
 *   <li>{@code float_format_probe{job="extreme"}}: the {@link #FORMAT_PROBES}, kept apart so that only
 *       the test about float text sees them.
 * </ul>
 *
 * Requests are cut by time: request k carries scrapes [k·20, k·20+20) of every series, so each
 * series' samples arrive in order.
 */
public final class SyntheticWorkload {
  public static final long INTERVAL_MS = 15_000;
  public static final int SCRAPES = 200;
  public static final int SCRAPES_PER_REQUEST = 20;
  public static final int STALE_A = 61;
  public static final int RESUME_A = 90;
  public static final int STALE_B = 120;
  public static final int RESUME_B = 128;
  public static final int STOP_RUNNER_1 = 40;

  /** Special floats every formatter agrees on. */
  static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
      0.1 + 0.2, 100, 2.5, 1.0 / 3, 4.35, 1e15 + 0.3, -273.15, 9007199254740993.0, 1e-6, 9.99e20, 123456.789e3};

  /**
   * Floats whose text is easy to get wrong: Prometheus writes |v| < 1e-6 and |v| >= 1e21 with an
   * exponent ({@code "1e+21"}, {@code "-1.5e-07"}, {@code "5e-324"}), and always the shortest digits
   * that round-trip, which Java 17's {@code Double.toString} does not always give (2.82879384806159e17
   * is {@code "2.82879384806159008E17"} there, {@code "282879384806159000"} in Go).
   */
  static final double[] FORMAT_PROBES = {Double.MIN_VALUE, 1e-300, Double.MAX_VALUE, 1e21, 1e22, -1.5e-7, 9.99e-7,
      2e23, 2.82879384806159E17, 1.387364135037754E18, 1.45800632428665E17, 6.8479835487449702E18, -2.31845256772633248E17,
      123456789012345678.0, 5.684341886080802E-14};

  /** One series: labels and its samples in time order. */
  public record SeriesData(Labels labels, long[] t, double[] v) {}

  private final long t0;
  private final List<SeriesData> series = new ArrayList<>();
  private final TreeSet<Long> sampleTimes = new TreeSet<>();

  /** Data whose first scrape interval starts at {@code t0} (a whole minute), drawn from {@code seed}. */
  public SyntheticWorkload(long t0, long seed) {
    if (t0 % 60_000 != 0) throw new IllegalArgumentException("t0 must be a whole minute, got " + t0);
    this.t0 = t0;
    Random rnd = new Random(seed);
    service(rnd, "api", new String[] {"10.0.0.1:9100", "10.0.0.10:9100", "10.0.0.2:9100"}, "prod", new String[] {"GET", "POST"});
    service(rnd, "db", new String[] {"10.0.1.1:9100", "10.0.1.2:9100"}, "staging", new String[] {"GET", "POST"});
    service(rnd, "cache-east", new String[] {"10.0.2.1:9100"}, null, new String[] {"GET"});
    flappy(rnd, "a", STALE_A, RESUME_A);
    flappy(rnd, "b", STALE_B, RESUME_B);
    batch(rnd, "runner-1", STOP_RUNNER_1);
    batch(rnd, "runner-2", SCRAPES - 1);
    weird(rnd);
    probes();
    for (SeriesData s : series) for (long t : s.t) sampleTimes.add(t);
  }

  public long t0() {
    return t0;
  }

  public List<SeriesData> series() {
    return series;
  }

  /** Every sample timestamp of every series. */
  public NavigableSet<Long> sampleTimes() {
    return sampleTimes;
  }

  /** The timestamp of scrape {@code i} of the series with these labels. */
  public long timeOf(Labels labels, int scrape) {
    return scrapeTimes(labels.get("job"), labels.get("instance"))[scrape];
  }

  /** The last sample timestamp of all data. */
  public long lastSample() {
    return sampleTimes.last();
  }

  /**
   * Remote-writes {@link #requests()} in order, request {@code i} to {@code target.apply(i)} (one
   * server, or round-robin over a cluster's nodes); fails unless every one is accepted (204).
   */
  public void writeTo(String who, IntFunction<PromApiClient> target) {
    List<byte[]> requests = requests();
    for (int i = 0; i < requests.size(); i++) {
      PromApiClient.Reply r = target.apply(i).remoteWrite(requests.get(i));
      if (r.status() != 204) throw new AssertionError(who + " rejected request " + i + ": " + r.status() + " " + r.body());
    }
  }

  /** The remote-write 1.0 bodies (snappy), in the order to send them. */
  public List<byte[]> requests() {
    List<byte[]> out = new ArrayList<>();
    for (int k = 0; k * SCRAPES_PER_REQUEST < SCRAPES; k++) {
      long from = t0 + k * SCRAPES_PER_REQUEST * INTERVAL_MS;
      long to = from + SCRAPES_PER_REQUEST * INTERVAL_MS;
      WriteRequestBuilder b = WriteRequestBuilder.v1();
      int samples = 0;
      for (SeriesData s : series) {
        boolean started = false;
        for (int i = 0; i < s.t.length; i++) {
          if (s.t[i] < from || s.t[i] >= to) continue;
          if (!started) {
            b.series(s.labels);
            started = true;
          }
          b.sample(s.t[i], s.v[i]);
          samples++;
        }
      }
      if (samples > 0) out.add(b.buildSnappy());
    }
    return out;
  }

  // ---- generation

  /** Scrape times of one target: the interval grid plus a per-target, per-scrape jitter in [1, 999] ms. */
  private long[] scrapeTimes(String job, String instance) {
    Random r = new Random((job + "/" + instance).hashCode() * 31L + 7);
    long[] ts = new long[SCRAPES];
    for (int i = 0; i < SCRAPES; i++) ts[i] = t0 + i * INTERVAL_MS + 1 + r.nextInt(999);
    return ts;
  }

  private void add(Labels labels, long[] ts, double[] vs) {
    series.add(new SeriesData(labels, ts, vs));
  }

  private Labels labels(String name, String job, String instance, String env, String... more) {
    Labels.Builder b = Labels.builder().set("__name__", name).set("job", job).set("instance", instance);
    if (env != null) b.set("env", env);
    for (int i = 0; i < more.length; i += 2) b.set(more[i], more[i + 1]);
    return b.build();
  }

  private void service(Random rnd, String job, String[] instances, String env, String[] methods) {
    String[] codes = {"200", "404", "500"};
    String[] le = {"0.005", "0.1", "0.5", "1", "2.5", "+Inf"};
    double[] bounds = {0.005, 0.1, 0.5, 1, 2.5, Double.POSITIVE_INFINITY};
    for (String inst : instances) {
      long[] ts = scrapeTimes(job, inst);
      for (String m : methods) {
        for (String code : codes) {
          double[] v = new double[SCRAPES];
          double c = rnd.nextInt(1000);
          for (int i = 0; i < SCRAPES; i++) {
            if (rnd.nextDouble() < 0.03) c = rnd.nextInt(5); // process restart: counter reset
            else c += rnd.nextInt(code.equals("200") ? 50 : 4);
            v[i] = c;
          }
          add(labels("http_requests_total", job, inst, env, "method", m, "code", code), ts, v);
        }
      }
      for (String sensor : new String[] {"cpu", "gpu"}) {
        double[] v = new double[SCRAPES];
        double x = 30 + rnd.nextDouble() * 40;
        for (int i = 0; i < SCRAPES; i++) {
          x += rnd.nextGaussian() * 1.7; // full-precision doubles: exercises float formatting
          v[i] = x;
        }
        add(labels("node_temperature_celsius", job, inst, env, "sensor", sensor), ts, v);
      }
      double[][] buckets = new double[le.length][SCRAPES];
      double[] sum = new double[SCRAPES];
      double[] count = new double[SCRAPES];
      long[] cum = new long[le.length];
      double s = 0;
      for (int i = 0; i < SCRAPES; i++) {
        if (inst.equals("10.0.0.2:9100") && i == 100) {
          java.util.Arrays.fill(cum, 0);
          s = 0;
        }
        int n = rnd.nextInt(12);
        for (int k = 0; k < n; k++) {
          double obs = Math.exp(rnd.nextGaussian() * 1.5 - 2);
          s += obs;
          for (int b = 0; b < bounds.length; b++) if (obs <= bounds[b]) cum[b]++;
        }
        for (int b = 0; b < le.length; b++) buckets[b][i] = cum[b];
        sum[i] = s;
        count[i] = cum[le.length - 1];
      }
      for (int b = 0; b < le.length; b++) {
        add(labels("request_duration_seconds_bucket", job, inst, env, "le", le[b]), ts, buckets[b]);
      }
      add(labels("request_duration_seconds_sum", job, inst, env), ts, sum);
      add(labels("request_duration_seconds_count", job, inst, env), ts, count);
    }
  }

  private void flappy(Random rnd, String instance, int stale, int resume) {
    long[] all = scrapeTimes("flappy", instance);
    List<Long> ts = new ArrayList<>();
    List<Double> vs = new ArrayList<>();
    for (int i = 0; i < SCRAPES; i++) {
      if (i > stale && i < resume) continue;
      ts.add(all[i]);
      vs.add(i == stale ? StaleNaN.VALUE : (rnd.nextDouble() < 0.9 ? 1.0 : 0.0));
    }
    add(labels("flappy_up", "flappy", instance, null), ts.stream().mapToLong(Long::longValue).toArray(),
        vs.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private void batch(Random rnd, String instance, int last) {
    long[] all = scrapeTimes("batch", instance);
    long[] ts = java.util.Arrays.copyOf(all, last + 1);
    double[] v = new double[ts.length];
    double success = (t0 - 3_600_000) / 1000.0;
    for (int i = 0; i < ts.length; i++) {
      if (rnd.nextInt(4) == 0) success = (ts[i] - rnd.nextInt(5000)) / 1000.0;
      v[i] = success;
    }
    add(labels("batch_last_success_timestamp_seconds", "batch", instance, null), ts, v);
  }

  private void probes() {
    long[] ts = scrapeTimes("extreme", "p");
    double[] v = new double[SCRAPES];
    for (int i = 0; i < SCRAPES; i++) v[i] = FORMAT_PROBES[i % FORMAT_PROBES.length];
    add(labels("float_format_probe", "extreme", "p", null), ts, v);
  }

  private void weird(Random rnd) {
    long[] ts = scrapeTimes("weird", "w");
    double[] mix = new double[SCRAPES];
    for (int i = 0; i < SCRAPES; i++) mix[i] = SPECIAL[i % SPECIAL.length];
    add(labels("weird_values", "weird", "w", null, "kind", "mix"), ts, mix);
    String[] kinds = {"a.b", "axb", "quote\"back\\slash ü 日本", "/api/v1/{id}", "a|b", "(x)*+?", " leading space"};
    for (String k : kinds) {
      double[] v = new double[SCRAPES];
      for (int i = 0; i < SCRAPES; i++) v[i] = Math.round(rnd.nextGaussian() * 1e6) / 1e3;
      add(labels("weird_values", "weird", "w", null, "kind", k), ts, v);
    }
  }
}

package io.hearth.bench.churn;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sends the churn workload in time order over {@code concurrency} HTTP/1.1 connections, as fast as the server
 * acknowledges, and samples the server every {@code measureRounds} rounds (all rounds before the boundary
 * acknowledged).
 *
 * <p>Connection {@code k} owns the pods {@code p} with {@code p % K == k}: every series always goes through the same
 * connection, one request at a time, so its samples arrive in time order. A request holds up to {@code batch}
 * samples: several consecutive rounds of the connection's series when they fit, else one round's series in slices.
 * Connections never run more than {@code maxLag} rounds ahead of the slowest one.
 */
final class Loader {
  private final Workload w;
  private final String writeUrl;
  private final int conc;
  private final int batch;
  private final int maxLag;
  private final int retries;
  private final long deadlineNanos;
  private final Probe probe;
  private final int measureRounds;
  private final Path out;

  private final AtomicIntegerArray done; // per connection: rounds fully acknowledged
  private final AtomicLongArray sentPerGen;
  private final AtomicLongArray ackedPerGen;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong wireBytes = new AtomicLong();
  private final AtomicLong non2xxResponses = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private final AtomicLong failedSamples = new AtomicLong();
  private final Map<String, AtomicLong> finalStatus = new ConcurrentHashMap<>();
  private final List<String> errorSamples = new ArrayList<>();
  private final Object lagLock = new Object();
  private volatile boolean stop;
  private volatile boolean timedOut;
  private volatile boolean serverDied;

  Loader(Workload w, String writeUrl, int conc, int batch, int maxLag, int retries, long maxSeconds, Probe probe,
      int measureRounds, Path out) {
    this.w = w;
    this.writeUrl = writeUrl;
    this.conc = Math.min(conc, w.pods);
    this.batch = batch;
    int fewest = w.pods / this.conc * Workload.NAMES.length; // series of the smallest connection share
    this.maxLag = Math.max(maxLag, Math.max(1, batch / fewest)); // room for one request of any connection
    this.retries = retries;
    this.deadlineNanos = System.nanoTime() + maxSeconds * 1_000_000_000L;
    this.probe = probe;
    this.measureRounds = measureRounds;
    this.out = out;
    this.done = new AtomicIntegerArray(this.conc);
    this.sentPerGen = new AtomicLongArray(w.generations());
    this.ackedPerGen = new AtomicLongArray(w.generations());
  }

  private int minDone() {
    int m = Integer.MAX_VALUE;
    for (int k = 0; k < conc; k++) m = Math.min(m, done.get(k));
    return m;
  }

  /** Runs the load and the sampler; writes steps.csv and steps.jsonl to {@code out} and returns the totals. */
  Map<String, Object> run() throws Exception {
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    double cpu0 = probe.cpuSeconds();
    List<Thread> workers = new ArrayList<>();
    for (int k = 0; k < conc; k++) {
      int kk = k;
      Thread t = new Thread(() -> work(kk), "churn-writer-" + k);
      t.setDaemon(true);
      workers.add(t);
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    steps.add(measure(0, t0));
    workers.forEach(Thread::start);
    int next = measureRounds;
    while (true) {
      boolean alive = workers.stream().anyMatch(Thread::isAlive);
      int m = minDone();
      if (m >= next && m < w.rounds) {
        steps.add(measure(m, t0));
        next = (m / measureRounds + 1) * measureRounds;
      }
      if (!alive) break;
      if (!probe.alive()) { // the server died: stop instead of retrying into a closed port until the deadline
        note("server process exited during the load");
        stop = true;
        serverDied = true;
        break;
      }
      if (System.nanoTime() > deadlineNanos + 30_000_000_000L) { // writers stuck in a request past the deadline
        stop = true;
        timedOut = true;
        break;
      }
      Thread.sleep(20);
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> last = measure(minDone(), t0);
    steps.add(last);
    double cpu1 = probe.cpuSeconds();

    writeSteps(steps);
    long sent = sum(sentPerGen);
    long acked = sum(ackedPerGen);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("workload", w.describe());
    r.put("write_url", writeUrl);
    r.put("concurrency", conc);
    r.put("batch_samples", batch);
    r.put("max_lag_rounds", maxLag);
    r.put("complete", minDone() >= w.rounds && !timedOut && !serverDied);
    r.put("server_died", serverDied);
    r.put("timed_out", timedOut);
    r.put("rounds_acknowledged", Math.min(minDone(), w.rounds));
    r.put("load_seconds", loadSeconds);
    r.put("samples_sent", sent);
    r.put("samples_acked", acked);
    r.put("samples_failed", failedSamples.get());
    r.put("ingest_samples_per_s", acked / loadSeconds);
    r.put("requests", requests.get());
    r.put("wire_bytes", wireBytes.get());
    r.put("non2xx_responses", non2xxResponses.get());
    r.put("failed_requests", failedRequests.get());
    r.put("failed_requests_by_status", new TreeMap<>(finalStatus));
    synchronized (errorSamples) {
      r.put("error_samples", new ArrayList<>(errorSamples));
    }
    r.put("server_cpu_seconds_load", cpu0 < 0 || cpu1 < 0 ? null : cpu1 - cpu0);
    r.put("server_cpu_seconds_per_million_samples", cpu0 < 0 || cpu1 < 0 || acked == 0 ? null : (cpu1 - cpu0) / (acked / 1e6));
    long[] s = new long[w.generations()];
    long[] a = new long[w.generations()];
    for (int g = 0; g < s.length; g++) {
      s[g] = sentPerGen.get(g);
      a[g] = ackedPerGen.get(g);
    }
    r.put("sent_per_generation", s);
    r.put("acked_per_generation", a);
    System.out.printf("load: %s rounds %d/%d, %d samples acked of %d sent in %.1f s (%.0f/s), %d non-2xx responses, %d failed requests%n",
        Boolean.TRUE.equals(r.get("complete")) ? "complete," : "INCOMPLETE,", Math.min(minDone(), w.rounds), w.rounds, acked, sent,
        loadSeconds, acked / loadSeconds, non2xxResponses.get(), failedRequests.get());
    return r;
  }

  /**
   * After the load: waits (at most {@code maxSeconds}) until the server used less than {@code quietCores} of CPU
   * over 5 s, then measures once more. The server may still be compacting, applying retention or checkpointing.
   */
  Map<String, Object> settle(long maxSeconds, double quietCores) throws InterruptedException {
    long t0 = System.nanoTime();
    long end = t0 + maxSeconds * 1_000_000_000L;
    boolean quiet = false;
    while (System.nanoTime() < end) {
      double c0 = probe.cpuSeconds();
      long n0 = System.nanoTime();
      Thread.sleep(5000);
      double c1 = probe.cpuSeconds();
      if (c0 < 0 || c1 < 0) break;
      if ((c1 - c0) / ((System.nanoTime() - n0) / 1e9) < quietCores) {
        quiet = true;
        break;
      }
    }
    Map<String, Object> m = measure(minDone(), t0);
    m.put("quiet", quiet);
    Map<String, Object> clean = new LinkedHashMap<>();
    m.forEach((k, v) -> clean.put(k, v instanceof Double && ((Double) v).isNaN() ? null : v));
    return clean;
  }

  private static long sum(AtomicLongArray a) {
    long s = 0;
    for (int i = 0; i < a.length(); i++) s += a.get(i);
    return s;
  }

  private Map<String, Object> measure(int round, long t0) {
    Map<String, Object> m = new LinkedHashMap<>();
    int r = Math.min(round, w.rounds);
    m.put("sim_hours", r * w.stepMs / 3_600_000.0);
    m.put("rounds", r);
    m.put("wall_s", (System.nanoTime() - t0) / 1e9);
    m.put("samples_acked", sum(ackedPerGen));
    m.put("failed_requests", failedRequests.get());
    Map<String, Double> metrics = probe.scrape();
    long[] mem = probe.memoryKib();
    m.put("rss_mib", mem[0] < 0 ? Double.NaN : mem[0] / 1024.0);
    m.put("hwm_mib", mem[1] < 0 ? Double.NaN : mem[1] / 1024.0);
    m.put("cpu_s", probe.cpuSeconds());
    for (Map.Entry<String, Double> e : metrics.entrySet()) m.put(column(e.getKey()), e.getValue());
    return m;
  }

  /** A metric selector as a column name: {@code jvm_memory_used_bytes{area="heap"}} becomes {@code jvm_memory_used_bytes_area_heap}. */
  static String column(String metric) {
    return metric.replaceAll("[{=,]", "_").replaceAll("[^A-Za-z0-9_]", "");
  }

  private void writeSteps(List<Map<String, Object>> steps) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("steps.csv")));
        PrintWriter jl = new PrintWriter(Files.newBufferedWriter(out.resolve("steps.jsonl")))) {
      csv.println(String.join(",", steps.get(0).keySet()));
      for (Map<String, Object> s : steps) {
        List<String> cells = new ArrayList<>();
        for (Object v : s.values()) cells.add(cell(v));
        csv.println(String.join(",", cells));
        Map<String, Object> clean = new LinkedHashMap<>();
        s.forEach((k, v) -> clean.put(k, v instanceof Double && ((Double) v).isNaN() ? null : v));
        jl.println(json.writeValueAsString(clean));
      }
    }
  }

  private static String cell(Object v) {
    if (v instanceof Double) {
      double d = (Double) v;
      if (Double.isNaN(d)) return "";
      if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
      return String.format("%.3f", d);
    }
    return String.valueOf(v);
  }

  // --- one connection ---

  private void work(int k) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    RemoteWriteEncoder enc = new RemoteWriteEncoder();
    List<Integer> mine = new ArrayList<>(); // this connection's series indexes within a generation
    for (int s = 0; s < w.seriesPerGen(); s++) if ((s / Workload.NAMES.length) % conc == k) mine.add(s);
    int n = mine.size();
    double[] prev = new double[n];
    byte[][] labels = new byte[n][];
    int labelsGen = -1;
    int roundsPerReq = Math.max(1, batch / n);
    int slice = Math.min(n, batch);
    long[] ts = new long[roundsPerReq];
    double[] vs = new double[roundsPerReq];
    int round = 0;
    try {
      while (round < w.rounds && !stop) {
        int nr = Math.min(roundsPerReq, w.rounds - round);
        if (!waitForLag(k, round + nr)) return;
        for (int from = 0; from < n; from += slice) { // one request per slice (a single slice when rounds are batched)
          int to = Math.min(n, from + slice);
          Map<Integer, Long> perGen = new TreeMap<>();
          int r = round;
          while (r < round + nr) { // the rounds of this request, split where the generation changes
            int g = w.gen(r);
            int rEnd = Math.min(round + nr, (g + 1) * w.roundsPerGen);
            if (g != labelsGen) {
              for (int i = 0; i < n; i++) {
                labels[i] = w.encodedLabels(g, mine.get(i));
                prev[i] = Double.NaN;
              }
              labelsGen = g;
            }
            for (int i = from; i < to; i++) {
              int c = 0;
              for (int rr = r; rr < rEnd; rr++, c++) {
                ts[c] = w.ts(rr);
                vs[c] = prev[i] = w.value(g, mine.get(i), rr, prev[i]);
              }
              enc.series(labels[i], ts, vs, c);
            }
            perGen.merge(g, (long) (rEnd - r) * (to - from), Long::sum);
            r = rEnd;
          }
          long samples = enc.samples();
          byte[] body = enc.finish();
          perGen.forEach((g, c) -> sentPerGen.addAndGet(g, c));
          if (send(http, body)) {
            perGen.forEach((g, c) -> ackedPerGen.addAndGet(g, c));
          } else {
            failedSamples.addAndGet(samples);
          }
          if (stop) return;
        }
        round += nr;
        done.set(k, round);
        synchronized (lagLock) {
          lagLock.notifyAll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      note("writer " + k + " failed: " + e);
      stop = true;
    } finally {
      synchronized (lagLock) {
        lagLock.notifyAll();
      }
    }
  }

  /** Waits until a request ending before {@code roundEnd} keeps this connection within maxLag of the slowest. */
  private boolean waitForLag(int k, int roundEnd) throws InterruptedException {
    synchronized (lagLock) {
      while (roundEnd > minDone() + maxLag && done.get(k) > minDone()) { // the slowest connection never waits
        if (stop) return false;
        if (System.nanoTime() > deadlineNanos) {
          stop = true;
          timedOut = true;
          return false;
        }
        lagLock.wait(50);
      }
    }
    if (System.nanoTime() > deadlineNanos) {
      stop = true;
      timedOut = true;
      return false;
    }
    return true;
  }

  /** POSTs one body; retries 5xx, 429 and I/O errors with back-off (not 4xx, as Prometheus). True if acknowledged. */
  private boolean send(HttpClient http, byte[] body) throws InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(writeUrl)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0").header("User-Agent", "hearth-churn-bench")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    String last = "none";
    for (int attempt = 0; attempt <= retries; attempt++) {
      requests.incrementAndGet();
      wireBytes.addAndGet(body.length);
      boolean retry;
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        int code = r.statusCode();
        if (code / 100 == 2) return true;
        non2xxResponses.incrementAndGet();
        last = Integer.toString(code);
        note(code + " " + r.body());
        retry = code >= 500 || code == 429;
      } catch (IOException e) {
        non2xxResponses.incrementAndGet();
        last = "io";
        note("io " + e);
        retry = true;
      }
      if (!retry || stop || System.nanoTime() > deadlineNanos) break;
      Thread.sleep(Math.min(4000, 250L << attempt));
    }
    failedRequests.incrementAndGet();
    finalStatus.computeIfAbsent(last, x -> new AtomicLong()).incrementAndGet();
    return false;
  }

  private void note(String msg) {
    synchronized (errorSamples) {
      if (errorSamples.size() < 10) errorSamples.add(msg.length() > 300 ? msg.substring(0, 300) : msg);
    }
  }
}

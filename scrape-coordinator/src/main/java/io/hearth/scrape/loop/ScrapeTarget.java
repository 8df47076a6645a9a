package io.hearth.scrape.loop;

import io.hearth.sharding.api.Labels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape target: its labels after target relabeling (internal {@code __} labels included),
 * the labels it was discovered with, and the state of its last scrape for the targets API.
 *
 * <p>Identity ({@link #hash()}) is the labels and URL, as in Prometheus. The scrape state is
 * updated by the target's scrape loop and read by anyone; all accessors are thread-safe.
 */
public final class ScrapeTarget {
  public static final String ADDRESS = "__address__";
  public static final String SCHEME = "__scheme__";
  public static final String METRICS_PATH = "__metrics_path__";
  public static final String PARAM_PREFIX = "__param_";
  public static final String SCRAPE_INTERVAL = "__scrape_interval__";
  public static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
  public static final String META_PREFIX = "__meta_";
  public static final String RESERVED_PREFIX = "__";
  public static final String JOB = "job";
  public static final String INSTANCE = "instance";

  private final String scrapePool;
  private final Labels labels;
  private final Labels discoveredLabels;
  private final Map<String, List<String>> params;
  private final String url;
  private final long hash;

  private TargetHealth health = TargetHealth.UNKNOWN;
  private String lastError = "";
  private Instant lastScrape;
  private Duration lastScrapeDuration = Duration.ZERO;

  public ScrapeTarget(String scrapePool, Labels labels, Labels discoveredLabels, Map<String, List<String>> params) {
    this.scrapePool = scrapePool;
    this.labels = labels;
    this.discoveredLabels = discoveredLabels;
    this.params = params == null ? Map.of() : params;
    this.url = buildUrl();
    this.hash = computeHash();
  }

  public String scrapePool() {
    return scrapePool;
  }

  /** All labels after relabeling, internal ({@code __}-prefixed) ones included. */
  public Labels labels() {
    return labels;
  }

  /** The labels attached to every sample of the target: those without the {@code __} prefix. */
  public Labels publicLabels() {
    Labels.Builder b = Labels.builder();
    labels.forEach((n, v) -> {
      if (!n.startsWith(RESERVED_PREFIX)) b.set(n, v);
    });
    return b.build();
  }

  /** The labels before relabeling (as discovered, plus the job's defaults). */
  public Labels discoveredLabels() {
    return discoveredLabels;
  }

  /** The scrape URL from {@code __scheme__}, {@code __address__}, {@code __metrics_path__} and params. */
  public String url() {
    return url;
  }

  private String buildUrl() {
    TreeMap<String, List<String>> q = new TreeMap<>();
    params.forEach((k, v) -> q.put(k, new ArrayList<>(v)));
    labels.forEach((n, v) -> {
      if (!n.startsWith(PARAM_PREFIX)) return;
      String k = n.substring(PARAM_PREFIX.length());
      List<String> vs = q.computeIfAbsent(k, x -> new ArrayList<>());
      if (vs.isEmpty()) vs.add(v);
      else vs.set(0, v);
    });
    StringBuilder sb = new StringBuilder();
    sb.append(labels.get(SCHEME)).append("://").append(labels.get(ADDRESS));
    String path = labels.get(METRICS_PATH);
    if (!path.isEmpty() && !path.startsWith("/")) sb.append('/');
    sb.append(path);
    boolean first = true;
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      for (String v : e.getValue()) {
        sb.append(first ? '?' : '&');
        first = false;
        sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  /** FNV-1a 64 over the zero-padded labels hash and the URL, as Prometheus identifies targets. */
  private long computeHash() {
    String dec = Long.toUnsignedString(labels.hash64());
    String s = (dec.length() >= 16 ? dec : "0".repeat(16 - dec.length()) + dec) + url;
    long h = 0xcbf29ce484222325L;
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (c & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  public long hash() {
    return hash;
  }

  /**
   * The delay until this target's first scrape: targets spread over the interval by their hash,
   * pinned to absolute time, as Prometheus's {@code Target.offset}.
   */
  public long offsetNanos(long intervalNanos, long seed, long nowNanos) {
    long base = intervalNanos - Math.floorMod(nowNanos, intervalNanos);
    long offset = Long.remainderUnsigned(hash ^ seed, intervalNanos);
    long next = base + offset;
    if (next > intervalNanos) next -= intervalNanos;
    return next;
  }

  /** The target's interval from {@code __scrape_interval__}. */
  public String intervalLabel() {
    return labels.get(SCRAPE_INTERVAL);
  }

  public String timeoutLabel() {
    return labels.get(SCRAPE_TIMEOUT);
  }

  /** Records the outcome of a scrape; a null error means healthy. */
  public synchronized void report(Instant start, Duration duration, String error) {
    health = error == null ? TargetHealth.UP : TargetHealth.DOWN;
    lastError = error == null ? "" : error;
    lastScrape = start;
    lastScrapeDuration = duration;
  }

  public synchronized TargetHealth health() {
    return health;
  }

  /** The last scrape's error, empty when it succeeded or none happened. */
  public synchronized String lastError() {
    return lastError;
  }

  /** When the last scrape started, or null before the first. */
  public synchronized Instant lastScrape() {
    return lastScrape;
  }

  public synchronized Duration lastScrapeDuration() {
    return lastScrapeDuration;
  }

  @Override
  public String toString() {
    return url;
  }
}

package io.hearth.scrape.loop;

import io.hearth.scrape.relabel.RelabelConfig;
import io.hearth.scrape.relabel.Relabeler;
import io.hearth.scrape.textparse.ContentNegotiation;
import io.hearth.scrape.textparse.Entry;
import io.hearth.scrape.textparse.ParseException;
import io.hearth.scrape.textparse.Parser;
import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.LabelsText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scrapes one target on its interval and writes what it exposes into storage, as Prometheus's
 * scrapeLoop: target labels attached ({@code honor_labels} or {@code exported_} on conflict),
 * {@code metric_relabel_configs}, sample and label limits, the automatic series ({@code up},
 * {@code scrape_duration_seconds}, {@code scrape_samples_scraped},
 * {@code scrape_samples_post_metric_relabeling}, {@code scrape_series_added}) and staleness markers
 * for series that disappear. With created-timestamp zero ingestion, a sample whose metric has a
 * created timestamp is preceded by its zero sample ({@link Appender#appendCreatedZero}). A failed scrape, a malformed exposition or an exceeded limit stores
 * none of that scrape's samples: only staleness markers for the previous scrape's series and the
 * automatic series with {@code up} 0.
 *
 * <p>Each scrape uses its own {@link Appender}, ended with commit (or rollback then a fresh appender
 * for the markers). Scrapes of one loop never overlap: a tick that finds the previous scrape still
 * running is skipped. Thread-safe for {@link #start}, {@link #stop} and {@link #setForcedError}.
 */
public final class ScrapeLoop {
  private static final Logger LOG = Logger.getLogger(ScrapeLoop.class.getName());
  private static final long MAX_AHEAD_MS = Duration.ofMinutes(10).toMillis();
  private static final String[] REPORT_NAMES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added"};

  private final ScrapeTarget target;
  private final Scraper scraper;
  private final Appendable storage;
  private final LoopOptions opts;
  private final ScrapeCache cache;
  private final Labels[] reportLabels;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Object lifecycle = new Object();
  private volatile String forcedError;
  private volatile boolean stopped;
  private ScheduledFuture<?> ticker;
  /** Timestamp (ms) of the last scrape that ran, or -1. */
  private volatile long lastScrapeTime = -1;
  private long alignedTimeMs = -1;
  private volatile MetadataSink metadataSink;
  /** Metadata of the scrape in progress (family to {type, help, unit}), or null when not collected. */
  private Map<String, String[]> scrapeMetadata;

  /** @param cache a cache inherited from the target's previous loop, or null for a fresh one */
  public ScrapeLoop(ScrapeTarget target, Scraper scraper, Appendable storage, LoopOptions opts, ScrapeCache cache) {
    this.target = target;
    this.scraper = scraper;
    this.storage = storage;
    this.opts = opts;
    this.cache = cache == null ? new ScrapeCache() : cache;
    this.reportLabels = new Labels[REPORT_NAMES.length];
    Labels pub = target.publicLabels();
    for (int i = 0; i < REPORT_NAMES.length; i++) {
      // mutateReportSampleLabels: the name plus the target's public labels
      Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, REPORT_NAMES[i]);
      pub.forEach(b::set);
      reportLabels[i] = b.build();
    }
  }

  public ScrapeTarget target() {
    return target;
  }

  public ScrapeCache cache() {
    return cache;
  }

  public LoopOptions options() {
    return opts;
  }

  /** Timestamp in ms of the last scrape, or -1 if none ran. */
  public long lastScrapeTime() {
    return lastScrapeTime;
  }

  /** Where the metadata of each successful scrape goes; null (the default) collects none. */
  public void setMetadataSink(MetadataSink sink) {
    this.metadataSink = sink;
  }

  /** An error that replaces scraping while set (e.g. {@code target_limit exceeded}); null clears it. */
  public void setForcedError(String error) {
    this.forcedError = error;
  }

  /**
   * Starts scraping after the target's offset in the interval, then every interval. Ticks run on
   * {@code timer}; scrapes run on {@code workers}.
   */
  public void start(ScheduledExecutorService timer, Executor workers, long offsetSeed) {
    long intervalNanos = opts.interval().toNanos();
    long delay = target.offsetNanos(intervalNanos, offsetSeed, System.currentTimeMillis() * 1_000_000L);
    synchronized (lifecycle) {
      if (stopped) return;
      ticker = timer.scheduleAtFixedRate(() -> tick(workers), delay, intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void tick(Executor workers) {
    if (stopped || !running.compareAndSet(false, true)) return;
    long now = alignedNow();
    try {
      workers.execute(() -> {
        try {
          if (!stopped) scrapeAndReport(now);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "scrape of " + target + " failed unexpectedly", e);
        } finally {
          running.set(false);
        }
      });
    } catch (RuntimeException e) {
      running.set(false); // executor shut down
    }
  }

  /** Aligns scrape timestamps to the interval grid within 2ms (max 1% of the interval), as Prometheus. */
  private long alignedNow() {
    long now = System.currentTimeMillis();
    long interval = opts.interval().toMillis();
    if (alignedTimeMs < 0) {
      alignedTimeMs = now;
      return now;
    }
    long tolerance = Math.min(interval / 100, 2);
    while (now - alignedTimeMs >= interval) alignedTimeMs += interval;
    return now - alignedTimeMs <= tolerance ? alignedTimeMs : now;
  }

  /**
   * Stops scheduling and waits (up to the scrape timeout plus a second) for a running scrape to
   * finish. Writes nothing: the caller decides on {@link #writeStalenessMarkers(long)}.
   */
  public void stop() {
    synchronized (lifecycle) {
      stopped = true;
      if (ticker != null) ticker.cancel(false);
    }
    long deadline = System.nanoTime() + opts.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
    while (running.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public boolean isStopped() {
    return stopped;
  }

  /**
   * Ends the run: staleness markers at {@code t} for every series of the last scrape and for the
   * automatic series. Out-of-order markers (the target came back in a new loop) are ignored by
   * storage. Does nothing if the loop never scraped.
   */
  public void writeStalenessMarkers(long t) {
    if (lastScrapeTime < 0) return;
    Appender app = storage.appender();
    try {
      for (Labels l : cache.lastSeen()) app.append(app.series(l), t, StaleNaN.VALUE);
      for (Labels l : reportLabels) app.append(app.series(l), t, StaleNaN.VALUE);
      app.commit();
    } catch (StorageException e) {
      LOG.log(Level.WARNING, "stale markers for " + target + " not written: " + e.getMessage());
      safeRollback(app);
    }
  }

  /** Counts of one scrape, as reported in the automatic series. */
  static final class Counts {
    int total;
    int added;
    int seriesAdded;
    int outOfOrder;
    int duplicates;
    int outOfBounds;
  }

  /** An error that fails the append of one scrape (parse error, limit exceeded...). */
  static final class AppendFailure extends Exception {
    AppendFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** Performs one scrape at timestamp {@code t} (ms) and writes its samples and report. */
  public void scrapeAndReport(long t) {
    Instant startInstant = Instant.now();
    long startNanos = System.nanoTime();
    lastScrapeTime = t;
    Counts c = new Counts();
    String scrapeErr = forcedError;
    Scraper.ScrapeResponse resp = null;
    if (scrapeErr == null) {
      try {
        resp = scraper.scrape();
      } catch (ScrapeException e) {
        scrapeErr = e.getMessage();
      }
    }
    Appender app = storage.appender();
    String appErr = null;
    MetadataSink sink = metadataSink;
    scrapeMetadata = sink != null && resp != null ? new java.util.LinkedHashMap<>() : null;
    try {
      if (resp != null) appendBody(app, resp, t, c);
      else appendEmpty(app, t);
    } catch (AppendFailure | StorageException e) {
      appErr = e.getMessage();
      safeRollback(app);
      cache.abandonCurrent();
      app = storage.appender();
      try {
        appendEmpty(app, t);
      } catch (StorageException e2) {
        LOG.log(Level.WARNING, "stale markers for " + target + " not written: " + e2.getMessage());
      }
    }
    if (scrapeErr == null) scrapeErr = appErr;
    Duration dur = Duration.ofNanos(System.nanoTime() - startNanos);
    boolean committed = false;
    try {
      report(app, t, dur, c, scrapeErr);
      app.commit();
      committed = true;
    } catch (StorageException e) {
      LOG.log(Level.WARNING, "scrape commit for " + target + " failed: " + e.getMessage());
      safeRollback(app);
    }
    Map<String, String[]> meta = scrapeMetadata;
    scrapeMetadata = null;
    if (sink != null && meta != null && committed && scrapeErr == null) deliverMetadata(sink, meta);
    if (c.outOfOrder > 0 || c.duplicates > 0 || c.outOfBounds > 0) {
      LOG.fine(() -> "target " + target + ": dropped " + c.outOfOrder + " out-of-order, " + c.duplicates
          + " duplicate, " + c.outOfBounds + " out-of-bounds samples");
    }
    target.report(startInstant, dur, scrapeErr);
  }

  private void deliverMetadata(MetadataSink sink, Map<String, String[]> meta) {
    try {
      Labels pub = target.publicLabels();
      for (Map.Entry<String, String[]> e : meta.entrySet()) {
        String[] m = e.getValue();
        sink.metadata(pub, e.getKey(), m[0], m[1], m[2]);
      }
      sink.scrapeDone(pub, meta.size());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "metadata sink failed for " + target, e);
    }
  }

  /** Records a TYPE, HELP or UNIT line of the scrape in progress when metadata is collected. */
  private void collectMetadata(Parser p, Entry e) {
    Map<String, String[]> meta = scrapeMetadata;
    if (meta == null || (e != Entry.TYPE && e != Entry.HELP && e != Entry.UNIT)) return;
    String[] m = meta.computeIfAbsent(p.metricFamily(), k -> new String[] {"unknown", "", ""});
    if (e == Entry.TYPE) m[0] = p.type().text();
    else if (e == Entry.HELP) m[1] = p.help();
    else m[2] = p.unit();
  }

  private static void safeRollback(Appender app) {
    try {
      app.rollback();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "rollback failed", e);
    }
  }

  /** An empty scrape: staleness markers for what the previous scrape exposed; the cache is not flushed. */
  private void appendEmpty(Appender app, long t) {
    updateStaleMarkers(app, t);
    cache.iterDone(false);
  }

  private void updateStaleMarkers(Appender app, long t) {
    for (Labels l : cache.stale()) app.append(app.series(l), t, StaleNaN.VALUE);
  }

  /** The parser's exemplar holder, reused sample after sample. */
  private final io.hearth.scrape.textparse.Exemplar exemplar = new io.hearth.scrape.textparse.Exemplar();

  private void appendBody(Appender app, Scraper.ScrapeResponse resp, long defTime, Counts c) throws AppendFailure {
    if (resp.length() == 0) {
      appendEmpty(app, defTime);
      return;
    }
    ContentNegotiation.Choice choice = ContentNegotiation.choose(resp.contentType(), opts.fallbackProtocol());
    if (choice.format() == null) throw new AppendFailure(choice.message());
    if (choice.message() != null) LOG.fine(() -> "target " + target + ": " + choice.message());
    Parser p;
    try {
      p = ContentNegotiation.parserFor(choice.format(), resp.body(), 0, resp.length(), opts.scrapeNativeHistograms(),
          opts.alwaysScrapeClassicHistograms(), opts.createdTimestampZeroIngestion());
    } catch (UnsupportedOperationException e) {
      throw new AppendFailure(e.getMessage());
    }
    long maxTime = System.currentTimeMillis() + MAX_AHEAD_MS;
    long appended = 0;
    boolean sampleLimitHit = false;
    try {
      for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
        if (e != Entry.SERIES && e != Entry.HISTOGRAM) {
          collectMetadata(p, e);
          continue;
        }
        c.total++;
        long t = defTime;
        boolean explicitTs = opts.honorTimestamps() && p.hasTimestamp();
        if (explicitTs) t = p.timestamp();
        ScrapeCache.Entry ce = cache.find(p.seriesBytes(), p.seriesOffset(), p.seriesLength());
        if (ce != null && ce.dropped()) {
          ce.lastIter = cache.iter;
          continue;
        }
        boolean cached = ce != null;
        boolean alreadyScraped = cached && ce.lastIter == cache.iter;
        Labels lset;
        if (cached) {
          ce.lastIter = cache.iter;
          lset = ce.labels;
        } else {
          lset = mutate(p.labels());
          if (lset == null || lset.isEmpty()) {
            cache.addDropped(p.seriesBytes(), p.seriesOffset(), p.seriesLength());
            continue;
          }
          String name = lset.metricName();
          if (name.isEmpty()) throw new AppendFailure("missing metric name (__name__ label)");
          if (!isValid(lset)) throw new AppendFailure("invalid metric name or label names: " + LabelsText.format(lset));
          verifyLabelLimits(lset);
        }
        boolean sampleAdded = false;
        if (alreadyScraped && !explicitTs) {
          c.duplicates++;
        } else if (opts.sampleLimit() > 0 && ++appended > opts.sampleLimit()) {
          sampleLimitHit = true;
        } else if (t > maxTime) {
          c.outOfBounds++;
        } else {
          int ref = app.series(lset);
          io.hearth.sharding.api.FloatHistogram h = e == Entry.HISTOGRAM ? p.histogram() : null;
          if (opts.createdTimestampZeroIngestion()) {
            // As Prometheus: the zero sample of the created timestamp before the sample; whatever
            // storage answers (already there, not before t...) is neither counted nor an error.
            long ct = p.createdTimestamp();
            if (ct != 0) app.appendCreatedZero(ref, ct, t, h);
          }
          AppendStatus st = h != null ? app.appendHistogram(ref, t, h) : app.append(ref, t, p.value());
          // As Prometheus: the sample's exemplar, with the sample's time when it has none; a refusal
          // by exemplar storage never fails the scrape.
          if (p.exemplar(exemplar)) {
            app.appendExemplar(ref, lset, new io.hearth.sharding.api.Exemplar(exemplar.labels, exemplar.value,
                exemplar.hasTimestamp ? exemplar.timestamp : t, exemplar.hasTimestamp));
          }
          switch (st) {
            case OK:
            case DUPLICATE_IGNORED:
              sampleAdded = true;
              break;
            case OUT_OF_ORDER:
              c.outOfOrder++;
              break;
            case DUPLICATE_TIMESTAMP:
              c.duplicates++;
              break;
            default:
              c.outOfBounds++;
          }
        }
        if (sampleAdded && cached && (!explicitTs || opts.trackTimestampsStaleness())) cache.trackStaleness(lset);
        if (!cached && sampleAdded) {
          cache.add(p.seriesBytes(), p.seriesOffset(), p.seriesLength(), lset);
          if (!explicitTs || opts.trackTimestampsStaleness()) cache.trackStaleness(lset);
          if (!sampleLimitHit) c.seriesAdded++;
        }
        c.added++;
      }
    } catch (ParseException e) {
      throw new AppendFailure(e.describe());
    }
    if (sampleLimitHit) throw new AppendFailure("sample limit exceeded");
    updateStaleMarkers(app, defTime);
    cache.iterDone(true);
  }

  /** Attaches target labels (honor_labels or exported_ on conflict) and applies metric relabeling. */
  private Labels mutate(Labels exposed) {
    TreeMap<String, String> lb = new TreeMap<>();
    exposed.forEach(lb::put);
    Labels targetLabels = target.publicLabels();
    if (opts.honorLabels()) {
      targetLabels.forEach((n, v) -> {
        if (!exposed.has(n)) lb.put(n, v);
      });
    } else {
      List<String[]> conflicts = new ArrayList<>();
      targetLabels.forEach((n, v) -> {
        String existing = exposed.get(n);
        if (!existing.isEmpty()) conflicts.add(new String[] {n, existing});
        lb.put(n, v);
      });
      conflicts.sort(Comparator.comparingInt(a -> a[0].length()));
      for (String[] cf : conflicts) {
        String newName = cf[0];
        while (true) {
          newName = "exported_" + newName;
          if (!lb.containsKey(newName)) {
            lb.put(newName, cf[1]);
            break;
          }
        }
      }
    }
    for (RelabelConfig rc : opts.metricRelabelConfigs()) {
      if (!Relabeler.apply(rc, lb)) return null;
    }
    return lb.isEmpty() ? null : Labels.fromMap(lb);
  }

  private boolean isValid(Labels l) {
    if (!opts.validationScheme().isValidMetricName(l.metricName())) return false;
    for (int i = 0; i < l.size(); i++) {
      if (!opts.validationScheme().isValidLabelName(l.name(i))) return false;
    }
    return true;
  }

  private void verifyLabelLimits(Labels l) throws AppendFailure {
    String met = trunc(l.metricName());
    if (opts.labelLimit() > 0 && l.size() > opts.labelLimit()) {
      throw new AppendFailure("label_limit exceeded (metric: " + met + ", number of labels: " + l.size() + ", limit: "
          + opts.labelLimit() + ")");
    }
    for (int i = 0; i < l.size(); i++) {
      int nameLen = l.name(i).getBytes(StandardCharsets.UTF_8).length;
      if (opts.labelNameLengthLimit() > 0 && nameLen > opts.labelNameLengthLimit()) {
        throw new AppendFailure("label_name_length_limit exceeded (metric: " + met + ", label name: " + trunc(l.name(i))
            + ", length: " + nameLen + ", limit: " + opts.labelNameLengthLimit() + ")");
      }
      int valueLen = l.value(i).getBytes(StandardCharsets.UTF_8).length;
      if (opts.labelValueLengthLimit() > 0 && valueLen > opts.labelValueLengthLimit()) {
        throw new AppendFailure("label_value_length_limit exceeded (metric: " + met + ", label name: " + trunc(l.name(i))
            + ", value: " + GoQuote.quote(trunc(l.value(i))) + ", length: " + valueLen + ", limit: "
            + opts.labelValueLengthLimit() + ")");
      }
    }
  }

  /** Go's {@code %.50s}: at most 50 runes. */
  private static String trunc(String s) {
    if (s.codePointCount(0, s.length()) <= 50) return s;
    return s.substring(0, s.offsetByCodePoints(0, 50));
  }

  private void report(Appender app, long t, Duration dur, Counts c, String err) {
    double[] values = {err == null ? 1 : 0, dur.toNanos() / 1e9, c.total, c.added, c.seriesAdded};
    for (int i = 0; i < reportLabels.length; i++) {
      app.append(app.series(reportLabels[i]), t, values[i]); // out-of-order report samples are ignored
    }
  }

  /** The automatic series' label sets (for tests and the API). */
  public Map<String, Labels> reportSeries() {
    Map<String, Labels> m = new TreeMap<>();
    for (int i = 0; i < REPORT_NAMES.length; i++) m.put(REPORT_NAMES[i], reportLabels[i]);
    return m;
  }
}

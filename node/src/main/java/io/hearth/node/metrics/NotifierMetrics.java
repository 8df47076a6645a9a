package io.hearth.node.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The notifier's figures, rendered as {@code hearth_notifications_*} with the meaning of
 * Prometheus's {@code prometheus_notifications_*}: alerts sent and alerts affected by errors per
 * Alertmanager URL, alerts dropped, the queue's length and capacity, the Alertmanagers discovered,
 * and the latency of each POST. Thread-safe.
 */
public final class NotifierMetrics {
  static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
  final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  final Map<String, NodeMetrics.Histogram> latency = new ConcurrentHashMap<>();
  public final LongAdder dropped = new LongAdder();
  private volatile IntSupplier queueLength = () -> 0;
  private volatile IntSupplier queueCapacity = () -> 0;
  private volatile IntSupplier discovered = () -> 0;

  /** Where the gauges read from: the notifier's queue and its active Alertmanagers. */
  public void bind(IntSupplier queueLength, IntSupplier queueCapacity, IntSupplier alertmanagersDiscovered) {
    this.queueLength = queueLength;
    this.queueCapacity = queueCapacity;
    this.discovered = alertmanagersDiscovered;
  }

  /** One POST of {@code alerts} alerts to {@code url}: counted as sent, and as errors when it failed. */
  public void posted(String url, int alerts, boolean failed, double seconds) {
    sent.computeIfAbsent(url, k -> new LongAdder()).add(alerts);
    LongAdder e = errors.computeIfAbsent(url, k -> new LongAdder());
    if (failed) e.add(alerts);
    latency.computeIfAbsent(url, k -> new NodeMetrics.Histogram(LATENCY_BUCKETS)).observe(seconds);
  }

  public long sent(String url) {
    LongAdder a = sent.get(url);
    return a == null ? 0 : a.sum();
  }

  public long errors(String url) {
    LongAdder a = errors.get(url);
    return a == null ? 0 : a.sum();
  }

  int queueLength() {
    return queueLength.getAsInt();
  }

  int queueCapacity() {
    return queueCapacity.getAsInt();
  }

  int alertmanagersDiscovered() {
    return discovered.getAsInt();
  }
}

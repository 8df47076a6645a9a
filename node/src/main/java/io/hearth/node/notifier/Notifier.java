package io.hearth.node.notifier;

import io.hearth.node.metrics.NotifierMetrics;
import io.hearth.scrape.config.AlertingConfig;
import io.hearth.scrape.config.AlertmanagerConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.kubernetes.KubernetesDiscovererFactory;
import io.hearth.scrape.relabel.RelabelConfig;
import io.hearth.scrape.relabel.Relabeler;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends alerts to Alertmanager as Prometheus's notifier does. {@link #send} relabels the alerts
 * with {@code alert_relabel_configs} (dropping those whose labels are dropped or left empty) and
 * queues them in a bounded queue that drops the oldest when full; one sender thread takes batches
 * of at most {@value #MAX_BATCH} and POSTs each, as Alertmanager API v2 JSON, to every active
 * Alertmanager of every {@code alertmanagers} entry in parallel, each POST bounded by its entry's
 * timeout. A batch that some entry with Alertmanagers could deliver to none of them is counted as
 * dropped: alerts are not retried, the rule evaluator sends them again on its next evaluation.
 *
 * <p>{@link #apply} takes a new configuration at start and on every reload; an entry whose
 * configuration did not change keeps its discovery and Alertmanagers. {@link #close()} stops the
 * sender; with draining on it first sends what is queued, until a batch reaches no Alertmanager
 * (so that shutdown takes at most one timeout more when Alertmanager is unreachable), and counts
 * the rest as dropped. Thread-safe.
 */
public final class Notifier implements AlertSender, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
  /** Alerts per POST, as Prometheus's notifier batches them. */
  public static final int MAX_BATCH = 64;
  /** Default of {@code --alertmanager.notification-queue-capacity}. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  public static final String QUEUE_CAPACITY_FLAG = "alertmanager.notification-queue-capacity";
  public static final String DRAIN_FLAG = "alertmanager.drain-notification-queue-on-shutdown";

  private final AlertQueue queue;
  private final boolean drainOnShutdown;
  private final NotifierMetrics metrics;
  private final BiFunction<List<Object>, String, List<Discoverer>> kubernetes;
  private final Thread sender;
  private volatile List<RelabelConfig> relabel = List.of();
  private volatile List<AlertmanagerSet> sets = List.of();
  private volatile boolean stopping;

  /**
   * Starts the sender thread; no Alertmanager until {@link #apply}.
   *
   * @param queueCapacity alerts the queue holds ({@code --alertmanager.notification-queue-capacity})
   * @param drainOnShutdown send what is queued on {@link #close()}
   *     ({@code --alertmanager.drain-notification-queue-on-shutdown})
   */
  public Notifier(int queueCapacity, boolean drainOnShutdown, NotifierMetrics metrics) {
    this(queueCapacity, drainOnShutdown, metrics, new KubernetesDiscovererFactory()::create);
  }

  /**
   * A notifier set by the node's flags {@code alertmanager.notification-queue-capacity} (default
   * {@value #DEFAULT_QUEUE_CAPACITY}) and {@code alertmanager.drain-notification-queue-on-shutdown}
   * (default true).
   */
  public static Notifier fromFlags(java.util.Map<String, String> flags, NotifierMetrics metrics) {
    int capacity = Integer.parseInt(flags.getOrDefault(QUEUE_CAPACITY_FLAG, Integer.toString(DEFAULT_QUEUE_CAPACITY)));
    boolean drain = !"false".equals(flags.get(DRAIN_FLAG));
    return new Notifier(capacity, drain, metrics);
  }

  /** As above, with the factory of Kubernetes discoverers given (tests, out-of-cluster connections). */
  public Notifier(int queueCapacity, boolean drainOnShutdown, NotifierMetrics metrics,
      BiFunction<List<Object>, String, List<Discoverer>> kubernetes) {
    this.queue = new AlertQueue(queueCapacity);
    this.drainOnShutdown = drainOnShutdown;
    this.metrics = metrics;
    this.kubernetes = kubernetes;
    metrics.bind(queue::size, queue::capacity, () -> activeAlertmanagers().size());
    this.sender = new Thread(this::run, "hearth-notifier");
    sender.setDaemon(true);
    sender.start();
  }

  /**
   * Takes the {@code alerting} section: the alert relabelling applies to alerts sent from now on;
   * entries equal to a current one keep it, the others are started, and the rest are stopped.
   *
   * @throws IllegalArgumentException when an entry's TLS material cannot be loaded (nothing changed then)
   */
  public synchronized void apply(AlertingConfig alerting) {
    List<AlertmanagerSet> old = sets;
    List<AlertmanagerSet> next = new ArrayList<>();
    List<AlertmanagerSet> kept = new ArrayList<>();
    try {
      List<AlertmanagerConfig> cfgs = alerting.alertmanagers();
      for (int i = 0; i < cfgs.size(); i++) {
        String name = "config-" + i;
        AlertmanagerSet reuse = null;
        for (AlertmanagerSet s : old) {
          if (s.name().equals(name) && s.config().equals(cfgs.get(i))) reuse = s;
        }
        if (reuse != null) kept.add(reuse);
        next.add(reuse != null ? reuse : new AlertmanagerSet(name, cfgs.get(i), kubernetes));
      }
    } catch (RuntimeException e) {
      for (AlertmanagerSet s : next) if (!kept.contains(s)) s.close();
      throw e;
    }
    relabel = alerting.alertRelabelConfigs();
    sets = List.copyOf(next);
    for (AlertmanagerSet s : old) if (!kept.contains(s)) s.close();
  }

  @Override
  public void send(List<Alert> alerts) {
    try {
      List<Alert> out = relabel(alerts, relabel);
      if (out.isEmpty()) return;
      int dropped = queue.offer(out);
      if (dropped > 0) {
        metrics.dropped.add(dropped);
        LOG.warning("alert notification queue full, dropping alerts: num_dropped=" + dropped);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "alerts not queued", e); // the contract: never throw at the evaluator
    }
  }

  /** Alerts relabelled by {@code rules}; an alert whose labels are dropped or left empty is left out. */
  static List<Alert> relabel(List<Alert> alerts, List<RelabelConfig> rules) {
    if (rules.isEmpty()) return alerts;
    List<Alert> out = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      Labels l = Relabeler.process(a.labels(), rules);
      if (l == null || l.isEmpty()) continue;
      out.add(new Alert(l, a.annotations(), a.startsAtMs(), a.endsAtMs(), a.generatorUrl()));
    }
    return out;
  }

  /** The URLs alerts are sent to, entry by entry. */
  public List<String> activeAlertmanagers() {
    List<String> out = new ArrayList<>();
    for (AlertmanagerSet s : sets) out.addAll(s.active());
    return out;
  }

  /** The URLs of discovered Alertmanagers that {@code relabel_configs} dropped. */
  public List<String> droppedAlertmanagers() {
    List<String> out = new ArrayList<>();
    for (AlertmanagerSet s : sets) out.addAll(s.dropped());
    return out;
  }

  /** Alerts waiting in the queue. */
  public int queueLength() {
    return queue.size();
  }

  private void run() {
    while (!stopping) {
      try {
        List<Alert> batch = queue.awaitBatch(MAX_BATCH, 1, TimeUnit.SECONDS);
        if (!batch.isEmpty() && !sendAll(batch)) metrics.dropped.add(batch.size());
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "sending alerts failed", e);
      }
    }
  }

  /**
   * Sends one batch to every active Alertmanager in parallel and waits for every answer (each POST
   * is bounded by its entry's timeout). True unless some entry that had Alertmanagers and alerts
   * to send reached none of them.
   */
  boolean sendAll(List<Alert> alerts) {
    long begin = System.nanoTime();
    List<CompletableFuture<Boolean>> perSet = new ArrayList<>();
    byte[] shared = null;
    for (AlertmanagerSet s : sets) {
      List<String> urls = s.active();
      if (urls.isEmpty()) continue;
      List<Alert> own = relabel(alerts, s.config().alertRelabelConfigs());
      if (own.isEmpty()) continue;
      byte[] body;
      if (own == alerts) {
        if (shared == null) shared = AlertJson.encode(alerts);
        body = shared;
      } else {
        body = AlertJson.encode(own);
      }
      List<CompletableFuture<Boolean>> posts = new ArrayList<>();
      int count = own.size();
      for (String url : urls) {
        posts.add(s.post(url, body).thenApply(err -> {
          metrics.posted(url, count, err != null, (System.nanoTime() - begin) / 1e9);
          if (err != null) LOG.warning("error sending alerts: alertmanager=" + url + " count=" + count + " err=" + err);
          return err == null;
        }));
      }
      perSet.add(CompletableFuture.allOf(posts.toArray(new CompletableFuture[0]))
          .thenApply(v -> posts.stream().anyMatch(CompletableFuture::join)));
    }
    boolean all = true;
    for (CompletableFuture<Boolean> f : perSet) all &= f.join();
    return all;
  }

  /** Stops the sender (draining the queue first when configured) and every discovery. */
  @Override
  public void close() {
    if (stopping) return;
    stopping = true;
    queue.wake();
    try {
      sender.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (drainOnShutdown && queue.size() > 0) {
      LOG.info("draining " + queue.size() + " remaining alert notifications");
      while (queue.size() > 0) {
        List<Alert> batch;
        try {
          batch = queue.awaitBatch(MAX_BATCH, 0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (!sendAll(batch)) {
          metrics.dropped.add(batch.size());
          break;
        }
      }
    }
    int left = queue.clear();
    if (left > 0) {
      metrics.dropped.add(left);
      LOG.warning("alert notifications dropped on shutdown: count=" + left);
    }
    synchronized (this) {
      for (AlertmanagerSet s : sets) s.close();
      sets = List.of();
    }
  }
}

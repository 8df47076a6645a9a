package io.hearth.node.notifier;

import io.hearth.scrape.config.AlertmanagerConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.StaticDiscoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.scrape.discovery.file.FileDiscoverer;
import io.hearth.scrape.loop.HttpScraper;
import io.hearth.scrape.relabel.Relabeler;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * The Alertmanagers of one {@code alerting.alertmanagers} entry: runs its discovery (static, file,
 * Kubernetes), turns every discovered target into an Alertmanager URL as Prometheus does
 * ({@code __scheme__} and {@code __alerts_path__} set from the entry, {@code relabel_configs}
 * applied, then {@code <scheme>://<address><path>}; duplicates removed), and POSTs alert batches to
 * one of them with the entry's HTTP client and timeout. Thread-safe: discovery updates arrive on
 * the discoverers' threads and replace an immutable snapshot.
 */
final class AlertmanagerSet implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AlertmanagerSet.class.getName());
  static final String ADDRESS = "__address__";
  static final String SCHEME = "__scheme__";
  static final String ALERTS_PATH = "__alerts_path__";
  private static final String USER_AGENT = "Hearth/0.1";

  private final String name;
  private final AlertmanagerConfig config;
  private final HttpClient client;
  private final List<Discoverer> discoverers = new ArrayList<>();
  /** Target groups by discoverer index and source; guarded by {@code this}. */
  private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
  private volatile List<String> active = List.of();
  private volatile List<String> dropped = List.of();

  /**
   * @param name {@code config-<index>}, as Prometheus names the entries
   * @param kubernetes creates the discoverers of raw {@code kubernetes_sd_configs} entries, naming
   *     the owner in its log lines
   * @throws IllegalArgumentException when the TLS material cannot be loaded
   */
  AlertmanagerSet(String name, AlertmanagerConfig config, BiFunction<List<Object>, String, List<Discoverer>> kubernetes) {
    this.name = name;
    this.config = config;
    this.client = HttpScraper.newClient(config.httpClientConfig());
    if (config.sigv4() != null) LOG.warning("alertmanager " + name + ": sigv4 is not supported; alerts are sent unsigned");
    if (!config.otherSdConfigs().isEmpty()) {
      LOG.warning("alertmanager " + name + ": " + config.otherSdConfigs().keySet() + " are not supported and ignored");
    }
    // Static targets are known now: alerts sent right after start already have somewhere to go.
    List<TargetGroup> statics = new StaticDiscoverer(config.staticConfigs()).groups();
    synchronized (this) {
      for (TargetGroup g : statics) groups.put("static/" + g.source(), g);
      rebuild();
    }
    for (var f : config.fileSdConfigs()) discoverers.add(new FileDiscoverer(f));
    discoverers.addAll(kubernetes.apply(config.kubernetesSdConfigs(), "alertmanager " + name));
    for (int i = 0; i < discoverers.size(); i++) {
      String prefix = i + "/";
      discoverers.get(i).start(update -> update(prefix, update));
    }
  }

  AlertmanagerConfig config() {
    return config;
  }

  String name() {
    return name;
  }

  /** The URLs alerts go to, deduplicated, in discovery order. */
  List<String> active() {
    return active;
  }

  /** The URLs of targets that {@code relabel_configs} dropped (built from their labels before relabelling). */
  List<String> dropped() {
    return dropped;
  }

  private synchronized void update(String prefix, List<TargetGroup> update) {
    for (TargetGroup g : update) {
      if (g.targets().isEmpty()) groups.remove(prefix + g.source());
      else groups.put(prefix + g.source(), g);
    }
    rebuild();
  }

  private void rebuild() {
    LinkedHashSet<String> act = new LinkedHashSet<>();
    List<String> drop = new ArrayList<>();
    for (TargetGroup g : groups.values()) {
      List<String> groupActive = new ArrayList<>();
      List<String> groupDropped = new ArrayList<>();
      String error = null;
      for (Labels t : g.targets()) {
        Labels.Builder lb = t.toBuilder();
        lb.set(SCHEME, config.scheme());
        lb.set(ALERTS_PATH, config.alertsPath());
        g.labels().forEach((n, v) -> {
          if (!t.has(n)) lb.set(n, v);
        });
        Labels pre = lb.build();
        Labels post = Relabeler.process(pre, config.relabelConfigs());
        if (post == null) {
          groupDropped.add(url(pre));
          continue;
        }
        if (post.get(ADDRESS).contains("/")) {
          error = GoQuote.quote(post.get(ADDRESS)) + " is not a valid hostname";
          break;
        }
        groupActive.add(url(post));
      }
      if (error != null) {
        // as Prometheus: a bad address discards the whole group
        LOG.warning("alertmanager " + name + ": creating discovered Alertmanagers failed: " + error);
        continue;
      }
      act.addAll(groupActive);
      drop.addAll(groupDropped);
    }
    active = List.copyOf(act);
    dropped = List.copyOf(drop);
  }

  /** {@code <scheme>://<address><path>} of an Alertmanager's labels. */
  static String url(Labels l) {
    return l.get(SCHEME) + "://" + l.get(ADDRESS) + l.get(ALERTS_PATH);
  }

  /**
   * POSTs {@code body} to {@code url}; completes with null on a 2xx answer or with the error, never
   * exceptionally, within the entry's timeout.
   */
  CompletableFuture<String> post(String url, byte[] body) {
    HttpRequest.Builder rb;
    try {
      rb = HttpRequest.newBuilder(URI.create(url));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture("parse " + GoQuote.quote(url) + ": " + e.getMessage());
    }
    rb.POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(config.timeout())
        .header("Content-Type", "application/json").header("User-Agent", USER_AGENT);
    if (url.startsWith("http:")) rb.version(HttpClient.Version.HTTP_1_1);
    try {
      String auth = HttpScraper.authorizationHeader(config.httpClientConfig());
      if (auth != null) rb.header("Authorization", auth);
    } catch (IOException e) {
      return CompletableFuture.completedFuture("unable to read credentials: " + e.getMessage());
    }
    long timeoutMs = Math.max(1, config.timeout().toMillis());
    return client.sendAsync(rb.build(), HttpResponse.BodyHandlers.discarding())
        .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
        .handle((resp, err) -> {
          if (err != null) return describe(url, err);
          int code = resp.statusCode();
          return code / 100 == 2 ? null : "bad response status " + code;
        });
  }

  private static String describe(String url, Throwable err) {
    Throwable e = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    String what;
    if (e instanceof java.util.concurrent.TimeoutException || e instanceof java.net.http.HttpTimeoutException) {
      what = "context deadline exceeded";
    } else if (e instanceof java.net.ConnectException) {
      what = "connect: connection refused";
    } else {
      what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return "Post " + GoQuote.quote(url) + ": " + what;
  }

  @Override
  public void close() {
    for (Discoverer d : discoverers) d.close();
  }
}

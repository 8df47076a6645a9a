package io.hearth.scrape.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigException;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.config.GlobalConfig;
import io.hearth.scrape.config.ScrapeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches ServiceMonitor and PodMonitor objects ({@code monitoring.coreos.com/v1}, read as
 * generic resources so no CRD classes are needed) and namespaces, selects monitors as the
 * prometheus-operator does for a Prometheus object ({@link MonitorSettings}), and turns them into
 * scrape configs with {@link ScrapeConfigGenerator}, decoded against the node's global section.
 *
 * <p>The listener receives the complete list of generated scrape configs once the caches have
 * synced, then again after every change that alters it (monitor or namespace added, changed or
 * deleted; a referenced secret changed, noticed at the next periodic regeneration; a new global
 * section through {@link #setGlobal}). Calls come from the watcher's single thread, one at a time.
 * A monitor that cannot be turned into a valid config (missing secret, bad regex, malformed spec)
 * is left out and logged, as the operator rejects it; the others are unaffected.
 *
 * <p>To apply the configs, merge them into the node's configuration with {@link #merge} and apply
 * the result to the scrape manager. Requires {@code list}/{@code watch} on servicemonitors,
 * podmonitors and namespaces and {@code get} on secrets and configmaps.
 */
public final class MonitorWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MonitorWatcher.class.getName());
  public static final ResourceDefinitionContext SERVICE_MONITORS = crd("ServiceMonitor", "servicemonitors");
  public static final ResourceDefinitionContext POD_MONITORS = crd("PodMonitor", "podmonitors");
  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final MonitorSettings settings;
  private final SecretSource secrets;
  private final Consumer<List<ScrapeConfig>> listener;
  private final Duration resync;
  private final ScheduledExecutorService exec;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<GenericKubernetesResource> serviceMonitors;
  private SharedIndexInformer<GenericKubernetesResource> podMonitors;
  private SharedIndexInformer<Namespace> namespaces;
  private volatile GlobalConfig global;
  private volatile List<ScrapeConfig> current = List.of();
  private volatile boolean synced;
  private volatile boolean closed;
  private boolean published;

  /**
   * @param client a client for the cluster (owned by the caller)
   * @param global the node's global section, for defaults of the generated configs
   * @param listener receives every new list of generated scrape configs
   */
  public MonitorWatcher(KubernetesClient client, MonitorSettings settings, GlobalConfig global,
      Consumer<List<ScrapeConfig>> listener) {
    this(client, settings, global, new ClientSecretSource(client), DEFAULT_RESYNC, listener);
  }

  public MonitorWatcher(KubernetesClient client, MonitorSettings settings, GlobalConfig global, SecretSource secrets,
      Duration resync, Consumer<List<ScrapeConfig>> listener) {
    this.client = client;
    this.settings = settings;
    this.global = global;
    this.secrets = secrets;
    this.resync = resync;
    this.listener = listener;
    this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hearth-monitor-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  private static ResourceDefinitionContext crd(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion("v1").withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  /** Starts the informers; returns at once. */
  public void start() {
    exec.execute(this::startInformers);
  }

  private void startInformers() {
    if (closed) return;
    try {
      serviceMonitors = register(client.genericKubernetesResources(SERVICE_MONITORS).inAnyNamespace().runnableInformer(0));
      podMonitors = register(client.genericKubernetesResources(POD_MONITORS).inAnyNamespace().runnableInformer(0));
      namespaces = register(client.namespaces().runnableInformer(0));
      List<CompletableFuture<Void>> starts = new ArrayList<>();
      for (SharedIndexInformer<?> inf : informers) starts.add(inf.start().toCompletableFuture());
      CompletableFuture.allOf(starts.toArray(new CompletableFuture[0])).whenComplete((v, err) -> {
        if (err != null) exec.execute(() -> retry(err));
        else exec.execute(() -> {
          synced = true;
          regenerate();
        });
      });
      long ms = resync.toMillis();
      if (ms > 0) exec.scheduleWithFixedDelay(this::changed, ms, ms, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      retry(e);
    }
  }

  private void retry(Throwable err) {
    if (closed) return;
    LOG.log(Level.WARNING, "monitor watcher failed to sync, retrying in 5 s: " + err.getMessage());
    stopInformers();
    try {
      exec.schedule(this::startInformers, 5, TimeUnit.SECONDS);
    } catch (RuntimeException shuttingDown) {
      // closed meanwhile
    }
  }

  private <T extends HasMetadata> SharedIndexInformer<T> register(SharedIndexInformer<T> inf) {
    inf.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        changed();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed();
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        changed();
      }
    });
    informers.add(inf);
    return inf;
  }

  private void changed() {
    if (!synced || closed) return;
    if (dirty.compareAndSet(false, true)) {
      try {
        exec.execute(this::regenerate);
      } catch (RuntimeException shuttingDown) {
        // closed meanwhile
      }
    }
  }

  /** Uses a new global section (after a reload of the node's configuration) and regenerates. */
  public void setGlobal(GlobalConfig g) {
    this.global = g;
    changed();
  }

  /** The scrape configs generated last (empty before the first sync). */
  public List<ScrapeConfig> current() {
    return current;
  }

  private void regenerate() {
    dirty.set(false);
    if (closed || !synced) return;
    List<ScrapeConfig> out = new ArrayList<>();
    for (GenericKubernetesResource m : sorted(serviceMonitors)) {
      if (selected(m, settings.serviceMonitorSelector(), settings.serviceMonitorNamespaceSelector())) {
        out.addAll(generate(m, true));
      }
    }
    for (GenericKubernetesResource m : sorted(podMonitors)) {
      if (selected(m, settings.podMonitorSelector(), settings.podMonitorNamespaceSelector())) {
        out.addAll(generate(m, false));
      }
    }
    List<ScrapeConfig> result = List.copyOf(out);
    if (published && result.equals(current)) return;
    current = result;
    published = true;
    if (!closed) listener.accept(result);
  }

  private static List<GenericKubernetesResource> sorted(SharedIndexInformer<GenericKubernetesResource> inf) {
    List<GenericKubernetesResource> l = new ArrayList<>(inf.getStore().list());
    l.sort(Comparator.comparing((GenericKubernetesResource m) -> m.getMetadata().getNamespace())
        .thenComparing(m -> m.getMetadata().getName()));
    return l;
  }

  private boolean selected(GenericKubernetesResource m, LabelSelector monitorSel, LabelSelector nsSel) {
    if (monitorSel == null || !monitorSel.matches(m.getMetadata().getLabels())) return false;
    String ns = m.getMetadata().getNamespace();
    if (nsSel == null) return ns.equals(settings.namespace());
    Namespace n = namespaces.getStore().getByKey(ns);
    return nsSel.matches(n == null ? Map.of() : n.getMetadata().getLabels());
  }

  /** One monitor's scrape configs, or none (logged) when it is invalid. */
  private List<ScrapeConfig> generate(GenericKubernetesResource m, boolean serviceMonitor) {
    String ns = m.getMetadata().getNamespace();
    String name = m.getMetadata().getName();
    String what = (serviceMonitor ? "ServiceMonitor " : "PodMonitor ") + ns + "/" + name;
    try {
      Map<String, Object> spec = ScrapeConfigGenerator.map(m.getAdditionalProperties().get("spec"));
      if (spec == null) spec = new LinkedHashMap<>();
      List<Map<String, Object>> model = serviceMonitor
          ? ScrapeConfigGenerator.serviceMonitor(ns, name, spec, settings, secrets)
          : ScrapeConfigGenerator.podMonitor(ns, name, spec, settings, secrets);
      return ConfigLoader.parseScrapeConfigs(JSON.writeValueAsString(model), global);
    } catch (SecretSource.MissingReferenceException | IllegalArgumentException | ConfigException
        | JsonProcessingException e) {
      LOG.warning("skipping " + what + ": " + e.getMessage());
      return List.of();
    }
  }

  /**
   * The node's configuration with generated scrape configs appended; a generated job whose name
   * is already in {@code base} is left out (the file's job wins).
   */
  public static Config merge(Config base, List<ScrapeConfig> generated) {
    List<ScrapeConfig> all = new ArrayList<>(base.scrapeConfigs());
    for (ScrapeConfig g : generated) {
      if (base.scrapeConfig(g.jobName()) == null) all.add(g);
    }
    return new Config(base.global(), base.ruleFiles(), base.scrapeConfigFiles(), List.copyOf(all), base.alerting(),
        base.remoteWrite(), base.remoteRead(), base.otherSections());
  }

  private void stopInformers() {
    for (SharedIndexInformer<?> inf : informers) {
      try {
        inf.stop();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "stopping informer failed", e);
      }
    }
    informers.clear();
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      exec.execute(() -> {
        stopInformers();
        done.complete(null);
      });
      done.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing monitor watcher timed out", e);
    }
    exec.shutdownNow();
    try {
      exec.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

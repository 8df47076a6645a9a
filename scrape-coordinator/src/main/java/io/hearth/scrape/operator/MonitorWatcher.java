package io.hearth.scrape.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hearth.scrape.discovery.kubernetes.InformerGroup;
import io.hearth.scrape.config.Config;
import io.hearth.scrape.config.ConfigException;
import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.config.GlobalConfig;
import io.hearth.scrape.config.ScrapeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Watches ServiceMonitor and PodMonitor objects ({@code monitoring.coreos.com/v1}), ScrapeConfig
 * objects ({@code monitoring.coreos.com/v1alpha1}; read as generic resources so no CRD classes are
 * needed) and namespaces, selects them as the prometheus-operator does for a Prometheus object
 * ({@link MonitorSettings}), and turns them into scrape configs with {@link ScrapeConfigGenerator},
 * decoded against the node's global section, in the operator's order: ServiceMonitors, PodMonitors,
 * then ScrapeConfigs, each by namespace and name.
 *
 * <p>The listener receives the complete list of generated scrape configs once the caches have
 * synced, then again after every change that alters it (monitor or namespace added, changed or
 * deleted; a referenced secret changed, noticed at the next periodic regeneration; a new global
 * section through {@link #setGlobal}). Calls come from the watcher's single thread, one at a time.
 * A monitor that cannot be turned into a valid config (missing secret, bad regex, malformed spec)
 * is left out and logged, as the operator rejects it; the others are unaffected. ScrapeConfig
 * fields Hearth cannot act on (e.g. {@code httpSDConfigs}) are left out with one warning per
 * object version and field; the rest of the object is still used.
 *
 * <p>ScrapeConfigs are only watched when {@link MonitorSettings#scrapeConfigSelector()} is set.
 * When they cannot be listed (the ScrapeConfig CRD is not installed, or RBAC forbids it), the
 * watcher logs a warning and carries on with ServiceMonitors and PodMonitors alone; it tries
 * ScrapeConfigs again only when it restarts its informers (after the others failed to sync) or the
 * node restarts.
 *
 * <p>PrometheusRule objects ({@code monitoring.coreos.com/v1}) are watched when
 * {@link MonitorSettings#ruleSelector()} is set and a listener was given to {@link #onRuleFiles}
 * before {@link #start}: that listener receives the rule files of the selected objects
 * ({@link RuleFileGenerator}, by the operator's file name, in name order) once the caches have
 * synced and again after every change that alters them, from the same thread as the scrape
 * configs. An object whose spec cannot be rendered is left out and logged. A cluster without the
 * PrometheusRule CRD gives a warning and no rule files, as for ScrapeConfigs.
 *
 * <p>To apply the configs, merge them into the node's configuration with {@link #merge} and apply
 * the result to the scrape manager. Requires {@code list}/{@code watch} on servicemonitors,
 * podmonitors, scrapeconfigs, prometheusrules and namespaces and {@code get} on secrets and
 * configmaps.
 */
public final class MonitorWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MonitorWatcher.class.getName());
  public static final ResourceDefinitionContext SERVICE_MONITORS = crd("v1", "ServiceMonitor", "servicemonitors");
  public static final ResourceDefinitionContext POD_MONITORS = crd("v1", "PodMonitor", "podmonitors");
  public static final ResourceDefinitionContext SCRAPE_CONFIGS = crd("v1alpha1", "ScrapeConfig", "scrapeconfigs");
  public static final ResourceDefinitionContext PROMETHEUS_RULES = crd("v1", "PrometheusRule", "prometheusrules");
  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(1);
  static final long RETRY_DELAY_MS = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final MonitorSettings settings;
  private final SecretSource secrets;
  private final Consumer<List<ScrapeConfig>> listener;
  private final Duration resync;
  private final InformerGroup group;
  private SharedIndexInformer<GenericKubernetesResource> serviceMonitors;
  private SharedIndexInformer<GenericKubernetesResource> podMonitors;
  private SharedIndexInformer<GenericKubernetesResource> scrapeConfigs;
  private SharedIndexInformer<GenericKubernetesResource> prometheusRules;
  private volatile Consumer<Map<String, String>> ruleListener;
  /** The rule files published last, or null before the first. */
  private Map<String, String> ruleFiles;
  /** Unsupported-field warnings of the last regeneration, so that each is logged once per object version. */
  private Set<String> warned = Set.of();
  private SharedIndexInformer<Namespace> namespaces;
  private volatile GlobalConfig global;
  private volatile List<ScrapeConfig> current = List.of();
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
    this.group = new InformerGroup("hearth-monitor-watcher", "monitor watcher", RETRY_DELAY_MS, this::regenerate);
  }

  private static ResourceDefinitionContext crd(String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion(version)
        .withKind(kind).withPlural(plural).withNamespaced(true).build();
  }

  /**
   * Sets the listener of the rule files generated from PrometheusRule objects (file name to text);
   * call before {@link #start}.
   */
  public void onRuleFiles(Consumer<Map<String, String>> listener) {
    this.ruleListener = listener;
  }

  /** Starts the informers; returns at once. */
  public void start() {
    group.start(this::startInformers);
    group.every(resync, group::changed);
  }

  /** One round of {@link InformerGroup}: the informers, started; when synced, the first regeneration. */
  private CompletableFuture<Runnable> startInformers() {
    serviceMonitors = register(client.genericKubernetesResources(SERVICE_MONITORS).inAnyNamespace().runnableInformer(0));
    podMonitors = register(client.genericKubernetesResources(POD_MONITORS).inAnyNamespace().runnableInformer(0));
    namespaces = register(client.namespaces().runnableInformer(0));
    CompletableFuture<Void> started = group.startAll();
    // Optional: a cluster without the ScrapeConfig or PrometheusRule CRD must not stop ServiceMonitors and PodMonitors.
    scrapeConfigs = settings.scrapeConfigSelector() == null ? null : optional(SCRAPE_CONFIGS);
    prometheusRules = settings.ruleSelector() == null || ruleListener == null ? null : optional(PROMETHEUS_RULES);
    return started
        .thenCombine(startOptional(scrapeConfigs), (v, e) -> e)
        .thenCombine(startOptional(prometheusRules), (scrapeConfigErr, ruleErr) -> () -> {
          if (scrapeConfigErr != null) {
            without(scrapeConfigs, "ScrapeConfig", "v1alpha1", scrapeConfigErr);
            scrapeConfigs = null;
          }
          if (ruleErr != null) {
            without(prometheusRules, "PrometheusRule", "v1", ruleErr);
            prometheusRules = null;
          }
          regenerate();
        });
  }

  /** An informer whose start may fail without stopping the others (registered, not yet started). */
  private SharedIndexInformer<GenericKubernetesResource> optional(ResourceDefinitionContext kind) {
    return group.register(client.genericKubernetesResources(kind).inAnyNamespace().runnableInformer(0));
  }

  /** Starts an optional informer: completes with its start error, or null (also when there is none). */
  private static CompletableFuture<Throwable> startOptional(SharedIndexInformer<?> inf) {
    if (inf == null) return CompletableFuture.completedFuture(null);
    return inf.start().toCompletableFuture().handle((v, err) -> err);
  }

  /** Stops an optional informer that failed to start, with a warning. */
  private void without(SharedIndexInformer<?> inf, String kind, String version, Throwable err) {
    LOG.warning("cannot list " + kind + " objects (monitoring.coreos.com/" + version + "; CRD not installed or access "
        + "denied?), continuing without them: " + err.getMessage());
    group.stop(inf);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> register(SharedIndexInformer<T> inf) {
    return group.register(inf);
  }

  /** Uses a new global section (after a reload of the node's configuration) and regenerates. */
  public void setGlobal(GlobalConfig g) {
    this.global = g;
    group.changed();
  }

  /** The scrape configs generated last (empty before the first sync). */
  public List<ScrapeConfig> current() {
    return current;
  }

  private void regenerate() {
    if (group.closed() || !group.synced()) return;
    if (ruleListener != null) regenerateRuleFiles();
    regenerateScrapeConfigs();
  }

  /** Publishes the rule files of the selected PrometheusRule objects when they changed (or for the first time). */
  private void regenerateRuleFiles() {
    Map<String, String> out = new TreeMap<>();
    List<GenericKubernetesResource> objects = prometheusRules == null ? List.of() : sorted(prometheusRules);
    for (GenericKubernetesResource m : objects) {
      if (!selected(m, settings.ruleSelector(), settings.ruleNamespaceSelector())) continue;
      String ns = m.getMetadata().getNamespace();
      String name = m.getMetadata().getName();
      try {
        Map<String, Object> spec = ScrapeConfigGenerator.map(m.getAdditionalProperties().get("spec"));
        out.put(RuleFileGenerator.fileName(ns, name, m.getMetadata().getUid()),
            RuleFileGenerator.ruleFile(spec == null ? Map.of() : spec));
      } catch (IllegalArgumentException e) {
        LOG.warning("skipping PrometheusRule " + ns + "/" + name + ": " + e.getMessage());
      }
    }
    Map<String, String> result = Collections.unmodifiableMap(out);
    if (result.equals(ruleFiles)) return;
    ruleFiles = result;
    if (!group.closed()) ruleListener.accept(result);
  }

  private void regenerateScrapeConfigs() {
    List<ScrapeConfig> out = new ArrayList<>();
    Set<String> warnings = new HashSet<>();
    for (GenericKubernetesResource m : sorted(serviceMonitors)) {
      if (selected(m, settings.serviceMonitorSelector(), settings.serviceMonitorNamespaceSelector())) {
        out.addAll(generate(m, "ServiceMonitor ",
            (ns, name, spec) -> ScrapeConfigGenerator.serviceMonitor(ns, name, spec, settings, secrets)));
      }
    }
    for (GenericKubernetesResource m : sorted(podMonitors)) {
      if (selected(m, settings.podMonitorSelector(), settings.podMonitorNamespaceSelector())) {
        out.addAll(generate(m, "PodMonitor ",
            (ns, name, spec) -> ScrapeConfigGenerator.podMonitor(ns, name, spec, settings, secrets)));
      }
    }
    if (scrapeConfigs != null) {
      for (GenericKubernetesResource m : sorted(scrapeConfigs)) {
        if (selected(m, settings.scrapeConfigSelector(), settings.scrapeConfigNamespaceSelector())) {
          String what = "ScrapeConfig " + m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
          String version = " (resourceVersion " + m.getMetadata().getResourceVersion() + ")";
          out.addAll(generate(m, "ScrapeConfig ", (ns, name, spec) -> List.of(ScrapeConfigGenerator.scrapeConfig(ns,
              name, spec, secrets, field -> warnings.add(what + ": " + field + " is not supported by Hearth and is "
                  + "ignored; the targets it would discover are not scraped" + version)))));
        }
      }
    }
    for (String w : warnings) {
      if (!warned.contains(w)) LOG.warning(w);
    }
    warned = warnings;
    List<ScrapeConfig> result = List.copyOf(out);
    if (published && result.equals(current)) return;
    current = result;
    published = true;
    if (!group.closed()) listener.accept(result);
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

  /** Generates the YAML models of one object from its namespace, name and {@code spec}. */
  private interface Generator {
    List<Map<String, Object>> generate(String namespace, String name, Map<String, Object> spec);
  }

  /** One object's scrape configs, or none (logged) when it is invalid. */
  private List<ScrapeConfig> generate(GenericKubernetesResource m, String kind, Generator generator) {
    String ns = m.getMetadata().getNamespace();
    String name = m.getMetadata().getName();
    String what = kind + ns + "/" + name;
    try {
      Map<String, Object> spec = ScrapeConfigGenerator.map(m.getAdditionalProperties().get("spec"));
      if (spec == null) spec = new LinkedHashMap<>();
      List<Map<String, Object>> model = generator.generate(ns, name, spec);
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
        base.remoteWrite(), base.remoteRead(), base.otherSections(), base.otlp());
  }

  @Override
  public void close() {
    group.close();
  }
}

package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Discovers the targets of one {@code kubernetes_sd_config} with fabric8 informers (list, then
 * watch), producing Prometheus's target groups and {@code __meta_kubernetes_*} labels for its role.
 *
 * <p>Per watched namespace (or all namespaces) it runs an informer for the role's objects and, as
 * Prometheus, for the objects they are joined with: services and pods for {@code endpoints} and
 * {@code endpointslice}, and nodes (cluster-wide) when {@code attach_metadata.node} is set. The
 * first update, once every informer has synced, carries every group; afterwards any watch event
 * (add, update, delete of any watched object) schedules a rebuild on the discoverer's own thread,
 * and only the groups that changed are delivered (a vanished object's group as an empty group).
 * Bursts of events coalesce into one rebuild. Unlike Prometheus, a change of a joined pod or
 * service is reflected in the endpoints groups right away rather than at the next change of the
 * Endpoints object.
 *
 * <p>If the initial list fails (API server unreachable, forbidden), the informers are torn down
 * and retried every {@link #RETRY_DELAY_MS} ms; no update is sent until a sync succeeds. Thread
 * safety: {@link #start} and {@link #close} may be called from any thread; updates are delivered
 * on the discoverer's single thread, one at a time. Starting, retrying, coalescing and stopping the
 * informers is {@link InformerGroup}'s job.
 */
public final class KubernetesDiscoverer implements Discoverer {
  static final long RETRY_DELAY_MS = 5_000;

  private final KubernetesSdConfig cfg;
  private final ApiConnection connection;
  private final boolean ownsClient;
  private final InformerGroup group;
  private final List<SharedIndexInformer<? extends HasMetadata>> primary = new ArrayList<>();
  private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
  private final List<SharedIndexInformer<Service>> services = new ArrayList<>();
  private SharedIndexInformer<Node> nodes;
  private KubernetesClient client;
  private Consumer<List<TargetGroup>> sink;
  private Map<String, TargetGroup> sent = new HashMap<>();

  /**
   * @param connection where the API server is; a client is created on start and closed on close
   */
  public KubernetesDiscoverer(KubernetesSdConfig cfg, ApiConnection connection) {
    this(cfg, connection, null);
  }

  /** With a caller-owned client (not closed by this discoverer); {@code connection} is then only used for the own namespace. */
  public KubernetesDiscoverer(KubernetesSdConfig cfg, ApiConnection connection, KubernetesClient client) {
    this.cfg = cfg;
    this.connection = connection;
    this.client = client;
    this.ownsClient = client == null;
    this.group = new InformerGroup("hearth-k8s-sd-" + cfg.role().configName(),
        "kubernetes discovery (role " + cfg.role() + ")", RETRY_DELAY_MS, this::refresh);
  }

  public KubernetesSdConfig config() {
    return cfg;
  }

  @Override
  public void start(Consumer<List<TargetGroup>> updates) {
    this.sink = updates;
    group.start(this::startInformers);
  }

  /** The namespaces to watch; a single null element stands for all namespaces. */
  List<String> namespaces() {
    LinkedHashSet<String> ns = new LinkedHashSet<>(cfg.namespaces());
    if (cfg.ownNamespace() && connection != null && connection.ownNamespace() != null) ns.add(connection.ownNamespace());
    if (ns.isEmpty()) {
      List<String> all = new ArrayList<>();
      all.add(null);
      return all;
    }
    return List.copyOf(ns);
  }

  /** One round of {@link InformerGroup}: the role's informers, started; when synced, the first update. */
  private CompletableFuture<Runnable> startInformers() {
    primary.clear();
    pods.clear();
    services.clear();
    nodes = null;
    if (client == null) client = connection.newClient();
    List<String> namespaces = namespaces();
    Role role = cfg.role();
    for (String ns : namespaces) {
      switch (role) {
        case NODE:
          break;
        case POD:
          primary.add(watch(client.pods(), ns, Role.POD));
          break;
        case SERVICE:
          primary.add(watch(client.services(), ns, Role.SERVICE));
          break;
        case ENDPOINTS:
          primary.add(watch(client.endpoints(), ns, Role.ENDPOINTS));
          services.add(watch(client.services(), ns, Role.SERVICE));
          pods.add(watch(client.pods(), ns, Role.POD));
          break;
        case ENDPOINTSLICE:
          primary.add(watch(client.discovery().v1().endpointSlices(), ns, Role.ENDPOINTSLICE));
          services.add(watch(client.services(), ns, Role.SERVICE));
          pods.add(watch(client.pods(), ns, Role.POD));
          break;
        case INGRESS:
          primary.add(watch(client.network().v1().ingresses(), ns, Role.INGRESS));
          break;
        default:
          throw new IllegalStateException("unhandled role " + role);
      }
    }
    if (role == Role.NODE) {
      nodes = watchNodes();
      primary.add(nodes);
    } else if (cfg.attachNode() && (role == Role.POD || role == Role.ENDPOINTS || role == Role.ENDPOINTSLICE)) {
      nodes = watchNodes();
    }
    return group.startAll().thenApply(v -> this::onSynced);
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> SharedIndexInformer<T> watch(
      MixedOperation<T, L, ? extends Resource<T>> op, String namespace, Role selectorRole) {
    FilterWatchListDeletable<T, L, ? extends Resource<T>> scoped = namespace == null ? op.inAnyNamespace()
        : op.inNamespace(namespace);
    return register(select(scoped, selectorRole));
  }

  private SharedIndexInformer<Node> watchNodes() {
    return register(select(client.nodes(), Role.NODE));
  }

  private <T extends HasMetadata, L> FilterWatchListDeletable<T, L, ? extends Resource<T>> select(
      FilterWatchListDeletable<T, L, ? extends Resource<T>> op, Role selectorRole) {
    KubernetesSdConfig.Selector s = cfg.selector(selectorRole);
    if (s == null) return op;
    FilterWatchListDeletable<T, L, ? extends Resource<T>> out = op;
    if (s.label() != null && !s.label().isBlank()) out = out.withLabelSelector(s.label());
    for (FieldSelector.Term t : FieldSelector.parse(s.field()).terms()) {
      out = t.negated() ? out.withoutField(t.field(), t.value()) : out.withField(t.field(), t.value());
    }
    return out;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> register(FilterWatchListDeletable<T, ?, ?> op) {
    return group.register(op.runnableInformer(0));
  }

  private void onSynced() {
    Map<String, TargetGroup> now = buildAll();
    sent = now;
    sink.accept(List.copyOf(now.values()));
  }

  private void refresh() {
    Map<String, TargetGroup> now = buildAll();
    List<TargetGroup> changed = new ArrayList<>();
    for (TargetGroup g : now.values()) {
      if (!g.equals(sent.get(g.source()))) changed.add(g);
    }
    for (String src : sent.keySet()) {
      if (!now.containsKey(src)) changed.add(new TargetGroup(src, List.of(), Labels.EMPTY));
    }
    sent = now;
    if (!changed.isEmpty() && !group.closed()) sink.accept(List.copyOf(changed));
  }

  /** Every group from the caches, by source (sorted, for stable output). */
  private Map<String, TargetGroup> buildAll() {
    ObjectLookup lookup = new CacheLookup();
    Map<String, TargetGroup> out = new TreeMap<>();
    for (SharedIndexInformer<? extends HasMetadata> inf : primary) {
      for (HasMetadata o : inf.getStore().list()) {
        TargetGroup g = build(o, lookup);
        if (g != null) out.put(g.source(), g);
      }
    }
    return out;
  }

  private TargetGroup build(HasMetadata o, ObjectLookup lookup) {
    switch (cfg.role()) {
      case NODE: return NodeTargets.build((Node) o);
      case POD: return PodTargets.build((Pod) o, lookup);
      case SERVICE: return ServiceTargets.build((Service) o);
      case ENDPOINTS: return EndpointsTargets.build((Endpoints) o, lookup);
      case ENDPOINTSLICE: return EndpointSliceTargets.build((EndpointSlice) o, lookup);
      case INGRESS: return IngressTargets.build((Ingress) o);
      default: return null;
    }
  }

  /** Lookups in the informer caches (namespace/name keys; node keys are names). */
  private final class CacheLookup implements ObjectLookup {
    @Override
    public Pod pod(String namespace, String name) {
      return find(pods, namespace + "/" + name);
    }

    @Override
    public Service service(String namespace, String name) {
      return find(services, namespace + "/" + name);
    }

    @Override
    public Node node(String name) {
      return nodes == null || cfg.role() == Role.NODE ? null : nodes.getStore().getByKey(name);
    }

    private <T> T find(List<SharedIndexInformer<T>> infs, String key) {
      for (SharedIndexInformer<T> inf : infs) {
        T t = inf.getStore().getByKey(key);
        if (t != null) return t;
      }
      return null;
    }
  }

  @Override
  public void close() {
    group.close(() -> {
      if (ownsClient && client != null) client.close();
    });
  }
}

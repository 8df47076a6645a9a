package io.hearth.scrape.discovery.kubernetes;

import io.hearth.scrape.config.ConfigException;
import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.manager.DiscovererFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Creates one {@link KubernetesDiscoverer} per {@code kubernetes_sd_configs} entry of a job; plug
 * it into the scrape manager with {@code ScrapeManager.Options.withDiscoverers(...)}.
 *
 * <p>Entries without {@code api_server} and {@code kubeconfig_file} use the in-cluster connection,
 * resolved lazily (only when such an entry exists) from {@code inCluster}; tests and out-of-cluster
 * deployments pass their own. An entry that is invalid or whose connection cannot be set up is
 * logged and skipped, so that one bad entry does not stop the job's other discovery; validate the
 * configuration on load with {@link KubernetesSdConfig#validate} to refuse it instead. Thread-safe.
 */
public final class KubernetesDiscovererFactory implements DiscovererFactory {
  private static final Logger LOG = Logger.getLogger(KubernetesDiscovererFactory.class.getName());
  private final Supplier<ApiConnection> inCluster;
  private final DiscovererFactory next;

  /** In-cluster connection from the pod's service account. */
  public KubernetesDiscovererFactory() {
    this(ApiConnection::inCluster, DiscovererFactory.NONE);
  }

  /**
   * @param inCluster the connection for entries naming neither an API server nor a kubeconfig
   * @param next further discoverers for the same job (another mechanism), appended after these
   */
  public KubernetesDiscovererFactory(Supplier<ApiConnection> inCluster, DiscovererFactory next) {
    this.inCluster = inCluster;
    this.next = next;
  }

  @Override
  public List<Discoverer> create(ScrapeConfig cfg) {
    List<Discoverer> out = create(cfg.kubernetesSdConfigs(), "job " + cfg.jobName());
    out.addAll(next.create(cfg));
    return out;
  }

  /**
   * One discoverer per raw {@code kubernetes_sd_configs} entry (of a scrape job or an
   * {@code alertmanagers} entry); an invalid entry is logged, naming {@code owner}, and skipped.
   */
  public List<Discoverer> create(List<Object> rawConfigs, String owner) {
    List<Discoverer> out = new ArrayList<>();
    for (int i = 0; i < rawConfigs.size(); i++) {
      try {
        KubernetesSdConfig sd = KubernetesSdConfig.parse(rawConfigs.get(i));
        out.add(new KubernetesDiscoverer(sd, ApiConnection.of(sd, inCluster)));
      } catch (ConfigException | IllegalStateException e) {
        LOG.warning("kubernetes_sd_configs[" + i + "] of " + owner + " skipped: " + e.getMessage());
      }
    }
    return out;
  }
}

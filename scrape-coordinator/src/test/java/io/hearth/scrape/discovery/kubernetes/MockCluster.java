package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import okhttp3.mockwebserver.MockWebServer;

/**
 * fabric8's mock API server in CRUD mode (with watches, {@code /version} reporting v1.26) on an
 * ephemeral 127.0.0.1 port, plus a client for loading fixtures. The mock has no controllers:
 * tests update Endpoints and EndpointSlices themselves. Close it after use.
 */
public final class MockCluster implements AutoCloseable {
  public static final CustomResourceDefinitionContext SERVICE_MONITORS = crd("ServiceMonitor", "servicemonitors");
  public static final CustomResourceDefinitionContext POD_MONITORS = crd("PodMonitor", "podmonitors");
  public static final CustomResourceDefinitionContext SCRAPE_CONFIGS = crd("v1alpha1", "ScrapeConfig", "scrapeconfigs");
  public static final CustomResourceDefinitionContext PROMETHEUS_RULES = crd("PrometheusRule", "prometheusrules");

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;

  public MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    VersionInfo v = new VersionInfo.Builder().withMajor("1").withMinor("26").withGitVersion("v1.26.0").build();
    KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false, v);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    server.expectCustomResource(SERVICE_MONITORS);
    server.expectCustomResource(POD_MONITORS);
    server.expectCustomResource(SCRAPE_CONFIGS);
    server.expectCustomResource(PROMETHEUS_RULES);
    client = server.createClient();
  }

  private static CustomResourceDefinitionContext crd(String kind, String plural) {
    return crd("v1", kind, plural);
  }

  private static CustomResourceDefinitionContext crd(String version, String kind, String plural) {
    return new CustomResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion(version)
        .withKind(kind).withPlural(plural).withScope("Namespaced").withName(plural + ".monitoring.coreos.com").build();
  }

  /** A client for loading and changing fixtures (not the one under test). */
  public NamespacedKubernetesClient client() {
    return client;
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  public ApiConnection connection() {
    return ApiConnection.forUrl(url());
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

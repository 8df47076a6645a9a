package io.hearth.scrape.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads referenced keys straight from the API server (one GET per reference, no cache), so that a
 * regeneration always sees the current secret. Needs {@code get} on secrets and configmaps in the
 * monitors' namespaces. Thread-safe.
 */
public final class ClientSecretSource implements SecretSource {
  private final KubernetesClient client;

  public ClientSecretSource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String secretKey(String namespace, String name, String key) {
    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
    if (s == null) throw new MissingReferenceException("secret " + namespace + "/" + name + " not found");
    if (s.getData() != null && s.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (s.getStringData() != null && s.getStringData().get(key) != null) return s.getStringData().get(key);
    throw new MissingReferenceException("key " + key + " not found in secret " + namespace + "/" + name);
  }

  @Override
  public String configMapKey(String namespace, String name, String key) {
    ConfigMap c = client.configMaps().inNamespace(namespace).withName(name).get();
    if (c == null) throw new MissingReferenceException("configmap " + namespace + "/" + name + " not found");
    if (c.getData() == null || c.getData().get(key) == null) {
      throw new MissingReferenceException("key " + key + " not found in configmap " + namespace + "/" + name);
    }
    return c.getData().get(key);
  }
}

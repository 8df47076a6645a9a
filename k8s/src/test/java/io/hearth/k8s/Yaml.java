package io.hearth.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YAML reading for the manifests, and strict conversion into fabric8's typed Kubernetes model.
 *
 * <p>fabric8's model classes keep fields they do not know in an {@code additionalProperties} map
 * (a Jackson any-setter), so a misspelled field ({@code readinesProbe}) would parse silently. The
 * strict mapper here turns the any-setters off, so Jackson's {@code FAIL_ON_UNKNOWN_PROPERTIES}
 * applies: an unknown field anywhere in a manifest is an error naming its path.
 */
final class Yaml {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public Boolean hasAnySetter(Annotated a) {
          return Boolean.FALSE;
        }

        @Override
        public com.fasterxml.jackson.annotation.JsonIgnoreProperties.Value findPropertyIgnoralByName(
            com.fasterxml.jackson.databind.cfg.MapperConfig<?> config, Annotated a) {
          return com.fasterxml.jackson.annotation.JsonIgnoreProperties.Value.empty();
        }
      });

  /** The kinds the manifests may contain, by apiVersion/kind. Anything else is a test failure. */
  static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
      Map.entry("v1/Namespace", Namespace.class),
      Map.entry("v1/ServiceAccount", ServiceAccount.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("apps/v1/StatefulSet", StatefulSet.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
      Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
      Map.entry("storage.k8s.io/v1/StorageClass", StorageClass.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
      Map.entry("cert-manager.io/v1/Issuer", Issuer.class),
      Map.entry("cert-manager.io/v1/Certificate", Certificate.class));

  private Yaml() {}

  /** Every document of a (multi-document) YAML file, empty documents skipped. */
  static List<JsonNode> readAll(Path file) {
    try {
      return readAll(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Documents one by one (a root-level list stays one document, unlike MappingIterator's unwrapping). */
  static List<JsonNode> readAll(String text) {
    List<JsonNode> out = new ArrayList<>();
    try (JsonParser p = YAML.getFactory().createParser(text)) {
      while (p.nextToken() != null) {
        JsonNode n = YAML.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).readValue(p);
        if (n != null && !n.isNull() && !n.isMissingNode()) out.add(n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static JsonNode read(Path file) {
    List<JsonNode> all = readAll(file);
    if (all.size() != 1) throw new IllegalArgumentException(file + ": expected one YAML document, found " + all.size());
    return all.get(0);
  }

  static String key(JsonNode n) {
    return n.path("apiVersion").asText() + "/" + n.path("kind").asText();
  }

  /** The typed object for a manifest; fails on an unknown kind or an unknown field. */
  static HasMetadata typed(JsonNode n) throws JsonProcessingException {
    Class<? extends HasMetadata> c = KINDS.get(key(n));
    if (c == null) throw new IllegalArgumentException("no model for " + key(n) + " (add it to Yaml.KINDS if intended)");
    return STRICT.treeToValue(n, c);
  }
}

package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest is a known Kubernetes kind whose every field exists in the API (fabric8's model). */
class ManifestModelTest {
  static Stream<Build> builds() {
    return Build.all();
  }

  static Stream<Path> manifestFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Build.K8S)) {
      files = s.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
          .filter(p -> !p.startsWith(Build.K8S.resolve("target")) && !p.startsWith(Build.K8S.resolve("src")))
          .sorted().toList();
    }
    assertFalse(files.isEmpty());
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifestFiles")
  void everyManifestFileParsesIntoTheTypedModelWithoutUnknownFields(Path file) throws Exception {
    List<JsonNode> docs = Yaml.readAll(file);
    assertFalse(docs.isEmpty(), file + " is empty");
    for (JsonNode d : docs) {
      HasMetadata o = Yaml.typed(d);
      assertFalse(o.getMetadata().getName() == null || o.getMetadata().getName().isEmpty(), file + ": object without a name");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void everyKustomizationBuildsIntoUniqueLabelledObjects(Build b) {
    Set<String> ids = new HashSet<>();
    for (HasMetadata o : b.objects()) {
      String id = o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
      assertTrue(ids.add(id), b + ": duplicate " + id);
      // `kubectl get all,cm,pvc,clusterrole... -l app.kubernetes.io/name=hearth` finds everything Hearth installed
      assertEquals("hearth", o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get("app.kubernetes.io/name"),
          b + ": " + id + " lacks the label app.kubernetes.io/name=hearth");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void namespacedObjectsAllLandInOneNamespace(Build b) {
    Set<String> namespaces = new HashSet<>();
    for (HasMetadata o : b.objects()) {
      boolean clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass").contains(o.getKind());
      if (clusterScoped) {
        assertEquals(null, o.getMetadata().getNamespace(), b + ": cluster-scoped " + o.getKind() + " with a namespace");
      } else {
        namespaces.add(o.getMetadata().getNamespace());
      }
    }
    assertEquals(Set.of("hearth"), namespaces, b.toString());
  }

  @Test
  void strictParsingRejectsAMisspelledFieldThatFabric8WouldOtherwiseKeepAside() throws Exception {
    ObjectNode sts = (ObjectNode) Yaml.read(Build.K8S.resolve("base/statefulset.yaml"));
    ObjectNode container = (ObjectNode) sts.at("/spec/template/spec/containers/0");
    container.set("readinesProbe", container.remove("readinessProbe"));
    UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class, () -> Yaml.typed(sts));
    assertEquals("readinesProbe", e.getPropertyName());
    assertTrue(e.getPathReference().contains("containers"), e.getPathReference());

    // fabric8's own mapper keeps unknown fields in additionalProperties instead of failing: that is why Yaml.STRICT exists
    var lenient = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
        .treeToValue(sts, io.fabric8.kubernetes.api.model.apps.StatefulSet.class);
    assertTrue(lenient.getSpec().getTemplate().getSpec().getContainers().get(0).getAdditionalProperties().containsKey("readinesProbe"));
  }

  @Test
  void strictParsingRejectsAFieldAtTheWrongLevel() {
    ObjectNode svc = (ObjectNode) Yaml.read(Build.K8S.resolve("base/service-headless.yaml"));
    ((ObjectNode) svc.get("metadata")).put("clusterIP", "None");
    assertThrows(UnrecognizedPropertyException.class, () -> Yaml.typed(svc));
  }
}

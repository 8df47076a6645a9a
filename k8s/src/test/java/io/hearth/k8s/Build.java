package io.hearth.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One kustomization (k8s/base or an overlay) built and parsed into fabric8's model, with lookups. */
record Build(String name, Path dir, List<ObjectNode> raw, List<HasMetadata> objects) {
  static final Path K8S = Path.of(System.getProperty("hearth.k8s.dir", ".")).toAbsolutePath().normalize();
  static final Path REPO = K8S.getParent();

  /** k8s/base and every directory under k8s/overlays, the things a user applies with -k. */
  static List<Path> kustomizations() {
    List<Path> dirs = new ArrayList<>();
    dirs.add(K8S.resolve("base"));
    try (Stream<Path> s = Files.list(K8S.resolve("overlays"))) {
      s.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml"))).sorted().forEach(dirs::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dirs;
  }

  static Stream<Build> all() {
    return kustomizations().stream().map(Build::of);
  }

  static Build of(Path dir) {
    List<ObjectNode> raw = Kustomize.build(dir);
    List<HasMetadata> typed = new ArrayList<>();
    for (ObjectNode n : raw) {
      try {
        typed.add(Yaml.typed(n));
      } catch (JsonProcessingException e) {
        throw new AssertionError(dir + ": " + Yaml.key(n) + " " + n.path("metadata").path("name").asText() + ": " + e.getOriginalMessage()
            + " at " + e.getLocation(), e);
      }
    }
    return new Build(K8S.relativize(dir).toString(), dir, raw, typed);
  }

  @Override
  public String toString() {
    return name;
  }

  <T extends HasMetadata> List<T> all(Class<T> c) {
    return objects.stream().filter(c::isInstance).map(c::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> c, String name) {
    List<T> l = all(c).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    if (l.size() != 1) throw new AssertionError(this.name + ": expected one " + c.getSimpleName() + " named " + name + ", found " + l.size());
    return l.get(0);
  }

  StatefulSet statefulSet() {
    List<StatefulSet> l = all(StatefulSet.class);
    if (l.size() != 1) throw new AssertionError(name + ": expected one StatefulSet, found " + l.size());
    return l.get(0);
  }

  Container hearthContainer() {
    return statefulSet().getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("hearth")).findFirst().orElseThrow();
  }

  Map<String, String> podLabels() {
    return statefulSet().getSpec().getTemplate().getMetadata().getLabels();
  }

  int containerPort(String name) {
    return hearthContainer().getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
        .findFirst().orElseThrow(() -> new AssertionError(this.name + ": no container port named " + name));
  }

  Service headlessService() {
    return one(Service.class, statefulSet().getSpec().getServiceName());
  }

  ConfigMap configMap(String name) {
    return one(ConfigMap.class, name);
  }

  String namespace() {
    return statefulSet().getMetadata().getNamespace();
  }
}

package io.hearth.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Builds a kustomization directory offline, as {@code kubectl kustomize} does, for the subset of
 * kustomize the manifests use: resources (files and directories), configMapGenerator with fixed
 * names, JSON 6902 patches with a target, namespace, images and replicas. Any other field, or an
 * option outside that subset, is an error, so the manifests cannot drift into features this
 * emulation would silently get wrong. {@link KustomizeCrossCheckTest} compares it with kubectl's
 * output wherever kubectl is installed.
 */
final class Kustomize {
  private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources",
      "configMapGenerator", "images", "patches", "replicas");
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "StorageClass", "PersistentVolume", "CustomResourceDefinition", "PriorityClass");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Kustomize() {}

  static List<ObjectNode> build(Path dir) {
    JsonNode k = Yaml.read(dir.resolve("kustomization.yaml"));
    for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) throw new IllegalArgumentException(dir + ": kustomize field '" + f + "' is not emulated");
    }
    if (!k.path("apiVersion").asText().equals("kustomize.config.k8s.io/v1beta1") || !k.path("kind").asText().equals("Kustomization")) {
      throw new IllegalArgumentException(dir + ": not a Kustomization");
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) out.addAll(build(p));
      else for (JsonNode n : Yaml.readAll(p)) out.add((ObjectNode) n);
    }
    for (JsonNode g : k.path("configMapGenerator")) out.add(configMap(dir, g));
    for (JsonNode p : k.path("patches")) patch(dir, p, out);
    if (k.has("namespace")) namespace(k.get("namespace").asText(), out);
    for (JsonNode img : k.path("images")) image(img, out);
    for (JsonNode rep : k.path("replicas")) replicas(rep, out);
    return out;
  }

  private static void only(JsonNode n, String where, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) throw new IllegalArgumentException(where + ": field '" + f + "' is not emulated");
    }
  }

  private static ObjectNode configMap(Path dir, JsonNode g) {
    only(g, "configMapGenerator", "name", "files", "options");
    only(g.path("options"), "configMapGenerator.options", "disableNameSuffixHash", "labels", "annotations");
    if (!g.path("options").path("disableNameSuffixHash").asBoolean(false)) {
      throw new IllegalArgumentException("configMapGenerator " + g.path("name").asText()
          + ": name suffix hashes are not emulated (and would restart Hearth on every configuration edit)");
    }
    ObjectNode cm = F.objectNode();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    ObjectNode meta = cm.putObject("metadata");
    meta.put("name", g.path("name").asText());
    if (g.path("options").has("labels")) meta.set("labels", g.path("options").get("labels").deepCopy());
    if (g.path("options").has("annotations")) meta.set("annotations", g.path("options").get("annotations").deepCopy());
    ObjectNode data = cm.putObject("data");
    for (JsonNode f : g.path("files")) {
      String spec = f.asText();
      int eq = spec.indexOf('=');
      String file = eq < 0 ? spec : spec.substring(eq + 1);
      String key = eq < 0 ? Path.of(file).getFileName().toString() : spec.substring(0, eq);
      try {
        data.put(key, Files.readString(dir.resolve(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cm;
  }

  private static void patch(Path dir, JsonNode p, List<ObjectNode> resources) {
    only(p, "patches", "target", "patch", "path");
    JsonNode t = p.path("target");
    only(t, "patches.target", "group", "version", "kind", "name");
    if (t.isMissingNode()) throw new IllegalArgumentException("patches: only JSON 6902 patches with a target are emulated");
    JsonNode ops;
    try {
      String text = p.has("patch") ? p.get("patch").asText() : Files.readString(dir.resolve(p.path("path").asText()));
      ops = Yaml.readAll(text).get(0);
      if (Yaml.readAll(text).size() != 1) throw new IllegalArgumentException("patches: one document per patch");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int matched = 0;
    for (ObjectNode r : resources) {
      String apiVersion = r.path("apiVersion").asText();
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
      if (t.has("group") && !t.get("group").asText().equals(group)) continue;
      if (t.has("version") && !t.get("version").asText().equals(version)) continue;
      if (t.has("kind") && !t.get("kind").asText().equals(r.path("kind").asText())) continue;
      if (t.has("name") && !t.get("name").asText().equals(r.path("metadata").path("name").asText())) continue;
      JsonPatch.apply(r, ops);
      matched++;
    }
    if (matched == 0) throw new IllegalArgumentException("patch target matches nothing: " + t);
  }

  private static void namespace(String ns, List<ObjectNode> resources) {
    Set<String> serviceAccounts = new java.util.HashSet<>();
    for (ObjectNode r : resources) {
      if (r.path("kind").asText().equals("ServiceAccount")) serviceAccounts.add(r.path("metadata").path("name").asText());
    }
    for (ObjectNode r : resources) {
      String kind = r.path("kind").asText();
      if (!CLUSTER_SCOPED.contains(kind)) ((ObjectNode) r.get("metadata")).put("namespace", ns);
      if (kind.equals("ClusterRoleBinding") || kind.equals("RoleBinding")) {
        for (JsonNode s : r.path("subjects")) {
          if (s.path("kind").asText().equals("ServiceAccount") && serviceAccounts.contains(s.path("name").asText())) {
            ((ObjectNode) s).put("namespace", ns);
          }
        }
      }
    }
  }

  private static void image(JsonNode img, List<ObjectNode> resources) {
    only(img, "images", "name", "newName", "newTag", "digest");
    String name = img.path("name").asText();
    for (ObjectNode r : resources) {
      JsonNode spec = r.path("spec").path("template").path("spec");
      for (String field : List.of("containers", "initContainers")) {
        for (JsonNode c : spec.path(field)) {
          String image = c.path("image").asText();
          String base = image.replaceAll("@.*$", "").replaceAll(":[^:/]*$", "");
          if (!base.equals(name)) continue;
          String tag = image.substring(base.length());
          String newName = img.has("newName") ? img.get("newName").asText() : base;
          if (img.has("digest")) tag = "@" + img.get("digest").asText();
          else if (img.has("newTag")) tag = ":" + img.get("newTag").asText();
          ((ObjectNode) c).put("image", newName + tag);
        }
      }
    }
  }

  private static void replicas(JsonNode rep, List<ObjectNode> resources) {
    only(rep, "replicas", "name", "count");
    int matched = 0;
    for (ObjectNode r : resources) {
      String kind = r.path("kind").asText();
      if ((kind.equals("StatefulSet") || kind.equals("Deployment"))
          && r.path("metadata").path("name").asText().equals(rep.path("name").asText())) {
        ((ObjectNode) r.get("spec")).put("replicas", rep.path("count").asInt());
        matched++;
      }
    }
    if (matched == 0) throw new IllegalArgumentException("replicas: no workload named " + rep.path("name").asText());
  }
}

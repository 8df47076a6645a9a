package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where kubectl is installed, {@code kubectl kustomize} builds exactly what {@link Kustomize} builds,
 * so the other tests check what `kubectl apply -k` applies. Skipped without kubectl.
 */
class KustomizeCrossCheckTest {
  static Stream<Path> kustomizations() {
    return Build.kustomizations().stream();
  }

  static Path kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "kubectl");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
    Map<String, JsonNode> m = new TreeMap<>();
    for (JsonNode o : objects) {
      String id = Yaml.key(o) + " " + o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
      m.put(id, o);
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void kubectlKustomizeBuildsTheSameObjectsAsTheOfflineEmulation(Path dir) throws Exception {
    Path kubectl = kubectl();
    assumeTrue(kubectl != null, "kubectl is not installed");
    Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize hung");
    assertEquals(0, p.exitValue(), "kubectl kustomize " + dir);
    Map<String, JsonNode> expected = byId(Yaml.readAll(out));
    Map<String, JsonNode> actual = byId(Kustomize.build(dir));
    assertEquals(expected.keySet(), actual.keySet());
    for (String id : expected.keySet()) assertEquals(expected.get(id), actual.get(id), id);
  }
}

package io.hearth.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kube-prometheus rule corpus of {@code /work/shared/kube-prometheus-rules} (PrometheusRule
 * objects, 234 rules in 8 files) as plain rule files. Resolved from the module directory the
 * tests run in ({@code node/} or {@code chaos-tests/}), one level below the repository, which sits
 * beside {@code shared/}. The shared files are only read.
 */
public final class KubePrometheusRules {
  private KubePrometheusRules() {}

  /** Writes each object's {@code spec} as {@code dir/<same file name>}; returns the files in name order. */
  public static List<Path> writeRuleFiles(Path dir) throws IOException {
    Path src = SharedFiles.require("kube-prometheus-rules");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith("-prometheusRule.yaml")).sorted().toList()) {
        JsonNode spec = yaml.readTree(f.toFile()).get("spec");
        Path target = dir.resolve(f.getFileName());
        yaml.writeValue(target.toFile(), spec);
        out.add(target);
      }
    }
    return out;
  }
}

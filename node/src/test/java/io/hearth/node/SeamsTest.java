package io.hearth.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.ast.Function;
import io.hearth.promql.ast.Functions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module seams, enforced over the main sources of the whole repository: Ignite only in
 * {@code sharding.ignite}; fabric8 only in Kubernetes discovery and the operator package; PromQL
 * and scraping see only {@code sharding.api} and {@code sharding.wire}; arrows point down (sharding
 * imports no higher module, PromQL and scraping not each other; inside PromQL the engine and the
 * transport both use the planner, which uses neither, and the engine never uses the transport). And
 * the UI's completion lists exactly the functions the engine knows.
 */
class SeamsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

  record Source(String module, String path, List<String> imports) {}

  static List<Source> sources() throws IOException {
    List<Source> out = new ArrayList<>();
    for (String module : List.of("sharding", "promql-distributed", "scrape-coordinator", "node")) {
      Path main = ROOT.resolve(module).resolve("src/main/java");
      assertTrue(Files.isDirectory(main), "missing " + main);
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          List<String> imports = new ArrayList<>();
          Matcher m = IMPORT.matcher(Files.readString(f));
          while (m.find()) imports.add(m.group(1));
          out.add(new Source(module, ROOT.relativize(f).toString(), imports));
        }
      }
    }
    assertTrue(out.size() > 300, "read " + out.size() + " source files");
    return out;
  }

  @Test
  void everyModuleImportsOnlyAcrossItsSeams() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Source s : sources()) {
      for (String i : s.imports()) {
        String rule = null;
        if (i.startsWith("org.apache.ignite") && !s.path().contains("/io/hearth/sharding/ignite/")) {
          rule = "Ignite only in io.hearth.sharding.ignite";
        } else if (i.startsWith("io.fabric8") && !s.path().contains("/discovery/kubernetes/") && !s.path().contains("/scrape/operator/")) {
          rule = "fabric8 only in Kubernetes discovery and the operator package";
        } else if ((s.module().equals("promql-distributed") || s.module().equals("scrape-coordinator"))
            && i.startsWith("io.hearth.sharding.") && !i.startsWith("io.hearth.sharding.api.") && !i.startsWith("io.hearth.sharding.wire.")) {
          rule = "PromQL and scraping import only sharding.api and sharding.wire";
        } else if (s.module().equals("sharding") && (i.startsWith("io.hearth.promql") || i.startsWith("io.hearth.scrape")
            || i.startsWith("io.hearth.node"))) {
          rule = "sharding imports no higher module";
        } else if (s.module().equals("promql-distributed") && (i.startsWith("io.hearth.scrape") || i.startsWith("io.hearth.node"))) {
          rule = "PromQL imports neither scraping nor the node";
        } else if (s.module().equals("scrape-coordinator") && (i.startsWith("io.hearth.promql") || i.startsWith("io.hearth.node"))) {
          rule = "scraping imports neither PromQL nor the node";
        } else if (s.path().contains("/io/hearth/promql/planner/") && (i.startsWith("io.hearth.promql.engine.")
            || i.startsWith("io.hearth.promql.distributed."))) {
          rule = "the planner imports neither the engine nor the transport";
        } else if (s.path().contains("/io/hearth/promql/engine/") && i.startsWith("io.hearth.promql.distributed.")) {
          rule = "the engine never imports the transport";
        }
        if (rule != null) broken.add(s.path() + " imports " + i + " (" + rule + ")");
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void everyPackageSaysWhatItOwns() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String module : List.of("sharding", "promql-distributed", "scrape-coordinator", "node", "benchmarks", "benchmarks/churn")) {
      try (Stream<Path> dirs = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
          boolean hasJava;
          try (Stream<Path> files = Files.list(d)) {
            hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
          }
          if (hasJava && !Files.exists(d.resolve("package-info.java"))) missing.add(ROOT.relativize(d).toString());
        }
      }
    }
    assertEquals(List.of(), missing, "packages without package-info.java");
  }

  @Test
  void theUiCompletesExactlyTheFunctionsTheEngineKnows() throws IOException {
    String js = Files.readString(ROOT.resolve("node/src/main/resources/web/js/query/functions.js"));
    int start = js.indexOf("export const FUNCTIONS");
    int end = js.indexOf("];", start);
    TreeSet<String> ui = new TreeSet<>();
    Matcher m = Pattern.compile("\\['([a-z_0-9]+)',").matcher(js.substring(start, end));
    while (m.find()) ui.add(m.group(1));
    TreeSet<String> engine = new TreeSet<>();
    // Hearth's API accepts experimental functions (ParserOptions.ALL): the completion offers every one.
    for (Function f : Functions.all()) engine.add(f.name());
    TreeSet<String> onlyUi = new TreeSet<>(ui);
    onlyUi.removeAll(engine);
    TreeSet<String> onlyEngine = new TreeSet<>(engine);
    onlyEngine.removeAll(ui);
    assertEquals(List.of(), List.copyOf(onlyUi), "in functions.js, unknown to the engine");
    assertEquals(List.of(), List.copyOf(onlyEngine), "known to the engine, missing from functions.js");
  }
}

package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.node.it.KubePrometheusRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth check rules} prints and returns what Debian's {@code promtool check rules}
 * (Prometheus 2.42) does, on the kube-prometheus rule files and on a set of broken files.
 */
class RuleCheckDifferentialTest {
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  @TempDir Path tmp;

  static List<Path> brokenFiles() throws IOException {
    Path dir = Path.of("src/test/resources/rules/broken").toAbsolutePath();
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  /** What a promtool run printed and returned. */
  record Run(String out, String err, int code) {}

  private static Run promtool(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("check", "rules"));
    cmd.addAll(args);
    return promtoolRun(cmd);
  }

  /** Runs {@code promtool ARGS...} to completion. */
  static Run promtoolRun(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("promtool did not finish");
    return new Run(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8), p.exitValue());
  }

  private static void compare(List<Path> files, boolean fatal) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    if (fatal) args.add("--lint-fatal");
    for (Path f : files) args.add(f.toString());
    Run want = promtool(args);
    RuleCheck.Outcome got = RuleCheck.run(files, true, fatal);
    assertEquals(want.out, got.stdout(), "standard output for " + files);
    assertEquals(want.err, got.stderr(), "standard error for " + files);
    assertEquals(want.code, got.exitCode(), "exit status for " + files);
  }

  @Test
  @Timeout(120)
  void kubePrometheusRulesCheckAsPromtoolChecksThem() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed (apt-get install prometheus)");
    List<Path> files = KubePrometheusRules.writeRuleFiles(tmp);
    assertEquals(8, files.size());
    compare(files, false);
    // The duplicate recording rule in the control-plane file is a lint finding: exit 3 with --lint-fatal.
    compare(files, true);
  }

  @Test
  @Timeout(120)
  void eachBrokenFileIsReportedInPromtoolsWordsAndExitStatus() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed (apt-get install prometheus)");
    List<Path> files = brokenFiles();
    for (Path f : files) compare(List.of(f), false);
    compare(files, false);
  }
}

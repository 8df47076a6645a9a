package io.hearth.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.engine.QueryEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus's own PromQL test scripts, unchanged, against Hearth's engine over Hearth's real
 * head (README of {@code shared/promql-tests}). Prints a line per file and the totals, writes every
 * failure to {@code target/promqltest-report.txt}, and checks the outcome against {@code
 * promqltest/known-failures.txt}.
 *
 * <p>System properties: {@code hearth.promqltests.dir} (the scripts; default {@code
 * <repo>/../shared/promql-tests/testdata}), {@code hearth.promqltests.updateKnownFailures=true}
 * (rewrite the known-failures list from this run instead of checking it).
 */
public class PromqlConformanceTest {
  /** The settings upstream's test engine uses (README §2); the subquery default step is the engine's 1m. */
  static final EngineOptions OPTIONS = new EngineOptions(5 * 60_000L, 10_000L, 100_000L);
  /** Time one eval (with its extra evaluations) may take before it is failed as a timeout. */
  private static final long EVAL_BUDGET_MS = 10_000;
  private static final String KNOWN_FAILURES = "src/test/resources/promqltest/known-failures.txt";
  private static final String REPORT = "target/promqltest-report.txt";
  private static final String UPDATE_PROPERTY = "hearth.promqltests.updateKnownFailures";

  private static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  /** Where Prometheus's test scripts are: {@code -Dhearth.promqltests.dir}, else {@code shared/} beside the repository. */
  public static Path testdataDir() {
    String p = System.getProperty("hearth.promqltests.dir");
    if (p != null && !p.isBlank()) return Path.of(p).toAbsolutePath();
    return moduleDir().resolve("../../shared/promql-tests/testdata").normalize();
  }

  /**
   * The test scripts' directory. Missing, it fails the calling test under CI (where {@code shared/}
   * is always beside the clone) and elsewhere skips it with one line saying what is missing.
   */
  public static Path requireTestdata() {
    Path dir = testdataDir();
    if (!Files.isDirectory(dir)) {
      String why = "PromQL test scripts not found at " + dir + " (clone shared/ beside the repository or set -Dhearth.promqltests.dir)";
      if (System.getenv("CI") != null) org.junit.jupiter.api.Assertions.fail(why);
      org.junit.jupiter.api.Assumptions.abort(why);
    }
    return dir;
  }

  static QueryEngine newEngine() {
    return new Engine(OPTIONS);
  }

  @Test
  void upstreamScriptsPassExceptKnownFailures() throws IOException {
    QueryEngine engine = newEngine();
    runScripts(() -> ScriptStore.singleHead(engine), KNOWN_FAILURES, KnownFailures.HEADER, UPDATE_PROPERTY, REPORT);
  }

  /**
   * Runs every script over stores from {@code stores}, writes the report to {@code reportFile} and
   * fails unless exactly the evals listed in {@code listFile} fail (or, with the system property
   * {@code updateProperty} true, rewrites that list, with {@code listHeader}, from this run).
   */
  static void runScripts(Supplier<ScriptStore> stores, String listFile, String listHeader, String updateProperty,
      String reportFile) throws IOException {
    Path dir = requireTestdata();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.test")) {
      ds.forEach(files::add);
    }
    Collections.sort(files);
    assertTrue(!files.isEmpty(), "no *.test files in " + dir);

    long started = System.nanoTime();
    Map<String, List<EvalOutcome>> byFile = new LinkedHashMap<>();
    try (ScriptRunner runner = new ScriptRunner(stores, EVAL_BUDGET_MS)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        List<EvalOutcome> outcomes = runner.run(name, Files.readString(f, StandardCharsets.UTF_8));
        byFile.put(name, outcomes);
        System.out.println(name + ": " + Totals.of(outcomes).perFile());
      }
    }
    List<EvalOutcome> all = new ArrayList<>();
    byFile.values().forEach(all::addAll);
    Totals totals = Totals.of(all);
    Path report = moduleDir().resolve(reportFile);
    writeReport(report, dir, byFile, totals, (System.nanoTime() - started) / 1_000_000);

    Path knownPath = moduleDir().resolve(listFile);
    Map<String, String> known = KnownFailures.read(knownPath);
    List<EvalOutcome> failing = all.stream().filter(o -> o.status() == EvalOutcome.Status.FAIL).toList();
    if (Boolean.getBoolean(updateProperty)) {
      KnownFailures.write(knownPath, listHeader, failing, known);
      System.out.println("rewrote " + knownPath + " with " + failing.size() + " entries");
      System.out.println(totals.overall());
      return;
    }
    List<String> unexpected = new ArrayList<>();
    for (EvalOutcome o : failing) {
      if (!known.containsKey(o.key())) {
        unexpected.add(o.key() + " " + o.query() + "\n      " + o.failure().reason() + ": " + o.failure().detail());
      }
    }
    Map<String, EvalOutcome> byKey = new LinkedHashMap<>();
    all.forEach(o -> byKey.put(o.key(), o));
    List<String> fixed = new ArrayList<>();
    for (String k : known.keySet()) {
      EvalOutcome o = byKey.get(k);
      if (o == null) fixed.add(k + " (no such eval)");
      else if (o.status() != EvalOutcome.Status.FAIL) fixed.add(k + " " + o.query() + " (now " + o.status() + ")");
    }
    System.out.println(totals.overall());
    if (!unexpected.isEmpty() || !fixed.isEmpty()) {
      StringBuilder b = new StringBuilder();
      if (!unexpected.isEmpty()) {
        b.append(unexpected.size()).append(" eval(s) fail that are not in ").append(listFile).append(":\n");
        unexpected.stream().limit(40).forEach(u -> b.append("  ").append(u).append('\n'));
        if (unexpected.size() > 40) b.append("  ... (all in ").append(report).append(")\n");
      }
      if (!fixed.isEmpty()) {
        b.append(fixed.size()).append(" listed eval(s) no longer fail: delete them from ").append(listFile)
            .append(":\n");
        fixed.stream().limit(40).forEach(u -> b.append("  ").append(u).append('\n'));
      }
      b.append("(or regenerate the list with -D").append(updateProperty).append("=true)");
      fail(b.toString());
    }
  }

  /** Pass/fail/skip counts. */
  record Totals(int passed, int failed, int skipped) {
    static Totals of(List<EvalOutcome> outcomes) {
      int p = 0, f = 0, s = 0;
      for (EvalOutcome o : outcomes) {
        switch (o.status()) {
          case PASS: p++; break;
          case FAIL: f++; break;
          default: s++;
        }
      }
      return new Totals(p, f, s);
    }

    String perFile() {
      return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }

    String overall() {
      return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }
  }

  private static void writeReport(Path report, Path dir, Map<String, List<EvalOutcome>> byFile, Totals totals,
      long millis) throws IOException {
    StringWriter sw = new StringWriter();
    PrintWriter w = new PrintWriter(sw);
    w.println("PromQL conformance report");
    w.println("scripts: " + dir);
    w.println("time: " + millis + " ms");
    w.println();
    byFile.forEach((f, o) -> w.println(f + ": " + Totals.of(o).perFile()));
    w.println(totals.overall());
    w.println();

    Map<String, Integer> byReason = new TreeMap<>();
    Map<String, Integer> byCategory = new TreeMap<>();
    for (List<EvalOutcome> l : byFile.values()) {
      for (EvalOutcome o : l) {
        if (o.status() != EvalOutcome.Status.FAIL) continue;
        byReason.merge(o.failure().reason(), 1, Integer::sum);
        byCategory.merge(o.failure().category().text, 1, Integer::sum);
      }
    }
    w.println("Failures by category:");
    byCategory.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> w.printf("  %5d  %s%n", e.getValue(), e.getKey()));
    w.println();
    w.println("Failures by reason:");
    byReason.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> w.printf("  %5d  %s%n", e.getValue(), e.getKey()));
    w.println();
    w.println("Failing evals (file:line query, then the first reason):");
    for (List<EvalOutcome> l : byFile.values()) {
      for (EvalOutcome o : l) {
        if (o.status() != EvalOutcome.Status.FAIL) continue;
        w.println(o.key() + " " + o.query());
        w.println("    " + o.failure().reason() + ": " + o.failure().detail());
      }
    }
    w.println();
    w.println("Skipped evals:");
    for (List<EvalOutcome> l : byFile.values()) {
      for (EvalOutcome o : l) {
        if (o.status() == EvalOutcome.Status.SKIP) w.println(o.key() + " " + o.query() + "  (" + o.skipReason() + ")");
      }
    }
    w.flush();
    Files.createDirectories(report.getParent());
    Files.writeString(report, sw.toString(), StandardCharsets.UTF_8);
  }
}

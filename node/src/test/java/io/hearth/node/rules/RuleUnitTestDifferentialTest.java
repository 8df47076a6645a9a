package io.hearth.node.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.cli.RulesCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code hearth rules test} against Debian's {@code promtool test rules} (2.42) on the unit-test
 * files of {@code src/test/resources/rules-unit/}: passing files (alerts through pending and firing
 * with {@code for}, templates with {@code query}, external labels and URL, recording rules read by
 * later groups, {@code group_eval_order}, {@code _}, {@code stale} and {@code _xN} in input series)
 * and failing ones (wrong alert labels and annotations, wrong and missing samples, a query that does
 * not parse, a rule that fails to evaluate, unknown fields, a missing alertname, a repeated group in
 * the evaluation order, a rule file pattern that matches nothing): the same standard output, standard
 * error and exit status, file by file and all files in one run.
 */
class RuleUnitTestDifferentialTest {
  static final Path PROMTOOL = RuleCheckDifferentialTest.PROMTOOL;
  static final Path DIR = Path.of("src/test/resources/rules-unit").toAbsolutePath();

  static List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      // Rule files are named *rules.yml; everything else is a unit-test file.
      return files.filter(f -> !f.getFileName().toString().endsWith("rules.yml")).sorted().toList();
    }
  }

  private static RuleCheckDifferentialTest.Run promtool(List<Path> files) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    for (Path f : files) args.add(f.toString());
    return RuleCheckDifferentialTest.promtoolRun(args);
  }

  /** Files whose failure text differs on purpose (COMPATIBILITY.md): verdict, streams' first lines and exit status compared. */
  static final java.util.Set<String> OWN_WORDING = java.util.Set.of("bad-series.yml");

  private static void compare(List<Path> files) throws IOException, InterruptedException {
    RuleCheckDifferentialTest.Run want = promtool(files);
    RuleCheck.Outcome got = RuleUnitTest.run(files, RulesCommand::inMemoryHead);
    if (files.size() == 1 && OWN_WORDING.contains(files.get(0).getFileName().toString())) {
      assertEquals(want.out(), got.stdout(), "standard output for " + files);
      assertEquals(want.err().split("\n")[0], got.stderr().split("\n")[0], "verdict for " + files);
      assertEquals(want.code(), got.exitCode(), "exit status for " + files);
      return;
    }
    assertEquals(want.out(), got.stdout(), "standard output for " + files);
    assertEquals(want.err(), got.stderr(), "standard error for " + files);
    assertEquals(want.code(), got.exitCode(), "exit status for " + files);
  }

  @Test
  @Timeout(180)
  void eachUnitTestFileGivesPromtoolsVerdictWordsAndExitStatus() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed (apt-get install prometheus)");
    List<Path> files = testFiles();
    assertTrue(files.size() >= 9, "the unit-test files: " + files);
    for (Path f : files) compare(List.of(f));
    compare(files.stream().filter(f -> !OWN_WORDING.contains(f.getFileName().toString())).toList());
  }

  @Test
  @Timeout(60)
  void passingFileSucceedsAndFailingFileFailsWithExitOne() throws Exception {
    RuleCheck.Outcome ok = RuleUnitTest.run(List.of(DIR.resolve("passing.yml")), RulesCommand::inMemoryHead);
    assertEquals("Unit Testing:  " + DIR.resolve("passing.yml") + "\n  SUCCESS\n\n", ok.stdout());
    assertEquals(0, ok.exitCode(), ok.stderr());
    RuleCheck.Outcome bad = RuleUnitTest.run(List.of(DIR.resolve("failing.yml")), RulesCommand::inMemoryHead);
    assertEquals(1, bad.exitCode());
    assertTrue(bad.stderr().startsWith("  FAILED:\n    name: wrong expectations,\n    alertname: HighErrors, time: 5m, \n"), bad.stderr());
  }
}

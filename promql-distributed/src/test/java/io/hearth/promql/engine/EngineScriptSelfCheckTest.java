package io.hearth.promql.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs upstream promqltest scripts from {@code shared/promql-tests} beside the repository through {@link
 * ScriptRunner} and reports the pass rate; asserts only that the float-only core scripts mostly
 * pass (the conformance runner is the real gate).
 */
class EngineScriptSelfCheckTest {
  static ScriptRunner runFile(String name) throws Exception {
    Path p = io.hearth.promql.promqltest.PromqlConformanceTest.requireTestdata().resolve(name);
    assertTrue(Files.exists(p), "missing upstream script " + p);
    ScriptRunner r = ScriptRunner.run(p);
    System.out.println(name + ": passed " + r.passed + ", failed " + r.failed);
    return r;
  }

  @Test
  void staleAndSelectorScriptsPass() throws Exception {
    for (String f : new String[] {"staleness.test", "selectors.test", "literals.test"}) {
      ScriptRunner r = runFile(f);
      r.failures.forEach(x -> System.out.println("  " + x));
      assertTrue(r.passed > r.failed * 2, f + " mostly passes");
    }
  }
}

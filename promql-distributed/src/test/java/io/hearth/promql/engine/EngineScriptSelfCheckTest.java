package io.hearth.promql.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Runs upstream promqltest scripts from {@code /work/shared/promql-tests} through {@link
 * ScriptRunner} and reports the pass rate; asserts only that the float-only core scripts mostly
 * pass (the conformance runner is the real gate).
 */
class EngineScriptSelfCheckTest {
  static final Path DIR = Paths.get("/work/shared/promql-tests/testdata");

  static ScriptRunner runFile(String name) throws Exception {
    Path p = DIR.resolve(name);
    if (!Files.exists(p)) {
      return null;
    }
    ScriptRunner r = ScriptRunner.run(p);
    System.out.println(name + ": passed " + r.passed + ", failed " + r.failed);
    return r;
  }

  @Test
  void staleAndSelectorScriptsPass() throws Exception {
    for (String f : new String[] {"staleness.test", "selectors.test", "literals.test"}) {
      ScriptRunner r = runFile(f);
      if (r != null) {
        r.failures.forEach(x -> System.out.println("  " + x));
        assertTrue(r.passed > r.failed * 2, f + " mostly passes");
      }
    }
  }
}

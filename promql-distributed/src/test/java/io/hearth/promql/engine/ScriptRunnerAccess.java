package io.hearth.promql.engine;

import java.nio.file.Paths;

/** Command-line access to {@link ScriptRunner} for manual self-checks. */
public final class ScriptRunnerAccess {
  private ScriptRunnerAccess() {}

  public static void run(String file) throws Exception {
    ScriptRunner r = ScriptRunner.run(Paths.get(file));
    System.out.println(file + ": passed " + r.passed + ", failed " + r.failed);
    int max = Integer.getInteger("maxFailures", 15);
    for (int i = 0; i < Math.min(max, r.failures.size()); i++) {
      System.out.println("  " + r.failures.get(i));
    }
  }
}

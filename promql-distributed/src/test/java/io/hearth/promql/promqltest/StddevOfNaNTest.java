package io.hearth.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code stddev} and {@code stdvar} over a group whose samples at a step include NaN answer NaN, as
 * Prometheus does (the upstream scripts do not cover it).
 */
class StddevOfNaNTest {
  @Test
  void stddevAndStdvarOfANaNAreNaN() {
    String script = String.join("\n",
        "load 1m",
        "  x{a=\"1\"} NaN",
        "  y{a=\"1\"} NaN",
        "  y{a=\"2\"} 1",
        "",
        "eval instant at 0m stddev(x)",
        "  {} NaN",
        "",
        "eval instant at 0m stdvar(x)",
        "  {} NaN",
        "",
        "eval instant at 0m stddev(y)",
        "  {} NaN",
        "",
        "eval instant at 0m stdvar(y)",
        "  {} NaN",
        "");
    List<String> verdicts = new ArrayList<>();
    try (ScriptRunner r = new ScriptRunner(PromqlConformanceTest.newEngine(), 10_000)) {
      for (EvalOutcome o : r.run("stddev-nan.test", script)) {
        verdicts.add(o.status() == EvalOutcome.Status.FAIL ? o.failure().toString() : o.status().name());
      }
    }
    assertEquals(List.of("PASS", "PASS", "PASS", "PASS"), verdicts);
  }
}

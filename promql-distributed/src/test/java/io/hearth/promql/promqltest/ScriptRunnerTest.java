package io.hearth.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.engine.QueryEngine;
import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.sharding.api.Queryable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner must be strict: each script below holds one eval per line of the table, and the
 * outcomes must be exactly as listed (wrong expectations fail, right ones pass).
 */
class ScriptRunnerTest {
  private static List<EvalOutcome> run(QueryEngine engine, String script) {
    try (ScriptRunner r = new ScriptRunner(engine, 10_000)) {
      return r.run("test.test", script);
    }
  }

  private static List<EvalOutcome> run(String script) {
    return run(PromqlConformanceTest.newEngine(), script);
  }

  /** "PASS" or the failure's short reason, per eval. */
  private static List<String> verdicts(List<EvalOutcome> outcomes) {
    List<String> out = new ArrayList<>();
    for (EvalOutcome o : outcomes) out.add(o.status() == EvalOutcome.Status.FAIL ? o.failure().reason() : o.status().name());
    return out;
  }

  private static final String DATA = String.join("\n",
      "load 1m",
      "  m{a=\"1\"} 1 2 3",
      "  m{a=\"2\"} 10 20 30",
      "  h {{schema:0 count:4 sum:4 buckets:[1 2 1]}}+{{schema:0 count:4 sum:4 buckets:[1 2 1]}}x2",
      "", "");

  @Test
  void instantEvalsCompareSeriesValuesAndKinds() {
    String script = DATA + String.join("\n",
        "eval instant at 1m m",
        "  m{a=\"1\"} 2",
        "  m{a=\"2\"} 20",
        "",
        "eval instant at 1m m",
        "  m{a=\"1\"} 3",
        "  m{a=\"2\"} 20",
        "",
        "eval instant at 1m m",
        "  m{a=\"1\"} 2",
        "",
        "eval instant at 1m m{a=\"1\"}",
        "  m{a=\"1\"} 2",
        "  m{a=\"3\"} 2",
        "",
        "eval instant at 1m m{a=\"1\"}",
        "  {a=\"1\"} 2",
        "",
        "eval instant at 1m m{a=\"9\"}",
        "",
        "eval instant at 1m h",
        "  h {{schema:0 count:8 sum:8 buckets:[2 4 2]}}",
        "",
        "eval instant at 1m h",
        "  h {{schema:0 count:8 sum:8 buckets:[2 4 3]}}",
        "",
        "eval instant at 1m h",
        "  h 8",
        "",
        "eval instant at 1m h",
        "  h {{schema:0 count:8 sum:8 buckets:[2 4 2] counter_reset_hint:gauge}}",
        "",
        "eval instant at 1m 1 + 1",
        "  2",
        "",
        "eval instant at 1m 1 + 1",
        "  3",
        "",
        "eval instant at 1m sum(m) + 0.000000001",
        "  {} 22",
        "");
    assertEquals(List.of("PASS", "wrong value", "unexpected series", "missing series", "unexpected series", "PASS",
        "PASS", "wrong histogram", "float/histogram mismatch", "wrong histogram", "PASS", "wrong value", "PASS"),
        verdicts(run(script)));
  }

  @Test
  void rangeEvalsCompareEveryPoint() {
    String script = DATA + String.join("\n",
        "eval range from 0 to 2m step 1m m{a=\"1\"}",
        "  m{a=\"1\"} 1 2 3",
        "",
        "eval range from 0 to 2m step 1m m{a=\"1\"}",
        "  m{a=\"1\"} 1 _ 3",
        "",
        "eval range from 0 to 2m step 1m m{a=\"1\"}",
        "  m{a=\"1\"} 1 2 3 4",
        "",
        "eval range from 0 to 2m step 1m m{a=\"1\"}",
        "  m{a=\"1\"} 1 2 4",
        "",
        "eval range from 0 to 5m step 1m m{a=\"1\"}",
        "  m{a=\"1\"} 1 2 3 3 3 3",
        "",
        "eval range from 0 to 10m step 1m m{a=\"1\"}",
        "  m{a=\"1\"} 1 2 3 3 3 3 3 _ _ _ _", // lookback is left-open: at 7m the 2m sample is gone
        "");
    assertEquals(List.of("PASS", "wrong points", "wrong points", "wrong value", "PASS", "PASS"), verdicts(run(script)));
  }

  @Test
  void errorsAndAnnotationsAreChecked() {
    String script = DATA + String.join("\n",
        "eval instant at 1m m{a=\"1\"}",
        "  expect warn",
        "  m{a=\"1\"} 2",
        "",
        "eval instant at 1m m{a=\"1\"}",
        "  expect no_warn",
        "  expect no_info",
        "  m{a=\"1\"} 2",
        "",
        "eval instant at 1m m{a=\"1\"}",
        "  expect fail",
        "",
        "eval instant at 1m label_replace(m, \"a\", \"x\", \"\", \"\")",
        "  expect fail msg: vector cannot contain metrics with the same labelset",
        "",
        "eval instant at 1m label_replace(m, \"a\", \"x\", \"\", \"\")",
        "  expect fail msg: something else",
        "",
        "eval instant at 1m label_replace(m, \"a\", \"x\", \"\", \"\")",
        "  expect fail regex: same label.et",
        "",
        "eval instant at 1m label_replace(m, \"a\", \"x\", \"\", \"\")",
        "",
        "eval instant at 1m rate(m[5m]) * 0",
        "  expect info msg: PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"m\" (1:6)",
        "  {a=\"1\"} 0",
        "  {a=\"2\"} 0",
        "",
        "eval instant at 1m rate(m[5m]) * 0",
        "  expect no_info",
        "  {a=\"1\"} 0",
        "  {a=\"2\"} 0",
        "");
    assertEquals(List.of("missing annotation", "PASS", "missing error", "PASS", "wrong error message", "PASS",
        "unexpected error", "PASS", "unexpected annotation"), verdicts(run(script)));
  }

  @Test
  void orderedAndStringAndRangeVectorExpectations() {
    String script = DATA + String.join("\n",
        "eval instant at 1m sort_desc(m)",
        "  expect ordered",
        "  m{a=\"2\"} 20",
        "  m{a=\"1\"} 2",
        "",
        "eval instant at 1m sort(m)",
        "  expect ordered",
        "  m{a=\"2\"} 20",
        "  m{a=\"1\"} 2",
        "",
        "eval instant at 1m \"x\"",
        "  expect string \"x\"",
        "",
        "eval instant at 1m \"x\"",
        "  expect string \"y\"",
        "",
        "eval instant at 2m m{a=\"1\"}[2m]",
        "  expect range vector from 1m to 2m step 1m",
        "  m{a=\"1\"} 2 3",
        "",
        "eval instant at 2m m{a=\"1\"}[2m]",
        "  m{a=\"1\"} 2",
        "");
    assertEquals(List.of("PASS", "wrong order", "PASS", "wrong string", "PASS", "wrong points"), verdicts(run(script)));
  }

  @Test
  void extraEvaluationsCatchEnginesThatDependOnTheEvalTime() {
    // An engine that answers range queries one step off: the range-mode check must catch it.
    QueryEngine real = PromqlConformanceTest.newEngine();
    QueryEngine shifted = new QueryEngine() {
      @Override
      public QueryResult instantQuery(Queryable storage, String query, long timeMs) {
        return real.instantQuery(storage, query, timeMs);
      }

      @Override
      public QueryResult rangeQuery(Queryable storage, String query, long start, long end, long step) {
        QueryResult r = real.rangeQuery(storage, query, start, end, step);
        List<RangeSeries> out = new ArrayList<>();
        for (RangeSeries s : ((Matrix) r.value()).series()) {
          double[] v = s.floatV.clone();
          for (int i = 0; i < s.floatCount; i++) v[i] += 1;
          out.add(RangeSeries.ofFloats(s.labels, s.floatT, v, s.floatCount));
        }
        return new QueryResult(new Matrix(out), r.warnings(), r.infos(), r.stats());
      }
    };
    String script = DATA + String.join("\n",
        "eval instant at 1m m{a=\"1\"}",
        "  m{a=\"1\"} 2",
        "",
        "eval instant at 1m sort(m)",
        "  expect ordered",
        "  m{a=\"1\"} 2",
        "  m{a=\"2\"} 20",
        "");
    List<EvalOutcome> o = run(shifted, script);
    assertEquals(List.of("wrong value (range mode)", "PASS"), verdicts(o));

    // An engine that ignores @: the rewritten query evaluated at other times must catch it.
    QueryEngine ignoresAt = new QueryEngine() {
      @Override
      public QueryResult instantQuery(Queryable storage, String query, long timeMs) {
        return real.instantQuery(storage, query.replaceAll(" @ [0-9.]+", ""), timeMs);
      }

      @Override
      public QueryResult rangeQuery(Queryable storage, String query, long start, long end, long step) {
        return real.rangeQuery(storage, query.replaceAll(" @ [0-9.]+", ""), start, end, step);
      }
    };
    o = run(ignoresAt, script);
    assertTrue(o.get(0).failure().reason().endsWith("(@-rewrite)"), o.get(0).failure().reason());
    assertTrue(o.get(0).failure().detail().contains("m{a=\"1\"} @ 60.000"), o.get(0).failure().detail());
  }

  @Test
  void nhcbLoadsStoreCustomBucketHistograms() {
    String script = String.join("\n",
        "load_with_nhcb 1m",
        "  req_bucket{le=\"0.1\"} 1 2",
        "  req_bucket{le=\"1\"} 3 5",
        "  req_bucket{le=\"+Inf\"} 4 7",
        "  req_count 4 7",
        "  req_sum 2 3.5",
        "",
        "eval instant at 1m req",
        "  req {{schema:-53 count:7 sum:3.5 custom_values:[0.1 1] buckets:[2 3 2]}}",
        "",
        "eval instant at 1m req_bucket{le=\"1\"}",
        "  req_bucket{le=\"1\"} 5",
        "");
    assertEquals(List.of("PASS", "PASS"), verdicts(run(script)));
  }

  @Test
  void scriptErrorsAndFailedLoadsAbortTheFile() {
    List<EvalOutcome> o = run("load 1m\n  m 1 2\n\neval instant at 1m m\n  m 2\n\nbogus\n\neval instant at 1m m\n  m 2\n");
    assertEquals(List.of("file aborted: script error", "file aborted: script error"), verdicts(o));
    o = run("load 1m\n  m 1 2\n\neval instant at 1m m\n  m 2\n\nload 1m\n  m 5\n\neval instant at 1m m\n  m 2\n");
    assertEquals(List.of("PASS", "file aborted: load failed"), verdicts(o));
    assertTrue(o.get(1).failure().detail().contains("OUT_OF_ORDER"), o.get(1).failure().detail());
    o = run("load 1m\n  m@st 0 0\n  m 1 2\n\neval instant at 1m m\n  m 2\n");
    assertEquals(EvalOutcome.Status.SKIP, o.get(0).status());
    assertNull(o.get(0).failure());
  }
}

package io.hearth.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine behaviour by node kind, against {@link TestStorage}. */
class EngineTest {
  private static final long M = 60_000L;
  private final Engine engine = new Engine(EngineOptions.defaults());

  private static TestStorage counters() {
    TestStorage s = new TestStorage();
    for (int i = 0; i <= 10; i++) {
      s.add(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "0"), i * 5 * M, i * 10);
      s.add(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "1"), i * 5 * M, i * 20);
      s.add(Labels.of("__name__", "http_requests_total", "job", "db", "instance", "0"), i * 5 * M, i * 30);
    }
    return s;
  }

  private List<Sample> instant(TestStorage s, String q, long t) {
    return ((Vector) engine.instantQuery(s, q, t).value()).samples();
  }

  private static double value(List<Sample> v, Labels l) {
    for (Sample s : v) {
      if (s.labels().equals(l)) {
        return s.f();
      }
    }
    throw new AssertionError("no sample " + l + " in " + v);
  }

  @Test
  void instantSelectorUsesLookbackDelta() {
    TestStorage s = new TestStorage().add(Labels.of("__name__", "x"), 0, 1);
    assertEquals(1, instant(s, "x", 5 * M - 1).size());
    assertEquals(0, instant(s, "x", 5 * M).size(), "a sample exactly lookback-delta old is out of reach");
  }

  @Test
  void staleMarkerEndsLookback() {
    TestStorage s = new TestStorage().add(Labels.of("__name__", "x"), 0, 1).stale(Labels.of("__name__", "x"), M);
    assertEquals(1, instant(s, "x", 30_000).size());
    assertEquals(0, instant(s, "x", 2 * M).size());
  }

  @Test
  void rangeSelectorIsLeftOpen() {
    TestStorage s = new TestStorage();
    for (int i = 0; i <= 4; i++) {
      s.add(Labels.of("__name__", "x"), i * M, i);
    }
    Matrix m = (Matrix) engine.instantQuery(s, "x[2m]", 4 * M).value();
    assertEquals(2, m.series().get(0).floatCount, "(2m, 4m] holds the samples at 3m and 4m");
  }

  @Test
  void rateExtrapolatesToWindowBoundaries() {
    List<Sample> v = instant(counters(), "rate(http_requests_total[25m])", 50 * M);
    assertEquals(10.0 / 300, value(v, Labels.of("job", "api", "instance", "0")), 1e-12);
  }

  @Test
  void rateOfNonCounterNameAddsInfoAnnotation() {
    TestStorage s = new TestStorage();
    for (int i = 0; i <= 4; i++) {
      s.add(Labels.of("__name__", "foo"), i * M, i);
    }
    QueryResult r = engine.instantQuery(s, "rate(foo[5m])", 4 * M);
    assertEquals(List.of("PromQL info: metric might not be a counter, name does not end in "
        + "_total/_sum/_count/_bucket: \"foo\" (1:6)"), r.infos());
  }

  @Test
  void offsetAndAtModifierShiftEvaluationTime() {
    TestStorage s = counters();
    Labels api0 = Labels.of("__name__", "http_requests_total", "job", "api", "instance", "0");
    assertEquals(80, value(instant(s, "http_requests_total offset 10m", 50 * M), api0));
    assertEquals(20, value(instant(s, "http_requests_total @ 600", 50 * M), api0));
    Matrix m = (Matrix) engine.rangeQuery(s, "http_requests_total{instance=\"0\",job=\"api\"} @ end()", 0, 10 * M, 5 * M)
        .value();
    RangeSeries r = m.series().get(0);
    assertEquals(3, r.floatCount);
    assertEquals(20, r.floatV[0]);
  }

  @Test
  void sumByGroupsAndDropsName() {
    List<Sample> v = instant(counters(), "sum by (job) (http_requests_total)", 50 * M);
    assertEquals(300, value(v, Labels.of("job", "api")));
    assertEquals(300, value(v, Labels.of("job", "db")));
  }

  @Test
  void stddevAndStdvarOfAGroupWhoseOnlySampleIsNaNAreNaNAtThatStepOnly() {
    TestStorage s = new TestStorage();
    Labels a1 = Labels.of("__name__", "x", "a", "1");
    s.add(a1, 0, Double.NaN).add(a1, M, 2).add(a1, 2 * M, 2);
    s.add(Labels.of("__name__", "x", "a", "2"), 2 * M, 4);
    for (String op : List.of("stddev", "stdvar")) {
      RangeSeries r = ((Matrix) engine.rangeQuery(s, op + "(x)", 0, 2 * M, M).value()).series().get(0);
      assertEquals(3, r.floatCount, op);
      assertTrue(Double.isNaN(r.floatV[0]), op + " of only NaN at the first step: " + r.floatV[0]);
      assertEquals(0, r.floatV[1], op + " of one finite sample: the NaN of the step before is not carried");
      assertEquals(1, r.floatV[2], op + " of 2 and 4");
    }
    assertTrue(Double.isNaN(instant(s, "stddev(x)", 0).get(0).f()));
    assertTrue(Double.isNaN(instant(s, "stdvar(x)", 0).get(0).f()));
  }

  @Test
  void vectorMatchingRequiresGroupModifierForManyToOne() {
    PromQLException e = assertThrows(PromQLException.class, () -> instant(counters(),
        "http_requests_total / on(job) group_left sum by (job) (http_requests_total) + on(instance) http_requests_total",
        50 * M));
    assertEquals(PromQLException.ErrorType.EXECUTION, e.errorType());
    assertTrue(e.getMessage().startsWith("found duplicate series for the match group"), e.getMessage());
  }

  @Test
  void groupLeftDividesEachSeriesByItsGroup() {
    List<Sample> v = instant(counters(), "http_requests_total / on(job) group_left sum by (job) (http_requests_total)",
        50 * M);
    assertEquals(100.0 / 300, value(v, Labels.of("job", "api", "instance", "0")), 1e-12);
  }

  @Test
  void arithmeticDropsNameButComparisonKeepsIt() {
    TestStorage s = counters();
    assertEquals(Labels.of("job", "db", "instance", "0"),
        instant(s, "http_requests_total{job=\"db\"} * 2", 50 * M).get(0).labels());
    assertEquals("http_requests_total", instant(s, "http_requests_total{job=\"db\"} > 2", 50 * M).get(0)
        .labels().metricName());
  }

  @Test
  void duplicateLabelsetAfterNameRemovalFails() {
    TestStorage s = new TestStorage().add(Labels.of("__name__", "a", "x", "1"), 0, 1)
        .add(Labels.of("__name__", "b", "x", "1"), 0, 2);
    PromQLException e = assertThrows(PromQLException.class, () -> instant(s, "{x=\"1\"} * 2", 0));
    assertEquals("vector cannot contain metrics with the same labelset", e.getMessage());
  }

  @Test
  void subqueryStepsAlignToAbsoluteMultiples() {
    TestStorage s = new TestStorage();
    for (int i = 0; i <= 20; i++) {
      s.add(Labels.of("__name__", "x"), i * M, i);
    }
    Matrix m = (Matrix) engine.instantQuery(s, "x[5m:2m]", 10 * M + 30_000).value();
    RangeSeries r = m.series().get(0);
    assertEquals(6 * M, r.floatT[0]);
    assertEquals(10 * M, r.floatT[r.floatCount - 1]);
  }

  @Test
  void scalarQueryReturnsScalar() {
    Scalar v = (Scalar) engine.instantQuery(new TestStorage(), "1 + 2 * 3", 0).value();
    assertEquals(7, v.v());
  }

  @Test
  void absentDerivesLabelsFromEqualityMatchers() {
    List<Sample> v = instant(new TestStorage(), "absent(nope{job=\"a\", x=~\"y\"})", 0);
    assertEquals(Labels.of("job", "a"), v.get(0).labels());
  }

  @Test
  void sortOrdersInstantResults() {
    List<Sample> v = instant(counters(), "sort_desc(http_requests_total)", 50 * M);
    assertEquals(300, v.get(0).f());
    assertEquals(100, v.get(2).f());
  }

  @Test
  void tooManySamplesFailsWithPrometheusText() {
    Engine small = new Engine(new EngineOptions(5 * M, 5, 10_000));
    PromQLException e = assertThrows(PromQLException.class,
        () -> small.rangeQuery(counters(), "http_requests_total", 0, 50 * M, 5 * M));
    assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
    assertEquals(PromQLException.ErrorType.EXECUTION, e.errorType());
  }

  @Test
  void rangeQueryRejectsRangeVectorExpressions() {
    PromQLException e = assertThrows(PromQLException.class,
        () -> engine.rangeQuery(counters(), "http_requests_total[5m]", 0, M, M));
    assertEquals(PromQLException.ErrorType.BAD_DATA, e.errorType());
  }

  @Test
  void labelReplaceRewritesAndValidates() {
    List<Sample> v = instant(counters(),
        "label_replace(http_requests_total{job=\"db\"}, \"svc\", \"$1-x\", \"job\", \"(.*)\")", 50 * M);
    assertEquals("db-x", v.get(0).labels().get("svc"));
    PromQLException e = assertThrows(PromQLException.class,
        () -> instant(counters(), "label_replace(http_requests_total, \"a\", \"\", \"b\", \"(\")", 0));
    assertEquals("invalid regular expression in label_replace(): (", e.getMessage());
  }

  @Test
  void topkKeepsInputLabels() {
    List<Sample> v = instant(counters(), "topk(1, http_requests_total)", 50 * M);
    assertEquals(1, v.size());
    assertEquals("db", v.get(0).labels().get("job"));
  }

  @Test
  void histogramQuantileFixesMonotonicityAndSaysSo() {
    TestStorage s = new TestStorage();
    s.add(Labels.of("__name__", "h_bucket", "le", "1"), 0, 10);
    s.add(Labels.of("__name__", "h_bucket", "le", "2"), 0, 5);
    s.add(Labels.of("__name__", "h_bucket", "le", "+Inf"), 0, 20);
    QueryResult r = engine.instantQuery(s, "histogram_quantile(0.5, h_bucket)", 0);
    assertEquals(1, ((Vector) r.value()).samples().get(0).f(), 1e-12);
    assertTrue(r.infos().get(0).startsWith("PromQL info: input to histogram_quantile needed to be fixed for "
        + "monotonicity"), r.infos().toString());
  }
}

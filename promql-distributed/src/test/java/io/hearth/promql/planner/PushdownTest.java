package io.hearth.promql.planner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.parser.Parser;
import org.junit.jupiter.api.Test;

/** Which aggregations run as shard fragments: mergeable operators over shard-local expressions only. */
class PushdownTest {
  private static boolean pushable(String q) {
    return Pushdown.pushable((AggregateExpr) Parser.parseExpr(q));
  }

  @Test
  void mergeableOperatorsOverPerSeriesExpressionsArePushed() {
    assertTrue(pushable("sum by (job) (rate(x[5m]))"));
    assertTrue(pushable("avg without (i) (-(x * 2))"));
    assertTrue(pushable("count(x > bool 3)"));
    assertTrue(pushable("topk by (job) (3, quantile_over_time(0.5, x[5m]))"));
    assertTrue(pushable("count_values(\"v\", round(x, 0.5))"));
    assertTrue(pushable("max(histogram_fraction(0, 1, h offset 5m))"));
  }

  @Test
  void operatorsThatNeedAllSeriesAreNotPushed() {
    assertFalse(pushable("stddev(x)"));
    assertFalse(pushable("quantile(0.9, x)"));
    assertFalse(pushable("limitk(2, x)"));
    assertFalse(pushable("topk(scalar(y), x)"));
  }

  @Test
  void expressionsSpanningSeriesOrTimeModifiersAreNotPushed() {
    assertFalse(pushable("sum(x @ 100)"));
    assertFalse(pushable("sum(rate(x[5m] @ 100))"));
    assertFalse(pushable("sum(max_over_time(x[5m:1m]))"));
    assertFalse(pushable("sum(x / y)"));
    assertFalse(pushable("sum(sum by (job) (x))"));
    assertFalse(pushable("sum(absent_over_time(x[5m]))"));
    assertFalse(pushable("sum(label_replace(x, \"a\", \"b\", \"c\", \"d\"))"));
    assertFalse(pushable("sum(x * scalar(y))"));
  }
}

package io.hearth.promql.engine;

import io.hearth.promql.ast.DurationExpr;

/**
 * Durations of ranges, offsets and steps in milliseconds. Literals are exact (a written {@code
 * 1001ms} is 1001 ms, as Prometheus keeps literal durations as integers); arithmetic is evaluated
 * by the AST with the query's step and range.
 */
final class DurationValues {
  private DurationValues() {}

  static long millis(DurationExpr d, QueryContext ctx, boolean allowNonPositive) {
    if (d == null) {
      return 0;
    }
    if (d.isLiteral()) {
      double s = d.seconds(ctx.queryStep, ctx.durationRange());
      long ms = Math.round(s * 1000);
      if (ms <= 0 && !allowNonPositive) {
        return d.millis(ctx.queryStep, ctx.durationRange(), false);
      }
      return ms;
    }
    return d.millis(ctx.queryStep, ctx.durationRange(), allowNonPositive);
  }
}

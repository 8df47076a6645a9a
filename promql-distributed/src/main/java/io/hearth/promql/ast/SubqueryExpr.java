package io.hearth.promql.ast;

/**
 * A subquery {@code expr[range:step]}.
 *
 * @param step the resolution, or null for the engine's default step ({@code [1h:]})
 * @param offset the offset as written, or null
 * @param at the {@code @} modifier, or null
 */
public record SubqueryExpr(
    Expr expr, DurationExpr range, DurationExpr step, DurationExpr offset, AtModifier at, PosRange posRange)
    implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  public long rangeMillis(long stepMs, long queryRangeMs) {
    return range.millis(stepMs, queryRangeMs, false);
  }

  /** The step in milliseconds, or 0 when the default applies. */
  public long stepMillis(long stepMs, long queryRangeMs) {
    if (step == null) {
      return 0;
    }
    if (step.isLiteral()) {
      return step.millis(stepMs, queryRangeMs, true);
    }
    return step.millis(stepMs, queryRangeMs, false);
  }

  public long offsetMillis(long stepMs, long queryRangeMs) {
    return offset == null ? 0 : offset.millis(stepMs, queryRangeMs, true);
  }

  public SubqueryExpr withOffset(DurationExpr o) {
    return new SubqueryExpr(expr, range, step, o, at, posRange);
  }

  public SubqueryExpr withAt(AtModifier a) {
    return new SubqueryExpr(expr, range, step, offset, a, posRange);
  }

  public SubqueryExpr withPosRange(PosRange p) {
    return new SubqueryExpr(expr, range, step, offset, at, p);
  }

  /** The text after the inner expression: {@code [range:step] @ t offset o}. */
  public String suffixString() {
    StringBuilder b = new StringBuilder("[").append(Printing.durationText(range)).append(':');
    if (step != null && !(step.isLiteral() && step.seconds(0, 0) * 1000 == 0)) {
      b.append(Printing.durationText(step));
    }
    b.append(']');
    if (at != null) {
      b.append(at);
    }
    b.append(Printing.offset(offset));
    return b.toString();
  }

  @Override
  public String toString() {
    return expr + suffixString();
  }
}

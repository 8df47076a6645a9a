package io.hearth.promql.ast;

/**
 * A range vector selector {@code selector[range]}. The {@code @}, offset, {@code anchored} and
 * {@code smoothed} modifiers live on {@link #selector()} even when written after the range.
 */
public record MatrixSelector(VectorSelector selector, DurationExpr range, PosRange posRange) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  /** The range in milliseconds; see {@link DurationExpr#millis}. */
  public long rangeMillis(long stepMs, long queryRangeMs) {
    return range.millis(stepMs, queryRangeMs, false);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(selector.selectorString());
    b.append('[').append(Printing.durationText(range)).append(']');
    if (selector.anchored()) {
      b.append(" anchored");
    } else if (selector.smoothed()) {
      b.append(" smoothed");
    }
    if (selector.at() != null) {
      b.append(selector.at());
    }
    b.append(Printing.offset(selector.offset()));
    return b.toString();
  }
}

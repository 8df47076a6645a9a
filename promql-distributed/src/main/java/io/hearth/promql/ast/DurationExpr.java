package io.hearth.promql.ast;

import io.hearth.promql.engine.PromQLException;

/**
 * A duration written in a range, a subquery step or an offset: a plain literal ({@code 5m},
 * {@code 300}) or, in Prometheus 3.x, arithmetic over literals, {@code step()}, {@code range()},
 * {@code min_of(a, b)} and {@code max_of(a, b)} (e.g. {@code [26m+4m]}, {@code offset -step()*2}).
 *
 * <p>Values are in seconds, as in Prometheus. The engine evaluates an expression once per query
 * with {@link #millis}, given the query step and range ({@code end - start}, 0 for instant
 * queries). Immutable.
 */
public sealed interface DurationExpr {
  PosRange posRange();

  /** The value in seconds for a query with this step and range (both in milliseconds). */
  double seconds(long stepMs, long rangeMs);

  /** Whether this is a plain literal, whose value does not depend on the query. */
  default boolean isLiteral() {
    return this instanceof Number;
  }

  /**
   * The value in whole milliseconds (truncated as Prometheus does).
   *
   * @param allowNonPositive true for offsets; ranges and steps must be greater than 0
   * @throws PromQLException (bad data) {@code duration must be greater than 0}, {@code division by
   *     zero}, {@code modulo by zero} or {@code duration is out of range}
   */
  default long millis(long stepMs, long rangeMs, boolean allowNonPositive) {
    double s = seconds(stepMs, rangeMs);
    if (s <= 0 && !allowNonPositive) {
      throw PromQLException.parse("duration must be greater than 0");
    }
    double ms = s * 1000;
    if (Double.isNaN(ms) || ms >= 9.223372036854775807E18 || ms < -9.223372036854775808E18) {
      throw PromQLException.parse("duration is out of range");
    }
    if (this instanceof Number && ((Number) this).duration()) {
      // A literal written with units is a whole number of milliseconds; undo the rounding of
      // its value in seconds (1001ms is 1.00099999... s).
      return Math.round(ms);
    }
    return (long) ms;
  }

  /** A number or duration literal; {@code duration} says how it prints ({@code 5m} or {@code 300}). */
  record Number(double value, boolean duration, PosRange posRange) implements DurationExpr {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return value;
    }

    @Override
    public String toString() {
      return duration ? Printing.durationSeconds(value) : Printing.number(value);
    }
  }

  /** Unary {@code -} or {@code +}. */
  record Unary(UnaryOp op, DurationExpr expr, PosRange posRange) implements DurationExpr {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      double v = expr.seconds(stepMs, rangeMs);
      return op == UnaryOp.MINUS ? -v : v;
    }

    @Override
    public String toString() {
      return op == UnaryOp.MINUS ? "-" + expr : expr.toString();
    }
  }

  /** Arithmetic: {@code + - * / % ^} only. */
  record Binary(BinaryOp op, DurationExpr lhs, DurationExpr rhs, PosRange posRange) implements DurationExpr {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      double l = lhs.seconds(stepMs, rangeMs);
      double r = rhs.seconds(stepMs, rangeMs);
      switch (op) {
        case ADD: return l + r;
        case SUB: return l - r;
        case MUL: return l * r;
        case DIV:
          if (r == 0) {
            throw PromQLException.parse("division by zero");
          }
          return l / r;
        case MOD:
          if (r == 0) {
            throw PromQLException.parse("modulo by zero");
          }
          return l % r;
        case POW: return Math.pow(l, r);
        default: throw new IllegalStateException("unexpected duration expression operator " + op);
      }
    }

    @Override
    public String toString() {
      return lhs + " " + op.symbol + " " + rhs;
    }
  }

  /** A parenthesised duration expression. */
  record Paren(DurationExpr expr, PosRange posRange) implements DurationExpr {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return expr.seconds(stepMs, rangeMs);
    }

    @Override
    public String toString() {
      return "(" + expr + ")";
    }
  }

  /** {@code step()}: the query step (0 for instant queries). */
  record Step(PosRange posRange) implements DurationExpr {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return stepMs / 1000.0;
    }

    @Override
    public String toString() {
      return "step()";
    }
  }

  /** {@code range()}: the query's {@code end - start} (0 for instant queries). */
  record Range(PosRange posRange) implements DurationExpr {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      return rangeMs / 1000.0;
    }

    @Override
    public String toString() {
      return "range()";
    }
  }

  /** {@code min_of(a, b)} or ({@code max} true) {@code max_of(a, b)}. */
  record MinMax(boolean max, DurationExpr lhs, DurationExpr rhs, PosRange posRange) implements DurationExpr {
    @Override
    public double seconds(long stepMs, long rangeMs) {
      double l = lhs.seconds(stepMs, rangeMs);
      double r = rhs.seconds(stepMs, rangeMs);
      return max ? Math.max(l, r) : Math.min(l, r);
    }

    @Override
    public String toString() {
      return (max ? "max_of(" : "min_of(") + lhs + ", " + rhs + ")";
    }
  }
}

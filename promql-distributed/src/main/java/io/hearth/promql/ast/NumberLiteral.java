package io.hearth.promql.ast;

/**
 * A number. {@code duration} is true when the literal was written as a duration ({@code 5m}); its
 * value is then in seconds and it prints as a duration.
 */
public record NumberLiteral(double value, boolean duration, PosRange posRange) implements Expr {
  public NumberLiteral(double value, PosRange posRange) {
    this(value, false, posRange);
  }

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public String toString() {
    if (duration) {
      return Printing.durationSeconds(value);
    }
    return Printing.number(value);
  }
}

package io.hearth.promql.ast;

/** A string literal; {@code value} is unescaped. Prints double-quoted with Go escaping. */
public record StringLiteral(String value, PosRange posRange) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public String toString() {
    return Printing.quote(value);
  }
}

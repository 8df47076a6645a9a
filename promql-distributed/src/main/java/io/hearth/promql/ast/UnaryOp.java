package io.hearth.promql.ast;

/** The unary operators. */
public enum UnaryOp {
  PLUS("+"),
  MINUS("-");

  public final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  @Override
  public String toString() {
    return symbol;
  }
}

package io.hearth.promql.ast;

/** A unary {@code -} or {@code +} applied to a scalar or an instant vector. */
public record UnaryExpr(UnaryOp op, Expr expr, PosRange posRange) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return op.symbol + expr;
  }
}

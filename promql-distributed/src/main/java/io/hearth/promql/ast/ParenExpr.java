package io.hearth.promql.ast;

/** An expression in parentheses, kept so printing and precedence are preserved. */
public record ParenExpr(Expr expr, PosRange posRange) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return "(" + expr + ")";
  }
}

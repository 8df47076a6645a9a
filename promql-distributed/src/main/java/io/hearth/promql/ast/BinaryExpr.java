package io.hearth.promql.ast;

/**
 * A binary operation.
 *
 * @param matching how series are matched; non-null exactly when both operands are instant vectors
 * @param returnBool whether a comparison returns 0/1 ({@code bool}) instead of filtering
 */
public record BinaryExpr(
    BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, PosRange posRange)
    implements Expr {
  @Override
  public ValueType type() {
    if (lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
      return ValueType.SCALAR;
    }
    return ValueType.VECTOR;
  }

  /** The operator with its modifiers, e.g. {@code "> bool on (a)"}. */
  public String operatorString() {
    return op.symbol + (returnBool ? " bool" : "") + (matching == null ? "" : matching.modifierString());
  }

  @Override
  public String toString() {
    return lhs + " " + operatorString() + " " + rhs;
  }
}

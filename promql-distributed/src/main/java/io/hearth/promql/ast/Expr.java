package io.hearth.promql.ast;

/**
 * A PromQL expression node. Nodes are immutable and thread-safe; equality is structural
 * (including positions).
 *
 * <p>{@link #toString()} prints the expression as Prometheus's {@code String()} does, so that
 * parsing the printed text yields an equivalent tree.
 */
public sealed interface Expr
    permits AggregateExpr, BinaryExpr, Call, MatrixSelector, NumberLiteral, ParenExpr,
        StringLiteral, SubqueryExpr, UnaryExpr, VectorSelector {
  /** The static type of the value this expression evaluates to. */
  ValueType type();

  /** Where this expression appears in the query text. */
  PosRange posRange();

  /** Unwraps any number of enclosing parentheses. */
  static Expr unwrapParens(Expr e) {
    while (e instanceof ParenExpr) {
      e = ((ParenExpr) e).expr();
    }
    return e;
  }
}

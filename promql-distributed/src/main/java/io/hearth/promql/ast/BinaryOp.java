package io.hearth.promql.ast;

/**
 * The binary operators with Prometheus's precedence (higher binds tighter) and associativity: only
 * {@code ^} is right-associative.
 */
public enum BinaryOp {
  OR("or", 1),
  AND("and", 2),
  UNLESS("unless", 2),
  EQL("==", 3),
  NEQ("!=", 3),
  GTR(">", 3),
  LSS("<", 3),
  GTE(">=", 3),
  LTE("<=", 3),
  ADD("+", 4),
  SUB("-", 4),
  MUL("*", 5),
  DIV("/", 5),
  MOD("%", 5),
  ATAN2("atan2", 5),
  /** {@code </}: trims a native histogram's observations above the right-hand value. */
  TRIM_UPPER("</", 5),
  /** {@code >/}: trims a native histogram's observations below the right-hand value. */
  TRIM_LOWER(">/", 5),
  POW("^", 6);

  public final String symbol;
  public final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public boolean isRightAssociative() {
    return this == POW;
  }

  /** {@code == != > < >= <=}: the only operators that accept {@code bool}. */
  public boolean isComparison() {
    return precedence == 3;
  }

  /** {@code </} and {@code >/}, the native-histogram trim operators (precedence of {@code *}). */
  public boolean isTrim() {
    return this == TRIM_UPPER || this == TRIM_LOWER;
  }

  /** {@code and or unless}: only defined between instant vectors, always many-to-many. */
  public boolean isSetOperator() {
    return this == AND || this == OR || this == UNLESS;
  }

  @Override
  public String toString() {
    return symbol;
  }
}

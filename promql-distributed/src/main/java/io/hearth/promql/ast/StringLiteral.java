package io.hearth.promql.ast;

import io.hearth.sharding.api.text.GoQuote;

/**
 * A string literal; {@code value} is unescaped (bytes forming invalid UTF-8 read U+FFFD). {@code
 * quoted} is the literal as Prometheus prints it, Go's {@code strconv.Quote} of the string's bytes,
 * so that such bytes print as {@code \xNN} as written; it is what {@link #toString()} returns.
 */
public record StringLiteral(String value, PosRange posRange, String quoted) implements Expr {
  /** A literal of valid text: quoted from {@code value}. */
  public StringLiteral(String value, PosRange posRange) {
    this(value, posRange, GoQuote.quote(value));
  }

  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public String toString() {
    return quoted;
  }
}

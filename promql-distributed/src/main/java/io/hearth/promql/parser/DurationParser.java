package io.hearth.promql.parser;

import io.hearth.promql.ast.BinaryOp;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.UnaryOp;
import io.hearth.sharding.api.text.PromDuration;

/**
 * Parses durations: the arithmetic allowed inside brackets ({@code [26m+4m:step()]}) and the
 * operand of {@code offset} (a signed literal, a parenthesised expression, {@code step()}, {@code
 * range()}, {@code min_of(a, b)} or {@code max_of(a, b)}; operators after it belong to the
 * enclosing expression, so {@code x offset 1m + 2} is {@code (x offset 1m) + 2}).
 */
final class DurationParser {
  private final Cursor c;
  private final String context;
  private final String expected;

  DurationParser(Cursor c, String context, String expected) {
    this.c = c;
    this.context = context;
    this.expected = expected;
  }

  /** A full duration expression (inside brackets or parentheses). */
  DurationExpr expr() {
    return binary(0);
  }

  /** The operand of {@code offset}: an optionally signed primary. */
  DurationExpr offsetOperand() {
    Token t = c.peek();
    if (t.is(TokenType.ADD) || t.is(TokenType.SUB)) {
      c.next();
      return sign(t, primary());
    }
    return primary();
  }

  private DurationExpr binary(int minPrec) {
    DurationExpr lhs = unary();
    while (true) {
      BinaryOp op = operator(c.peek().type());
      if (op == null || op.precedence < minPrec) {
        return lhs;
      }
      c.next();
      DurationExpr rhs = binary(op.isRightAssociative() ? op.precedence : op.precedence + 1);
      lhs = new DurationExpr.Binary(op, lhs, rhs, PosRange.span(lhs.posRange(), rhs.posRange()));
    }
  }

  private DurationExpr unary() {
    Token t = c.peek();
    if (t.is(TokenType.ADD) || t.is(TokenType.SUB)) {
      c.next();
      return sign(t, binary(BinaryOp.POW.precedence));
    }
    return primary();
  }

  private DurationExpr sign(Token op, DurationExpr e) {
    int end = e.posRange().end();
    if (e instanceof DurationExpr.Number) {
      DurationExpr.Number n = (DurationExpr.Number) e;
      double v = op.is(TokenType.SUB) ? -n.value() : n.value();
      if (v > 9.223372036854775807E9 || v < -9.223372036854775808E9) {
        throw c.fail(op.pos(), "duration out of range");
      }
      return new DurationExpr.Number(v, n.duration(), new PosRange(op.pos(), end));
    }
    if (op.is(TokenType.SUB)) {
      return new DurationExpr.Unary(UnaryOp.MINUS, e, new PosRange(op.pos(), end));
    }
    return e;
  }

  private DurationExpr primary() {
    Token t = c.peek();
    switch (t.type()) {
      case NUMBER: {
        c.next();
        return new DurationExpr.Number(number(t), false, range(t));
      }
      case DURATION: {
        c.next();
        return new DurationExpr.Number(durationSeconds(c, t), true, range(t));
      }
      case LEFT_PAREN: {
        c.next();
        DurationExpr inner = expr();
        Token close = c.expect(TokenType.RIGHT_PAREN);
        return new DurationExpr.Paren(inner, new PosRange(t.pos(), close.end()));
      }
      case STEP:
      case RANGE: {
        c.next();
        c.expect(TokenType.LEFT_PAREN);
        Token close = c.expect(TokenType.RIGHT_PAREN);
        PosRange p = new PosRange(t.pos(), close.end());
        return t.is(TokenType.STEP) ? new DurationExpr.Step(p) : new DurationExpr.Range(p);
      }
      case IDENTIFIER:
      case AGGREGATOR: {
        String w = t.text().toLowerCase(java.util.Locale.ROOT);
        boolean min = w.equals("min_of") || w.equals("min");
        boolean max = w.equals("max_of") || w.equals("max");
        if ((min || max) && c.peekAhead(1).is(TokenType.LEFT_PAREN)) {
          c.next();
          c.next();
          DurationExpr a = expr();
          c.expect(TokenType.COMMA);
          DurationExpr b = expr();
          Token close = c.expect(TokenType.RIGHT_PAREN);
          return new DurationExpr.MinMax(max, a, b, new PosRange(t.pos(), close.end()));
        }
        throw c.unexpected(context, expected);
      }
      default:
        throw c.unexpected(context, expected);
    }
  }

  private double number(Token t) {
    try {
      return Numbers.parse(t.text());
    } catch (IllegalArgumentException e) {
      c.record(t.pos(), "error parsing number: " + e.getMessage());
      return 0;
    }
  }

  /** A duration token's value in seconds; records Prometheus's error for a malformed one. */
  static double durationSeconds(Cursor c, Token t) {
    try {
      return PromDuration.parseMillis(t.text()) / 1000.0;
    } catch (IllegalArgumentException e) {
      c.record(t.pos(), e.getMessage());
      return 0;
    }
  }

  private static PosRange range(Token t) {
    return new PosRange(t.pos(), t.end());
  }

  private static BinaryOp operator(TokenType t) {
    switch (t) {
      case ADD: return BinaryOp.ADD;
      case SUB: return BinaryOp.SUB;
      case MUL: return BinaryOp.MUL;
      case DIV: return BinaryOp.DIV;
      case MOD: return BinaryOp.MOD;
      case POW: return BinaryOp.POW;
      default: return null;
    }
  }
}

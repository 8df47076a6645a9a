package io.hearth.promql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * The parser's position in the token list and its error bookkeeping. Like Prometheus's yacc
 * parser it records semantic errors found while parsing and keeps going; a syntax error (or the
 * end of parsing) then reports the first error recorded.
 */
final class Cursor {
  final String query;
  private final List<Token> tokens;
  private int i;
  private int lastClosing;
  private final List<ParseFailure> recorded = new ArrayList<>();

  Cursor(String query) {
    this.query = query;
    this.tokens = Lexer.lex(query);
  }

  /** The next token; a lexical error is reported as soon as the parser looks at it. */
  Token peek() {
    Token t = tokens.get(i);
    if (t.type() == TokenType.ERROR) {
      fail(t.pos(), t.text());
    }
    return t;
  }

  /** The token {@code k} places ahead, without reporting lexical errors. */
  Token peekAhead(int k) {
    return tokens.get(Math.min(i + k, tokens.size() - 1));
  }

  boolean at(TokenType t) {
    return peek().type() == t;
  }

  Token next() {
    Token t = peek();
    if (t.type() != TokenType.EOF) {
      i++;
    }
    switch (t.type()) {
      case RIGHT_BRACE: case RIGHT_PAREN: case RIGHT_BRACKET: case DURATION: case NUMBER:
        lastClosing = t.end();
        break;
      default:
    }
    return t;
  }

  /** The end offset of the last closing token ({@code ) ] }}, number or duration) consumed. */
  int lastClosing() {
    return lastClosing;
  }

  /** Records a semantic error and continues parsing. */
  void record(int pos, String message) {
    recorded.add(new ParseFailure(pos, message));
  }

  /** Stops parsing: reports the first recorded error, else this one. */
  RuntimeException fail(int pos, String message) {
    if (!recorded.isEmpty()) {
      throw recorded.get(0);
    }
    throw new ParseFailure(pos, message);
  }

  /** Throws the first recorded error, if any. */
  void throwRecorded() {
    if (!recorded.isEmpty()) {
      throw recorded.get(0);
    }
  }

  /** Stops with {@code unexpected <token>[ in <context>][, expected <expected>]}. */
  RuntimeException unexpected(String context, String expected) {
    Token t = peek();
    StringBuilder b = new StringBuilder("unexpected ").append(t.desc());
    if (!context.isEmpty()) {
      b.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      b.append(", expected ").append(expected);
    }
    throw fail(t.pos(), b.toString());
  }

  /** Consumes a token of type {@code t} or stops with a generic {@code unexpected} error. */
  Token expect(TokenType t) {
    if (!at(t)) {
      throw unexpected("", "");
    }
    return next();
  }
}

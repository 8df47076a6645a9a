package io.hearth.promql.parser;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.engine.PromQLException;
import io.hearth.sharding.api.Matcher;
import java.util.List;

/**
 * The PromQL parser (Prometheus 3.x grammar). Stateless and thread-safe.
 *
 * <p>Errors are thrown as {@link PromQLException} of type {@code BAD_DATA} with Prometheus's exact
 * text, {@code <line>:<col>: parse error: <message>}, e.g. {@code 1:8: parse error: unexpected end
 * of input}. Lines and columns are 1-based; columns count UTF-8 bytes, as in Prometheus.
 */
public final class Parser {
  private Parser() {}

  /** Parses and type-checks a query with every experimental feature enabled. */
  public static Expr parseExpr(String query) {
    return parseExpr(query, ParserOptions.ALL);
  }

  /** Parses and type-checks a query, accepting the experimental features {@code options} enable. */
  public static Expr parseExpr(String query, ParserOptions options) {
    Cursor c = new Cursor(query);
    try {
      ExprParser p = new ExprParser(c, options);
      Expr e = p.parseQuery();
      c.throwRecorded();
      new Checker(query, p.writtenMatching).check(e);
      return e;
    } catch (ParseFailure f) {
      throw error(query, f);
    }
  }

  /**
   * Parses a series selector such as a {@code match[]} parameter ({@code up{job="x"}}, {@code
   * {__name__=~"a.*"}}, {@code {"my.metric"}}) into its matchers, the {@code __name__} matcher last
   * when the name precedes the braces. Like Prometheus, it does not require a non-empty matcher.
   */
  public static List<Matcher> parseMetricSelector(String selector) {
    Cursor c = new Cursor(selector);
    try {
      return new ExprParser(c, ParserOptions.ALL).parseSelectorOnly().matchers();
    } catch (ParseFailure f) {
      throw error(selector, f);
    }
  }

  private static PromQLException error(String query, ParseFailure f) {
    return PromQLException.parse(Positions.lineCol(query, f.pos) + ": parse error: " + f.getMessage());
  }
}

package io.hearth.promql.parser;

/**
 * A lexical item: its type, its text as written (for {@link TokenType#ERROR} the message) and its
 * start offset in the query.
 */
record Token(TokenType type, String text, int pos) {
  int end() {
    return pos + text.length();
  }

  boolean is(TokenType t) {
    return type == t;
  }

  /** The item as Prometheus describes it after {@code unexpected}, e.g. {@code identifier "foo"}, {@code <op:+>}. */
  String desc() {
    if (type == TokenType.EOF) {
      return "end of input";
    }
    if (type.text != null || type == TokenType.AGGREGATOR) {
      return itemString();
    }
    return type.desc() + " " + itemString();
  }

  private String itemString() {
    switch (type.kind) {
      case KEYWORD: return "<" + text + ">";
      case OPERATOR: return "<op:" + text + ">";
      case AGGREGATOR: return "<aggr:" + text + ">";
      default:
    }
    if (type == TokenType.IDENTIFIER || type == TokenType.METRIC_IDENTIFIER) {
      return GoText.quote(text);
    }
    if (text.codePointCount(0, text.length()) > 10) {
      int end = text.offsetByCodePoints(0, 10);
      return GoText.quote(text.substring(0, end)) + "...";
    }
    return GoText.quote(text);
  }
}

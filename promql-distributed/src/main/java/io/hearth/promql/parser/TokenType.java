package io.hearth.promql.parser;

/** The kinds of lexical items, grouped as Prometheus groups them for error messages. */
enum TokenType {
  EOF(Kind.OTHER, null),
  ERROR(Kind.OTHER, null),
  IDENTIFIER(Kind.OTHER, null),
  METRIC_IDENTIFIER(Kind.OTHER, null),
  NUMBER(Kind.OTHER, null),
  DURATION(Kind.OTHER, null),
  STRING(Kind.OTHER, null),
  LEFT_PAREN(Kind.PUNCT, "("),
  RIGHT_PAREN(Kind.PUNCT, ")"),
  LEFT_BRACE(Kind.PUNCT, "{"),
  RIGHT_BRACE(Kind.PUNCT, "}"),
  LEFT_BRACKET(Kind.PUNCT, "["),
  RIGHT_BRACKET(Kind.PUNCT, "]"),
  COMMA(Kind.PUNCT, ","),
  EQL(Kind.PUNCT, "="),
  COLON(Kind.PUNCT, ":"),
  // Operators.
  ADD(Kind.OPERATOR, "+"),
  SUB(Kind.OPERATOR, "-"),
  MUL(Kind.OPERATOR, "*"),
  DIV(Kind.OPERATOR, "/"),
  MOD(Kind.OPERATOR, "%"),
  POW(Kind.OPERATOR, "^"),
  EQLC(Kind.OPERATOR, "=="),
  NEQ(Kind.OPERATOR, "!="),
  LSS(Kind.OPERATOR, "<"),
  LTE(Kind.OPERATOR, "<="),
  GTR(Kind.OPERATOR, ">"),
  GTE(Kind.OPERATOR, ">="),
  EQL_REGEX(Kind.OPERATOR, "=~"),
  NEQ_REGEX(Kind.OPERATOR, "!~"),
  LAND(Kind.OPERATOR, "and"),
  LOR(Kind.OPERATOR, "or"),
  LUNLESS(Kind.OPERATOR, "unless"),
  ATAN2(Kind.OPERATOR, "atan2"),
  TRIM_UPPER(Kind.OPERATOR, "</"),
  TRIM_LOWER(Kind.OPERATOR, ">/"),
  AT(Kind.OPERATOR, "@"),
  /** Any aggregation operator; the word says which. */
  AGGREGATOR(Kind.AGGREGATOR, null),
  // Keywords.
  BOOL(Kind.KEYWORD, "bool"),
  BY(Kind.KEYWORD, "by"),
  GROUP_LEFT(Kind.KEYWORD, "group_left"),
  GROUP_RIGHT(Kind.KEYWORD, "group_right"),
  IGNORING(Kind.KEYWORD, "ignoring"),
  OFFSET(Kind.KEYWORD, "offset"),
  ON(Kind.KEYWORD, "on"),
  WITHOUT(Kind.KEYWORD, "without"),
  FILL(Kind.KEYWORD, "fill"),
  FILL_LEFT(Kind.KEYWORD, "fill_left"),
  FILL_RIGHT(Kind.KEYWORD, "fill_right"),
  ANCHORED(Kind.KEYWORD, "anchored"),
  SMOOTHED(Kind.KEYWORD, "smoothed"),
  // Preprocessors and duration functions.
  START(Kind.PUNCT, "start"),
  END(Kind.PUNCT, "end"),
  STEP(Kind.PUNCT, "step"),
  RANGE(Kind.PUNCT, "range");

  enum Kind {
    OTHER, PUNCT, OPERATOR, AGGREGATOR, KEYWORD
  }

  final Kind kind;
  /** The canonical text, for kinds Prometheus lists in its item-type table. */
  final String text;

  TokenType(Kind kind, String text) {
    this.kind = kind;
    this.text = text;
  }

  /** Prometheus's description of an item kind that has no canonical text. */
  String desc() {
    switch (this) {
      case ERROR: return "error";
      case EOF: return "end of input";
      case IDENTIFIER: return "identifier";
      case METRIC_IDENTIFIER: return "metric identifier";
      case STRING: return "string";
      case NUMBER: return "number";
      case DURATION: return "duration";
      default: return GoText.quote(text);
    }
  }
}

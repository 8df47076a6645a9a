package io.hearth.promql.parser;

/** An internal parse error at a character offset; {@link Parser} turns it into Prometheus's text. */
final class ParseFailure extends RuntimeException {
  final int pos;

  ParseFailure(int pos, String message) {
    super(message, null, false, false);
    this.pos = pos;
  }
}

package io.hearth.scrape.textparse;

/** The Prometheus text format 0.0.4 lexer (Prometheus's promlex.l, UTF-8 quoting included). */
final class PromLexer extends Lexer {
  @Override
  Token lex() {
    if (i >= end) return Token.EOF;
    start = i;
    while (true) {
      int c = cur();
      if ((c == ' ' || c == '\t') && state != S_META2) {
        blanks();
        return Token.WHITESPACE;
      }
      switch (state) {
        case S_INIT:
          if (c == 0) return Token.EOF;
          if (c == '\n') {
            next();
            state = S_INIT;
            return Token.LINEBREAK;
          }
          if (c == '#') {
            int d = next();
            if (d == ' ' || d == '\t') {
              blanks();
              state = S_COMMENT;
              continue; // no token yet: lex the comment body
            }
            return consumeComment();
          }
          if (isM(c)) {
            metricNameRest();
            state = S_VALUE;
            return Token.MNAME;
          }
          if (c == '{') {
            next();
            state = S_LABELS;
            return Token.BRACE_OPEN;
          }
          return Token.INVALID;
        case S_COMMENT: {
          int at = i;
          if (c == 'H' && word("HELP") && isBlank(cur())) {
            blanks();
            state = S_META1;
            return Token.HELP;
          }
          if (i == at && c == 'T' && word("TYPE") && isBlank(cur())) {
            blanks();
            state = S_META1;
            return Token.TYPE;
          }
          return consumeComment();
        }
        case S_META1:
          if (c == '"') {
            if (quoted(true)) {
              state = S_META2;
              return Token.MNAME;
            }
            return Token.INVALID;
          }
          if (isM(c)) {
            metricNameRest();
            state = S_META2;
            return Token.MNAME;
          }
          return Token.INVALID;
        case S_META2: {
          // {C}* versus [ \t]+: the longest wins, whitespace on a tie (it is listed first)
          int from = i;
          int k = from;
          while (k < end && (at(k) == ' ' || at(k) == '\t')) k++;
          int blanksLen = k - from;
          restOfLine();
          int textLen = i - from;
          if (blanksLen > 0 && blanksLen >= textLen) {
            i = from + blanksLen;
            return Token.WHITESPACE;
          }
          state = S_INIT;
          return Token.TEXT;
        }
        case S_LABELS:
          if (isL(c)) {
            labelNameRest();
            return Token.LNAME;
          }
          if (c == '"') return quoted(true) ? Token.QSTRING : Token.INVALID;
          if (c == '}') {
            next();
            state = S_VALUE;
            return Token.BRACE_CLOSE;
          }
          if (c == '=') {
            next();
            state = S_LVALUE;
            return Token.EQUAL;
          }
          if (c == ',') {
            next();
            return Token.COMMA;
          }
          return Token.INVALID;
        case S_LVALUE:
          if (c == '"') {
            if (quoted(true)) {
              state = S_LABELS;
              return Token.LVALUE;
            }
          }
          return Token.INVALID;
        case S_VALUE:
          if (c == '{') {
            next();
            state = S_LABELS;
            return Token.BRACE_OPEN;
          }
          if (c != 0 && c != '{' && c != ' ' && c != '\t' && c != '\n') {
            int d = next();
            while (d != 0 && d != '{' && d != ' ' && d != '\t' && d != '\n') d = next();
            state = S_TIMESTAMP;
            return Token.VALUE;
          }
          return Token.INVALID;
        case S_TIMESTAMP:
          if (isD(c)) {
            int d = next();
            while (isD(d)) d = next();
            return Token.TIMESTAMP;
          }
          if (c == '\n') {
            next();
            state = S_INIT;
            return Token.LINEBREAK;
          }
          return Token.INVALID;
        default:
          return Token.INVALID;
      }
    }
  }

  private static boolean isBlank(int c) {
    return c == ' ' || c == '\t';
  }

  /** Swallows the rest of a comment line; the token ends before the newline. */
  private Token consumeComment() {
    int c = cur();
    while (true) {
      if (c == 0) return Token.EOF;
      if (c == '\n') {
        state = S_INIT;
        return Token.COMMENT;
      }
      c = next();
    }
  }
}
